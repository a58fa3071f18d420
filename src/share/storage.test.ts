import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAutosaver,
  createMemoryKeyValue,
  loadWorkspace,
  migrate,
  resetWorkspace,
  saveWorkspace,
  WORKSPACE_BACKUP_KEY,
  WORKSPACE_KEY,
  WorkspaceError,
  workspaceToSandbox,
  type KeyValue,
  type WorkspaceDraft,
} from './storage';

const SHA = 'ab'.repeat(32);
const BYTES = new Uint8Array([0, 97, 115, 109]);

const DRAFT: WorkspaceDraft = {
  manifestText: '// mine\n{ "args": ["a"] }\n',
  component: { kind: 'upload', sha256: SHA, name: 'app.wasm', size: 4 },
  files: { '/data/in.txt': 'hello' },
  uploadedComponents: { [SHA]: { name: 'app.wasm', size: 4, bytes: BYTES } },
  lessonId: 'read-file',
};

/** What the first autosave (v0) stored. */
const V0 = {
  manifest: '// old\n{}\n',
  component: { kind: 'sample', id: 'hello' },
  files: { '/data/x.txt': 'x' },
  uploads: [{ sha256: SHA, name: 'app.wasm', size: 4, bytes: BYTES.buffer.slice(0) }],
  lesson: 'hello',
  savedAt: '2024-05-01T12:00:00.000Z',
};

describe('migrate', () => {
  it('v0 → v1: renamed fields, uploads list → map, ISO date → ms, ArrayBuffer → Uint8Array', () => {
    const ws = migrate(V0);
    expect(ws).toEqual({
      version: 1,
      manifestText: '// old\n{}\n',
      component: { kind: 'sample', id: 'hello' },
      files: { '/data/x.txt': 'x' },
      uploadedComponents: { [SHA]: { name: 'app.wasm', size: 4, bytes: BYTES } },
      lessonId: 'hello',
      savedAt: Date.parse('2024-05-01T12:00:00.000Z'),
    });
    expect(ws.uploadedComponents[SHA]?.bytes).toBeInstanceOf(Uint8Array);
  });

  it('v0 with only a manifest', () => {
    expect(migrate({ manifest: '{}' })).toEqual({
      version: 1,
      manifestText: '{}',
      component: null,
      files: {},
      uploadedComponents: {},
      lessonId: null,
      savedAt: 0,
    });
  });

  it('v1 passes through; broken upload entries are dropped, not fatal', () => {
    const ws = migrate({
      version: 1,
      ...DRAFT,
      uploadedComponents: {
        [SHA]: { name: 'app.wasm', size: 4, bytes: BYTES },
        ['cd'.repeat(32)]: { name: 'short.wasm', size: 99, bytes: BYTES },
        'not-a-hash': { name: 'x.wasm', size: 4, bytes: BYTES },
      },
      savedAt: 5,
    });
    expect(Object.keys(ws.uploadedComponents)).toEqual([SHA]);
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => migrate(null)).toThrow(WorkspaceError);
    expect(() => migrate('text')).toThrow(/not an object/);
    expect(() => migrate({})).toThrow(/no version/);
    expect(() => migrate({ version: 2 })).toThrow(/version 2, written by a newer Airlock/);
    expect(() => migrate({ version: 1, manifestText: 3 })).toThrow(
      /saved workspace is not valid: manifestText/,
    );
    expect(() => migrate({ manifest: 42 })).toThrow(/v0/);
  });
});

