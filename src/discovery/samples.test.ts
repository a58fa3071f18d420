/**
 * The done criterion, for every sample: record it under its starting manifest with everything
 * granted, propose the least-privilege manifest, run it again under the proposal (the manifest
 * TEXT with the changes applied, comments and all), and check that the program does the same
 * thing while the proposal grants nothing the trace did not use.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeGuestPath } from '../manifest/guest-path';
import { parseOriginPattern } from '../manifest/http-origin';
import { parseManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/schema';
import type { CallEvent } from '../runtime/events';
import { runFile, runFileInThread } from '../runtime/node/test-helpers';
import { hasJspi } from '../runtime/transpile/options';
import { applyChanges, type Change } from './changes';
import { compareRuns } from './compare';
import { isDeterministic } from './determinism';
import { callKey, traceFingerprint } from './fingerprint';
import { observe, proposeManifest } from './propose';
import { recordingManifest } from './record';
import { FS_PREOPENS, isPreopenBookkeeping } from './trace-facts';

/** Samples whose run never ends by itself: recorded with a short timeout, in a thread. */
const RUNAWAY = new Set(['runaway']);

/** Granted outgoing HTTP needs JSPI, which Node 20 lacks (the request traps there). */
const NEEDS_JSPI = new Set(['http']);

const ids = readdirSync('samples', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`samples/${d.name}/sample.json`))
  .map((d) => d.name)
  .sort();

/** Every sample under its starting manifest, and under each variant its lesson shows. */
const cases: [string, string][] = ids.flatMap((id) => {
  const meta = JSON.parse(readFileSync(`samples/${id}/sample.json`, 'utf8')) as {
    variants?: { manifest: string }[];
  };
  const variants = RUNAWAY.has(id) ? [] : (meta.variants ?? []).map((v) => v.manifest);
  return ['manifest.jsonc', ...variants].map((file): [string, string] => [id, file]);
});

function parsed(text: string) {
  const r = parseManifest(text);
  if (!r.ok)
    throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; '));
  return r;
}

/**
 * The calls a run was granted, as comparable keys, leaving out what depends on the manifest's
 * shape rather than on the program: the preopen list and the adapter's start-up checks of mounts
 * the proposal removed.
 */
function grantedCalls(
  events: readonly CallEvent[],
  removedRoots: ReadonlySet<string>,
  mask: boolean,
): string[] {
  return events
    .filter((e) => e.verdict === 'granted')
    .filter((e) => !(removedRoots.size > 0 && e.interface === FS_PREOPENS))
    .filter((e) => !isPreopenBookkeeping(e, removedRoots))
    .map((e) => callKey(e, { maskVolatile: mask }));
}

/** Everything the proposal grants, checked against what the runs used. */
function expectNothingUnused(proposal: Manifest, ...traces: CallEvent[][]): void {
  for (const trace of traces) {
    const seen = observe(proposal, trace);
    (proposal.mounts ?? []).forEach((mount, i) => {
      expect(seen.mounts[i]!.touched, `mount ${mount.guest} is used`).toBe(true);
      if (mount.access === 'read-write')
        expect(
          seen.mounts[i]!.changes.length,
          `read-write mount ${mount.guest} is written`,
        ).toBeGreaterThan(0);
    });
    for (const source of proposal.http?.allow ?? []) {
      const r = parseOriginPattern(source);
      expect(r.ok && !r.pattern.wildcard, `${source} is an exact origin`).toBe(true);
      expect(
        seen.origins.map((o) => o.origin),
        `${source} was contacted`,
      ).toContain(source);
    }
    for (const key of Object.keys(proposal.http?.mock ?? {})) expect(seen.mocks).toContain(key);
    if (proposal.clocks?.wall && proposal.clocks.wall !== 'deny') expect(seen.wall).toBe(true);
    if (proposal.clocks?.monotonic === 'real') expect(seen.monotonic).toBe(true);
    if (proposal.random !== undefined && proposal.random !== 'deny') expect(seen.random).toBe(true);
    if (proposal.env && Object.keys(proposal.env).length) expect(seen.env).toBe(true);
    expect(proposal.sockets ?? 'deny').toBe('deny');
  }
}

