import { describe, expect, it, vi } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import type { CallEvent } from '../../runtime/events';
import { run } from '../store/actions';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import { reduceRun, type RunMachineEvent } from '../store/run-machine';
import { appStore, live, newLiveRun } from '../store/state';
import { acceptGrant, grantOffer, holds } from './grant';
import { historyStore } from './history';

// The page's actions reach the run worker: stand-ins that only touch the store.
vi.mock('../store/actions', async () => {
  const { appStore: store } = await import('../store/state');
  const { parseManifest: parse } = await import('../../manifest/parse');
  return {
    run: vi.fn(),
    notify: (kind: 'info' | 'error', text: string) => store.set({ notice: { kind, text, id: 1 } }),
    setManifestText: (text: string) => store.set({ manifestText: text, parsed: parse(text) }),
  };
});

const MANIFEST = `{
  // one mount
  "mounts": [{ "guest": "/data", "access": "read-only" }]
}`;

const deniedWrite: CallEvent = {
  seq: 1,
  t: 1,
  interface: 'wasi:filesystem/types',
  function: '[method]descriptor.open-at',
  args: ['descriptor(/data)', 'symlink-follow', '"note.txt"', 'create|truncate', 'write'],
  verdict: 'denied',
  rule: 'mounts[0] read-only',
  result: 'err(read-only)',
  reason: '/data/note.txt is read-only',
  facts: { path: '/data/note.txt', mount: 0, mutates: true },
};

/**
 * Plays the page's store through one run with the run machine's events, as `run()` and
 * `finishRun()` send them: a warm run (component prepared) goes straight to running, a cold
 * one waits in preparing first.
 */
function playRun(seq: number, events: CallEvent[], exitCode: number, warm = true): void {
  const dispatch = (event: RunMachineEvent) =>
    appStore.set((s) => ({ run: reduceRun(s.run, event) }));
  const prepared = { transpileMs: 1, source: 'prebuilt' } as PreparedComponent;
  live.current = newLiveRun();
  const pressed = { type: 'pressed', seq, at: 0, interactive: false, invoked: null } as const;
  if (warm) dispatch({ ...pressed, prepared });
  else {
    dispatch({ ...pressed, prepared: null });
    dispatch({ type: 'prepared', seq, prepared });
  }
  live.current.events.push(...events);
  live.current.output.append('stdout', `run ${seq}\n`);
  dispatch({
    type: 'ended',
    seq,
    end: { runId: seq, status: 'exited', exitCode, files: [] },
    challenge: null,
  });
}

describe('run history', () => {
  it('keeps the manifest each run started with and the previous finished run', () => {
    appStore.set({
      manifestText: MANIFEST,
      parsed: parseManifest(MANIFEST),
      component: {
        ref: { kind: 'sample', id: 'write-file' },
        name: 'write-file.wasm',
        status: 'ready',
      },
    });
    playRun(1, [deniedWrite], 1);
    const first = historyStore.get().latest!;
    expect(first.manifestText).toBe(MANIFEST);
    expect(first.record).toMatchObject({ exitCode: 1, status: 'exited', stdout: 'run 1\n' });
    expect(historyStore.get().previous).toBeNull();

    // A run that waited for its component (preparing first) is tracked the same way.
    playRun(2, [], 0, false);
    expect(historyStore.get().previous).toBe(first);
    expect(historyStore.get().latest!.record!.exitCode).toBe(0);
  });

  it('offers the narrowest grant against the run manifest, and applies it to the text', () => {
    appStore.set({ manifestText: MANIFEST, parsed: parseManifest(MANIFEST) });
    playRun(3, [deniedWrite], 1);
    const tracked = historyStore.get().latest!;
    const offer = grantOffer(deniedWrite, tracked, appStore.get());
    expect(offer?.kind).toBe('change');
    if (offer?.kind !== 'change') return;
    expect(offer.change.description).toContain('read-only → read-write');

    // Comments or layout changed only: still the same manifest.
    const reformatted = `{"mounts":[{"guest":"/data","access":"read-only"}]}`;
    expect(
      grantOffer(deniedWrite, tracked, {
        manifestText: reformatted,
        parsed: parseManifest(reformatted),
      })?.kind,
    ).toBe('change');
    // Another manifest: the change may not fit it any more.
    const other = '{ "mounts": [] }';
    expect(
      grantOffer(deniedWrite, tracked, { manifestText: other, parsed: parseManifest(other) })?.kind,
    ).toBe('stale');

    acceptGrant(offer.change);
    expect(appStore.get().manifestText).toContain('"access": "read-write"');
    expect(appStore.get().manifestText).toContain('// one mount');
    expect(appStore.get().notice?.text).toContain('Granted');
    expect(vi.mocked(run)).toHaveBeenCalledOnce();
  });

  it('a granted row has no offer; an unknown run has none either', () => {
    expect(
      grantOffer({ ...deniedWrite, verdict: 'granted' }, historyStore.get().latest, appStore.get()),
    ).toBeNull();
    expect(grantOffer(deniedWrite, null, appStore.get())).toBeNull();
  });

  it('starts a new history for another component', () => {
    appStore.set({
      component: { ref: { kind: 'sample', id: 'hello' }, name: 'hello.wasm', status: 'ready' },
    });
    expect(historyStore.get()).toEqual({ latest: null, previous: null });
  });
});

describe('holds', () => {
  it('finds an event by seq, also after granted calls were dropped from the log', () => {
    const ev = (seq: number): CallEvent => ({ ...deniedWrite, seq });
    const events = [ev(1), ev(2), ev(3), ev(7), ev(9), ev(12)];
    for (const e of events) expect(holds(events, e)).toBe(true);
    expect(holds(events, ev(7))).toBe(false);
    expect(holds(events, ev(8))).toBe(false);
    expect(holds([], ev(1))).toBe(false);
  });
});