describe('load, save, reset', () => {
  it('save then load gives the draft back', async () => {
    const store = createMemoryKeyValue();
    const saved = await saveWorkspace(store, DRAFT, 1234);
    expect(saved).toEqual({ version: 1, ...DRAFT, savedAt: 1234 });
    expect(await loadWorkspace(store)).toEqual({ status: 'loaded', workspace: saved });
  });

  it('empty store', async () => {
    expect(await loadWorkspace(createMemoryKeyValue())).toEqual({ status: 'empty' });
  });

  it('an old record is migrated and written back', async () => {
    const store = createMemoryKeyValue([[WORKSPACE_KEY, V0]]);
    const r = await loadWorkspace(store);
    expect(r).toMatchObject({
      status: 'loaded',
      migratedFrom: 0,
      workspace: { manifestText: '// old\n{}\n' },
    });
    expect(store.data.get(WORKSPACE_KEY)).toMatchObject({
      version: 1,
      manifestText: '// old\n{}\n',
    });
  });

  it('an unreadable record is backed up and reported', async () => {
    const store = createMemoryKeyValue([[WORKSPACE_KEY, { version: 9, stuff: true }]]);
    const r = await loadWorkspace(store);
    expect(r).toEqual({
      status: 'unreadable',
      reason:
        'The saved workspace is version 9, written by a newer Airlock (this one reads up to 1).',
    });
    expect(store.data.get(WORKSPACE_BACKUP_KEY)).toEqual({ version: 9, stuff: true });
  });

  it('a failing store is reported, not thrown', async () => {
    const broken: KeyValue = {
      get: () => Promise.reject(new Error('QuotaExceededError')),
      set: () => Promise.reject(new Error('nope')),
      del: () => Promise.resolve(),
    };
    expect(await loadWorkspace(broken)).toEqual({
      status: 'unreadable',
      reason: 'The saved workspace could not be read (QuotaExceededError).',
    });
  });

  it('reset forgets the workspace', async () => {
    const store = createMemoryKeyValue();
    await saveWorkspace(store, DRAFT);
    await resetWorkspace(store);
    expect(await loadWorkspace(store)).toEqual({ status: 'empty' });
  });

  it('workspaceToSandbox', () => {
    expect(workspaceToSandbox(DRAFT)).toEqual({
      manifestText: DRAFT.manifestText,
      component: DRAFT.component,
      files: DRAFT.files,
      lesson: 'read-file',
    });
    expect(workspaceToSandbox({ ...DRAFT, component: null })).toBeNull();
    expect(workspaceToSandbox({ ...DRAFT, files: {}, lessonId: null })).toEqual({
      manifestText: DRAFT.manifestText,
      component: DRAFT.component,
    });
  });
});

describe('autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const edit = (n: number): WorkspaceDraft => ({ ...DRAFT, manifestText: `{ "args": ["${n}"] }` });

  function spyStore() {
    const store = createMemoryKeyValue();
    const writes: { at: number; text: string }[] = [];
    const set = store.set;
    store.set = async (key, value) => {
      writes.push({ at: Date.now(), text: (value as { manifestText: string }).manifestText });
      await set(key, value);
    };
    return { store, writes };
  }

  it('saves once, 500 ms after the last change', async () => {
    const { store, writes } = spyStore();
    const saver = createAutosaver(store, { delayMs: 500 });
    saver.schedule(edit(1));
    await vi.advanceTimersByTimeAsync(200);
    saver.schedule(edit(2));
    expect(saver.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(499);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([{ at: 700, text: '{ "args": ["2"] }' }]);
    expect(saver.pending).toBe(false);
    expect(store.data.get(WORKSPACE_KEY)).toMatchObject({ savedAt: 700 });
  });

  it('while typing goes on, every change is stored within a second', async () => {
    const { store, writes } = spyStore();
    const saver = createAutosaver(store, { delayMs: 500 });
    for (let i = 0; i < 30; i++) {
      saver.schedule(edit(i)); // a keystroke every 100 ms for 3 s
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes.map((w) => w.at)).toEqual([1000, 2000, 3000]);
    expect(writes.at(-1)?.text).toBe('{ "args": ["29"] }');
  });

  it('flush saves now; cancel drops the pending draft', async () => {
    const { store, writes } = spyStore();
    const saver = createAutosaver(store);
    saver.schedule(edit(1));
    await saver.flush();
    expect(writes.map((w) => w.text)).toEqual(['{ "args": ["1"] }']);
    saver.schedule(edit(2));
    saver.cancel();
    await vi.advanceTimersByTimeAsync(2000);
    expect(writes).toHaveLength(1);
    await saver.flush(); // nothing pending: no write
    expect(writes).toHaveLength(1);
  });

  it('saves never overlap and happen in order; errors go to onError', async () => {
    const store = createMemoryKeyValue();
    const order: string[] = [];
    let inFlight = 0;
    let calls = 0;
    store.set = async (_key, value) => {
      calls++;
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      inFlight--;
      if (calls === 1) throw new Error('disk full');
      order.push((value as { manifestText: string }).manifestText);
    };
    const errors: unknown[] = [];
    const saved: number[] = [];
    const saver = createAutosaver(store, {
      onError: (e) => errors.push(e),
      onSaved: (w) => saved.push(w.savedAt),
    });
    saver.schedule(edit(1));
    const first = saver.flush();
    saver.schedule(edit(2));
    const second = saver.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([first, second]);
    expect(errors).toHaveLength(1);
    expect(order).toEqual(['{ "args": ["2"] }']);
    expect(saved).toHaveLength(1);
  });
});