describe.each(cases)('least privilege for sample %s (%s)', (id, file) => {
  const wasm = `samples/${id}/${id}.wasm`;
  const skip = NEEDS_JSPI.has(id) && !hasJspi();
  // The http sample's mocked request is granted; without JSPI (Node 20) a granted request traps,
  // so its round trip runs only where JSPI exists (its recording is checked below regardless).
  it.skipIf(skip)('record → propose → replay: same behaviour, nothing unused granted', async () => {
    let text = readFileSync(`samples/${id}/${file}`, 'utf8');
    if (RUNAWAY.has(id)) {
      // Counts forever: keep the test short with a small timeout (for both runs).
      const shorten: Change = {
        id: 'timeout',
        path: ['limits', 'timeoutMs'],
        op: 'set',
        value: 300,
        kind: 'narrow',
        description: '',
      };
      text = applyChanges(text, [shorten]);
    }
    const current = parsed(text).manifest;
    const run = (m: Manifest | string) =>
      RUNAWAY.has(id)
        ? runFileInThread(wasm, typeof m === 'string' ? parsed(m).manifest : m)
        : runFile(wasm, typeof m === 'string' ? m : JSON.stringify(m));

    const record = await run(recordingManifest(current));
    const proposal = proposeManifest(current, record.events);
    const proposedText = applyChanges(text, proposal.changes);
    const proposedParse = parsed(proposedText);
    expect(proposedParse.manifest, 'the edited text says what the proposal says').toEqual(
      proposal.manifest,
    );
    const replay = await run(proposedText);

    const context = `changes: ${proposal.changes.map((c) => c.description).join(' | ')}\nrecord: ${record.status} ${record.reason ?? ''}\n${record.stdout.slice(0, 600)}\nreplay: ${replay.status} ${replay.reason ?? ''}\n${replay.stdout.slice(0, 600)}`;
    expect(replay.status, context).toBe(record.status);
    expect(replay.exitCode, context).toBe(record.exitCode);

    const determinism = isDeterministic(proposedParse.resolved, replay.events);
    const removedRoots = new Set(
      proposal.changes
        .filter((c) => c.op === 'remove' && c.path[0] === 'mounts' && c.path.length === 2)
        .map((c) => normalizeGuestPath(current.mounts![c.path[1] as number]!.guest)),
    );
    const mask = !determinism.deterministic;
    const before = grantedCalls(record.events, removedRoots, mask);
    const after = grantedCalls(replay.events, removedRoots, mask);
    if (RUNAWAY.has(id)) {
      // Where a timeout cuts the run depends on the machine: one trace is a prefix of the other.
      const n = Math.min(before.length, after.length);
      expect(n).toBeGreaterThan(0);
      expect(after.slice(0, n), context).toEqual(before.slice(0, n));
    } else {
      expect(after, context).toEqual(before);
      if (determinism.deterministic) expect(replay.stdout, context).toBe(record.stdout);
      else
        expect(traceFingerprint(replay.events, { maskVolatile: true, ignoreRules: true })).toBe(
          traceFingerprint(record.events, { maskVolatile: true, ignoreRules: true }),
        );
      expect(replay.stderr, context).toBe(record.stderr);
    }
    // No call granted while recording is refused under the proposal.
    const side = compareRuns(record, replay, { maskVolatile: mask });
    expect(
      side.verdictChanges.filter(
        (p) => p.a.verdict === 'granted' && !(p.a.interface === FS_PREOPENS && removedRoots.size),
      ),
      context,
    ).toEqual([]);

    expectNothingUnused(proposal.manifest, record.events, replay.events);
    // Least privilege is a fixed point: proposing again from the replay changes nothing.
    expect(proposeManifest(proposal.manifest, replay.events).changes, context).toEqual([]);
  });
});

describe('recording the http sample (Node, no JSPI needed)', () => {
  it('shows every origin the guest asks for, and the proposal allows exactly those', async () => {
    const text = readFileSync('samples/http/manifest.no-http.jsonc', 'utf8');
    const current = parsed(text).manifest;
    const record = await runFile(
      'samples/http/http.wasm',
      JSON.stringify(recordingManifest(current)),
    );
    expect(record.events.filter((e) => e.function === 'handle').map((e) => e.verdict)).toEqual([
      'denied',
      'denied',
      'denied',
    ]);
    const proposal = proposeManifest(current, record.events);
    expect(proposal.manifest.http?.allow).toEqual([
      'https://api.example.com',
      'https://weather.example.org',
      'https://tracker.example.net',
    ]);
    expect(proposal.changes.map((c) => c.description)).toContain(
      'http.allow: + https://weather.example.org (the guest requested https://weather.example.org/today?city=Paris)',
    );
  });
});
