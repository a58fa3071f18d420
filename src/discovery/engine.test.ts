/**
 * Discovery against real runs in the Node engine: shrinking an over-privileged manifest,
 * granting from a log row, comparing two runs, and deterministic replay.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/schema';
import { runFile } from '../runtime/node/test-helpers';
import { applyChanges } from './changes';
import { compareRuns } from './compare';
import { isDeterministic } from './determinism';
import { traceFingerprint } from './fingerprint';
import { isChange, narrowestGrant } from './grant';
import { proposeManifest } from './propose';
import { recordingManifest } from './record';

function parsed(text: string) {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r;
}

const sample = (id: string) => `samples/${id}/${id}.wasm`;
const manifestText = (id: string, file = 'manifest.jsonc') =>
  readFileSync(`samples/${id}/${file}`, 'utf8');

describe('an over-privileged manifest shrinks to what the program uses', () => {
  const text = `// Far too much for a program that reads one file.
{
  "env": { "HOME": "/root" }, // never read
  "mounts": [
    {
      "guest": "/data",
      "access": "read-write",
      "files": { "secret.txt": "The password for the airlock is: swordfish\\n" }
    },
    // A scratch directory nobody uses.
    { "guest": "/tmp", "access": "read-write" }
  ],
  "clocks": { "wall": "real", "monotonic": "real" },
  "random": { "seed": 1 },
  "http": {
    "allow": ["https://*.example.org"],
    "mock": { "https://a.example.org/x": { "status": 200 } }
  }
}
`;

  it('proposes one change per grant, and the edited text runs the same', async () => {
    const current = parsed(text).manifest;
    const record = await runFile(sample('read-file'), JSON.stringify(recordingManifest(current)));
    const proposal = proposeManifest(current, record.events);
    expect(proposal.changes.map((c) => [c.id, c.kind, c.description])).toEqual([
      [
        'mounts[0].access',
        'narrow',
        'mounts[0] /data: read-write → read-only (nothing was written)',
      ],
      ['mounts[1]', 'revoke', 'mounts[1] /tmp: removed (the guest never used it)'],
      ['env', 'revoke', 'env: removed (the guest never asked for its environment)'],
      ['clocks', 'revoke', 'clocks: removed, i.e. both denied (the guest never read a clock)'],
      [
        'random',
        'revoke',
        'random: { "seed": 1 } → removed, i.e. denied (the guest never asked for random bytes)',
      ],
      ['http', 'revoke', 'http: removed (the guest sent no request)'],
    ]);
    expect(proposal.manifest).toEqual({
      mounts: [
        {
          guest: '/data',
          access: 'read-only',
          files: { 'secret.txt': 'The password for the airlock is: swordfish\n' },
        },
      ],
    });
    const edited = applyChanges(text, proposal.changes);
    expect(edited).toBe(`// Far too much for a program that reads one file.
{
  "mounts": [
    {
      "guest": "/data",
      "access": "read-only",
      "files": { "secret.txt": "The password for the airlock is: swordfish\\n" }
    }
  ]
}
`);
    const replay = await runFile(sample('read-file'), edited);
    expect(replay.exitCode).toBe(0);
    expect(replay.stdout).toBe(record.stdout);
    expect(replay.stdout).toContain('swordfish');
  });
});

describe('granting from the log', () => {
  async function denialThenGrant(id: string, file: string, fn: string) {
    const text = manifestText(id, file);
    const manifest = parsed(text).manifest;
    const before = await runFile(sample(id), text);
    const row = before.events.find((e) => e.function === fn && e.verdict !== 'granted');
    expect(row, `a refused ${fn}`).toBeDefined();
    const grant = narrowestGrant(row!, manifest);
    if (!isChange(grant)) throw new Error(grant.explanation);
    const after = await runFile(sample(id), applyChanges(text, [grant]));
    return { before, after, grant };
  }

  it('a write refused on a read-only mount → that mount read-write', async () => {
    const { before, after, grant } = await denialThenGrant(
      'write-file',
      'manifest.jsonc',
      '[method]descriptor.open-at',
    );
    expect(grant.description).toBe(
      'mounts[0] /data: read-only → read-write (the guest tried to create /data/note.txt)',
    );
    expect(after.exitCode).toBe(0);
    const side = compareRuns(before, after);
    expect(side.exitCode).toEqual({ a: 1, b: 0, same: false });
    expect(side.verdictChanges.map((p) => [p.b.function, p.a.verdict, p.b.verdict])).toEqual([
      ['[method]descriptor.open-at', 'denied', 'granted'],
    ]);
    expect(side.onlyInB.map((e) => e.function)).toContain('[method]descriptor.write-via-stream');
    expect(side.files.map((f) => [f.path, f.difference])).toEqual([['/data/note.txt', 'only-b']]);
    expect(
      side.stdout.diff.some((d) => d.kind === 'add' && d.text.includes('Wrote 33 bytes')),
    ).toBe(true);
  });

  it('a trapped clock → that clock "real"; trapped random → random "real"', async () => {
    const clock = await denialThenGrant('clocks', 'manifest.deny-wall.jsonc', 'now');
    expect(clock.grant.path).toEqual(['clocks', 'wall']);
    expect(clock.before.status).toBe('trapped');
    expect(clock.after.exitCode).toBe(0);
    const random = await denialThenGrant('random', 'manifest.deny.jsonc', 'get-random-bytes');
    expect(random.grant).toMatchObject({ path: ['random'], op: 'set', value: 'real' });
    expect(random.after.exitCode).toBe(0);
  });

  it('explains what no manifest entry can grant', async () => {
    const sockets = await runFile(sample('sockets'), manifestText('sockets'));
    const socketRow = sockets.events.find((e) => e.verdict === 'denied')!;
    expect(narrowestGrant(socketRow, {})).toEqual({
      explanation: expect.stringContaining('A browser has no raw sockets') as unknown,
    });

    const hello = await runFile(sample('hello'), manifestText('hello', 'manifest.empty.jsonc'));
    const envRow = hello.events.find((e) => e.function === 'get-environment')!;
    expect(envRow.verdict).toBe('denied');
    const env = narrowestGrant(envRow, {});
    expect(isChange(env) ? '' : env.explanation).toMatch(/asked for its environment.*"env"/s);
    expect(isChange(env) ? '' : env.explanation).toContain('cannot see which variable');

    const escape = await runFile(sample('escape'), manifestText('escape'));
    const escapeRow = escape.events.find((e) => e.verdict === 'denied')!;
    const why = narrowestGrant(escapeRow, parsed(manifestText('escape')).manifest);
    expect(isChange(why) ? '' : why.explanation).toContain('No manifest entry can allow this');
  });

  it('a denied request → that exact origin in http.allow', async () => {
    const text = manifestText('http', 'manifest.no-http.jsonc');
    const run = await runFile(sample('http'), text);
    const rows = run.events.filter((e) => e.function === 'handle');
    const grants = rows.map((row) => narrowestGrant(row, parsed(text).manifest));
    expect(grants.map((g) => (isChange(g) ? g.value : g.explanation))).toEqual([
      'https://api.example.com',
      'https://weather.example.org',
      'https://tracker.example.net',
    ]);
    expect(parsed(applyChanges(text, grants.filter(isChange))).manifest.http?.allow).toHaveLength(
      3,
    );
  });
});

describe('deterministic replay', () => {
  const pinned: Manifest = {
    clocks: { wall: 'frozen:2024-01-01T00:00:00Z' },
    random: { seed: 42 },
    stdin: 'one line\n',
  };

  it('frozen clock + seeded random + text stdin: two runs, one fingerprint', async () => {
    const resolved = parsed(JSON.stringify(pinned)).resolved;
    expect(isDeterministic(resolved)).toEqual({ deterministic: true, reasons: [] });
    for (const id of ['random', 'stdin']) {
      const a = await runFile(sample(id), JSON.stringify(pinned));
      const b = await runFile(sample(id), JSON.stringify(pinned));
      expect(a.events.length).toBeGreaterThan(0);
      expect(traceFingerprint(a.events)).toBe(traceFingerprint(b.events));
      expect(compareRuns(a, b).same).toBe(true);
    }
  });

  it('real randomness: different fingerprints, the same once values are masked', async () => {
    const real = { random: 'real' } satisfies Manifest;
    const a = await runFile(sample('random'), JSON.stringify(real));
    const b = await runFile(sample('random'), JSON.stringify(real));
    expect(traceFingerprint(a.events)).not.toBe(traceFingerprint(b.events));
    expect(traceFingerprint(a.events, { maskVolatile: true })).toBe(
      traceFingerprint(b.events, { maskVolatile: true }),
    );
    const verdict = isDeterministic(parsed(JSON.stringify(real)).resolved, a.events);
    expect(verdict.deterministic).toBe(false);
    expect(verdict.reasons[0]).toContain('random is "real"');
  });

  it('a frozen wall clock does not freeze the monotonic one', async () => {
    const text = manifestText('clocks', 'manifest.frozen.jsonc');
    const run = await runFile(sample('clocks'), text);
    const verdict = isDeterministic(parsed(text).resolved, run.events);
    expect(verdict.deterministic).toBe(false);
    expect(verdict.reasons).toEqual([expect.stringContaining('clocks.monotonic is "real"')]);
  });
});
