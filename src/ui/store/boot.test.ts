/**
 * The page's boot against a user who acts at once: what they choose while the autosave is still
 * being read must stand (issue 15: "an upload in the first moment can be replaced by the
 * default sample").
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let releaseSaved: (value: { workspace: null; problem: undefined }) => void = () => undefined;

vi.mock('./persist', async (importOriginal) => {
  const original = await importOriginal<typeof import('./persist')>();
  return {
    ...original,
    enableAutosave: () => undefined,
    loadSavedWorkspace: () =>
      new Promise<{ workspace: null; problem: undefined }>((resolve) => (releaseSaved = resolve)),
  };
});

// No workers here: every component fails to prepare, which is beside the point.
vi.mock('../../runtime/browser/run-client', () => ({
  RunClient: class {
    jspi = false;
    warm() {}
    prepare() {
      return Promise.resolve({ ok: false, reason: 'no run worker in this test' });
    }
  },
}));

beforeAll(() => {
  const location = new URL('https://airlock.test/');
  vi.stubGlobal('window', {
    location,
    history: {
      state: null,
      replaceState: (_: unknown, __: string, url: URL) => (location.href = url.href),
    },
  });
  vi.stubGlobal('fetch', () => Promise.reject(new Error('offline in this test')));
});
afterAll(() => vi.unstubAllGlobals());

describe('boot', () => {
  it('an upload made while the autosave is read is not replaced by the default sample', async () => {
    const { initWorkspace } = await import('./boot');
    const { openUploadedBytes } = await import('./actions');
    const { appStore } = await import('./state');

    const booting = initWorkspace({ embed: false, autorun: false, sample: null });
    await openUploadedBytes('mine.wasm', new Uint8Array([0, 97, 115, 109, 13, 0, 1, 0]));
    releaseSaved({ workspace: null, problem: undefined });
    await booting;
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(appStore.get().component?.ref).toMatchObject({ kind: 'upload', name: 'mine.wasm' });
    expect(appStore.get().component?.name).toBe('mine.wasm');
  });
});
