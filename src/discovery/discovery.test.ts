/** Pure unit tests on hand-written traces (no engine). */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/schema';
import type { CallEvent, Verdict } from '../runtime/events';
import { applyChanges } from './changes';
import { compareRuns, type RunRecord } from './compare';
import { isDeterministic } from './determinism';
import { hasDifferences, textDiff, unifiedDiff } from './diff';
import { canonicalEvent, traceFingerprint } from './fingerprint';
import { isChange, narrowestGrant } from './grant';
import { observe, proposeManifest } from './propose';
import { recordingManifest } from './record';
import { filesystemCall, httpRequests } from './trace-facts';

let seq = 0;
function ev(
  iface: string,
  fn: string,
  args: string[],
  verdict: Verdict = 'granted',
  rule = 'granted',
  result = '()',
  reason?: string,
): CallEvent {
  const e: CallEvent = {
    seq: ++seq,
    t: seq * 1.5,
    interface: iface,
    function: fn,
    args,
    verdict,
    rule,
    result,
  };
  if (reason !== undefined) e.reason = reason;
  return e;
}

const FS = 'wasi:filesystem/types';
const open = (
  base: string,
  path: string,
  openFlags: string,
  flags: string,
  verdict: Verdict = 'granted',
  rule = 'mounts[0] read-write',
  result?: string,
) =>
  ev(
    FS,
    '[method]descriptor.open-at',
    [`descriptor(${base})`, 'symlink-follow', JSON.stringify(path), openFlags, flags],
    verdict,
    rule,
    result ?? `descriptor(${base}/${path})`,
  );

function resolved(m: Manifest) {
  const r = parseManifest(JSON.stringify(m));
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.resolved;
}

describe('recordingManifest', () => {
  it('grants everything the browser can give, keeping seeds, frozen time and mocks', () => {
    const m: Manifest = {
      args: ['a'],
      env: { A: '1' },
      stdin: 'x',
      stdout: false,
      mounts: [{ guest: '/data', access: 'read-only', files: { 'a.txt': 'a' } }, { guest: '/out' }],
      clocks: { wall: 'frozen:2024-01-01T00:00:00Z', monotonic: 'deny' },
      random: { seed: 3 },
      http: { allow: ['https://*.x.org'], mock: { 'https://x.org/a': { status: 200 } } },
      limits: { timeoutMs: 100 },
      onDenied: 'trap',
    };
    expect(recordingManifest(m)).toEqual({
      args: ['a'],
      env: { A: '1' },
      stdin: 'x',
      mounts: [
        { guest: '/data', access: 'read-write', files: { 'a.txt': 'a' } },
        { guest: '/out', access: 'read-write' },
      ],
      clocks: { wall: 'frozen:2024-01-01T00:00:00Z', monotonic: 'real' },
      random: { seed: 3 },
      http: { mock: { 'https://x.org/a': { status: 200 } } },
      limits: { timeoutMs: 100 },
      onDenied: 'error',
    });
    expect(recordingManifest({})).toEqual({
      clocks: { wall: 'real', monotonic: 'real' },
      random: 'real',
      onDenied: 'error',
    });
    expect(m.mounts![0]!.access).toBe('read-only');
  });
});

describe('trace facts', () => {
  it('reads paths and mutations from event strings', () => {
    expect(
      filesystemCall(open('/data', 'sub/../note.txt', 'create|truncate', 'write')),
    ).toMatchObject({
      op: 'open-at',
      path: '/data/note.txt',
      mutates: true,
      verb: 'create',
    });
    const denied = open(
      '/data',
      '../etc/passwd',
      '(no flags)',
      'read',
      'denied',
      'default deny',
      'err("not-permitted")',
    );
    expect(filesystemCall(denied)).toMatchObject({ path: '/etc/passwd', mutates: false });
    const rename = ev(FS, '[method]descriptor.rename-at', [
      'descriptor(/a)',
      '"x"',
      'descriptor(/b)',
      '"y"',
    ]);
    expect(filesystemCall(rename)).toMatchObject({ path: '/a/x', target: '/b/y', mutates: true });
    const write = ev('wasi:io/streams', '[method]output-stream.blocking-write-and-flush', [
      'output-stream(/data/n.txt)',
      '<3 bytes "abc">',
    ]);
    expect(filesystemCall(write)).toMatchObject({
      op: 'stream-write',
      path: '/data/n.txt',
      mutates: true,
    });
    const stdout = ev('wasi:io/streams', '[method]output-stream.blocking-write-and-flush', [
      'output-stream(stdout)',
      '<1 byte>',
    ]);
    expect(filesystemCall(stdout)).toBeUndefined();
    const long = `"${'a'.repeat(80)}…"`;
    expect(
      filesystemCall(ev(FS, '[method]descriptor.stat-at', ['descriptor(/d)', '(no flags)', long]))
        ?.truncated,
    ).toBe(true);
  });

  it('puts a request URL together from the calls that built it', () => {
    const trace = [
      ev('wasi:http/types', '[method]outgoing-request.set-scheme', ['outgoing-request', 'HTTPS']),
      ev('wasi:http/types', '[method]outgoing-request.set-authority', [
        'outgoing-request',
        '"API.example.com:443"',
      ]),
      ev('wasi:http/types', '[method]outgoing-request.set-path-with-query', [
        'outgoing-request',
        '"/v1?q=1"',
      ]),
      ev(
        'wasi:http/outgoing-handler',
        'handle',
        ['outgoing-request', '()'],
        'denied',
        'default deny',
        'err(HTTP-request-denied)',
        'https://api.example.com is not in http.allow',
      ),
      ev('wasi:http/types', '[method]outgoing-request.set-authority', [
        'outgoing-request',
        '"localhost:8080"',
      ]),
      ev('wasi:http/types', '[method]outgoing-request.set-scheme', ['outgoing-request', 'HTTP']),
      ev(
        'wasi:http/outgoing-handler',
        'handle',
        ['outgoing-request', '()'],
        'granted',
        'http.mock["http://localhost:8080/"]',
      ),
    ];
    expect(
      httpRequests(trace).map(({ url, origin, mockKey }) => ({ url, origin, mockKey })),
    ).toEqual([
      {
        url: 'https://api.example.com/v1?q=1',
        origin: 'https://api.example.com',
        mockKey: undefined,
      },
      {
        url: 'http://localhost:8080/',
        origin: 'http://localhost:8080',
        mockKey: 'http://localhost:8080/',
      },
    ]);
  });
});

const handle = (origin: string, path = '/', verdict: Verdict = 'denied', rule = 'default deny') => [
  ev('wasi:http/types', '[method]outgoing-request.set-authority', [
    'outgoing-request',
    JSON.stringify(origin.replace(/^\w+:\/\//, '')),
  ]),
  ev('wasi:http/types', '[method]outgoing-request.set-path-with-query', [
    'outgoing-request',
    JSON.stringify(path),
  ]),
  ev(
    'wasi:http/outgoing-handler',
    'handle',
    ['outgoing-request', '()'],
    verdict,
    rule,
    verdict === 'denied' ? 'err(HTTP-request-denied)' : 'pending…',
    verdict === 'denied' ? `${origin} is not in http.allow` : undefined,
  ),
];

describe('proposeManifest', () => {
  it('narrows a wildcard to the origins contacted and drops unused mocks', () => {
    const current: Manifest = {
      http: {
        allow: ['https://*.example.org', 'https://unused.net'],
        mock: {
          'https://a.example.org/m': { status: 200 },
          'https://never.example.org/': { status: 404 },
        },
      },
    };
    const trace = [
      ...handle('https://a.example.org', '/x'),
      ...handle('https://b.example.org', '/y'),
      ...handle('https://a.example.org', '/m', 'granted', 'http.mock["https://a.example.org/m"]'),
      ...handle('https://new.com', '/z'),
    ];
    const proposal = proposeManifest(current, trace);
    expect(proposal.changes.map((c) => [c.kind, c.description])).toEqual([
      [
        'narrow',
        'http.allow[0] https://*.example.org → https://a.example.org (the guest requested https://a.example.org/x)',
      ],
      [
        'narrow',
        'http.allow: + https://b.example.org (instead of the wildcard https://*.example.org: the guest requested https://b.example.org/y)',
      ],
      [
        'revoke',
        'http.allow[1] https://unused.net: removed (no request went to the network there)',
      ],
      ['grant', 'http.allow: + https://new.com (the guest requested https://new.com/z)'],
      ['revoke', 'http.mock["https://never.example.org/"]: removed (never requested)'],
    ]);
    expect(proposal.manifest.http).toEqual({
      allow: ['https://a.example.org', 'https://b.example.org', 'https://new.com'],
      mock: { 'https://a.example.org/m': { status: 200 } },
    });
  });

  it('keeps mounts touched, read-write only where written, and asks to drop a cwd with its mount', () => {
    const current: Manifest = {
      cwd: '/tmp',
      mounts: [
        { guest: '/data', access: 'read-only' },
        { guest: '/out', access: 'read-write' },
        { guest: '/tmp', access: 'read-write' },
      ],
    };
    const trace = [
      ev(
        'wasi:filesystem/preopens',
        'get-directories',
        [],
        'granted',
        'mounts[0] /data, mounts[1] /out, mounts[2] /tmp',
      ),
      ev(
        FS,
        '[method]descriptor.get-type',
        ['descriptor(/tmp)'],
        'granted',
        'mounts[2] read-write',
        '"directory"',
      ),
      open(
        '/data',
        'log.txt',
        'create',
        'write',
        'denied',
        'mounts[0] read-only',
        'err("read-only")',
      ),
      ev(
        FS,
        '[method]descriptor.stat-at',
        ['descriptor(/out)', '(no flags)', '"a"'],
        'granted',
        'mounts[1] read-write',
        '{}',
      ),
    ];
    const proposal = proposeManifest(current, trace);
    expect(proposal.changes.map((c) => [c.id, c.description, c.requires])).toEqual([
      [
        'mounts[0].access',
        'mounts[0] /data: read-only → read-write (the guest changes it: create /data/log.txt)',
        undefined,
      ],
      [
        'mounts[1].access',
        'mounts[1] /out: read-write → read-only (nothing was written)',
        undefined,
      ],
      ['mounts[2]', 'mounts[2] /tmp: removed (the guest never used it)', ['cwd']],
      ['cwd', expect.stringContaining('cwd /tmp: removed') as unknown, undefined],
    ]);
    expect(proposal.manifest).toEqual({
      mounts: [
        { guest: '/data', access: 'read-write' },
        { guest: '/out', access: 'read-only' },
      ],
    });
  });

  it('grants what was used and is missing, keeps frozen time and seeds', () => {
    const current: Manifest = {
      stdout: false,
      clocks: { wall: 'frozen:2024-01-01T00:00:00Z' },
      random: { seed: 9 },
      env: { A: '1' },
    };
    const trace = [
      ev('wasi:cli/environment', 'get-environment', [], 'granted', 'env'),
      ev('wasi:clocks/wall-clock', 'now', []),
      ev('wasi:clocks/monotonic-clock', 'now', [], 'trapped', 'default deny'),
      ev('wasi:random/insecure-seed', 'insecure-seed', []),
      ev(
        'wasi:io/streams',
        '[method]output-stream.blocking-write-and-flush',
        ['output-stream(stdout)', '<2 bytes "hi">'],
        'denied',
        'stdout: false',
        'err(closed)',
      ),
    ];
    const proposal = proposeManifest(current, trace);
    expect(proposal.changes.map((c) => c.description)).toEqual([
      'clocks.monotonic: deny (default) → real (the guest read the monotonic clock)',
      'stdout: false → true (the guest writes to stdout)',
    ]);
    expect(proposal.manifest).toEqual({
      stdout: true,
      clocks: { wall: 'frozen:2024-01-01T00:00:00Z', monotonic: 'real' },
      random: { seed: 9 },
      env: { A: '1' },
    });
  });

  it('observes a rename across two mounts as a change to both', () => {
    const current: Manifest = { mounts: [{ guest: '/a' }, { guest: '/b' }] };
    const seen = observe(current, [
      ev(
        FS,
        '[method]descriptor.rename-at',
        ['descriptor(/a)', '"x"', 'descriptor(/b)', '"y"'],
        'granted',
        'mounts[0] read-write + mounts[1] read-write',
      ),
    ]);
    expect(seen.mounts.map((m) => m.changes)).toEqual([
      ['rename /a/x → /b/y'],
      ['rename /a/x → /b/y'],
    ]);
  });
});

describe('narrowestGrant', () => {
  const manifest: Manifest = { mounts: [{ guest: '/data' }], onDenied: 'trap' };
  it('judges an onDenied-trap row by the rule underneath', () => {
    const row = open(
      '/data',
      'out.txt',
      'create',
      'write',
      'trapped',
      'onDenied: trap (mounts[0] read-only)',
      'trap: mounts[0] /data is read-only; onDenied is "trap", so the guest stops',
    );
    row.reason = 'mounts[0] /data is read-only; onDenied is "trap", so the guest stops';
    expect(narrowestGrant(row, manifest)).toMatchObject({
      path: ['mounts', 0, 'access'],
      op: 'set',
      value: 'read-write',
      kind: 'grant',
    });
  });

  it('mounts the directory of a path in no mount', () => {
    const row = ev(
      FS,
      '[method]descriptor.stat',
      ['descriptor(/etc/hosts)'],
      'denied',
      'default deny',
      'err("access")',
      '/etc/hosts is in no mount: the manifest grants nothing there',
    );
    const grant = narrowestGrant(row, manifest);
    expect(grant).toMatchObject({
      op: 'append',
      path: ['mounts'],
      value: { guest: '/etc', access: 'read-only' },
    });
    const text = '{\n  "mounts": [{ "guest": "/data" }],\n  "onDenied": "trap"\n}';
    expect(applyChanges(text, [grant as never])).toBe(
      '{\n  "mounts": [{ "guest": "/data" }, { "guest": "/etc", "access": "read-only" }],\n  "onDenied": "trap"\n}',
    );
  });

  it('explains limits, wasm traps, HTTP without JSPI, and rows that were granted', () => {
    const explain = (e: CallEvent) => {
      const g = narrowestGrant(e, {});
      return isChange(g) ? g.description : g.explanation;
    };
    expect(
      explain(
        ev(
          'wasi:io/streams',
          '[method]output-stream.blocking-write-and-flush',
          ['output-stream(stdout)', '<9 bytes>'],
          'trapped',
          'limits.maxOutputBytes',
          'trap',
          'output passed limits.maxOutputBytes = 10 bytes',
        ),
      ),
    ).toContain('Not a capability');
    expect(
      explain(
        ev(
          'wasi:cli/run',
          'run',
          [],
          'trapped',
          'wasm trap',
          'trap',
          'the guest hit an unreachable instruction',
        ),
      ),
    ).toContain('stopped on its own');
    expect(
      explain(
        ev(
          'wasi:http/outgoing-handler',
          'handle',
          ['outgoing-request', '()'],
          'trapped',
          'http.allow[0] https://a.org',
          'trap',
          'outgoing HTTP needs JSPI',
        ),
      ),
    ).toContain('cannot send it');
    expect(explain(ev('wasi:cli/environment', 'get-arguments', [], 'granted', 'args'))).toBe(
      'Already granted (args).',
    );
    expect(
      explain(
        ev(
          'wasi:io/streams',
          '[method]output-stream.blocking-write-and-flush',
          ['output-stream(stderr)', '<1 byte>'],
          'denied',
          'stderr: false',
          'err(closed)',
        ),
      ),
    ).toBe('stderr: false → true (the guest writes to stderr)');
  });
});

describe('compareRuns', () => {
  const run = (events: CallEvent[], stdout = ''): RunRecord => ({
    events,
    stdout,
    stderr: '',
    exitCode: 0,
    status: 'exited',
    files: [],
  });
  it('aligns calls by what they are, not by position', () => {
    const a = [
      ev('i', 'f', ['1']),
      ev('i', 'g', []),
      ev('i', 'f', ['1'], 'denied', 'default deny'),
    ];
    const b = [
      ev('i', 'extra', []),
      ev('i', 'f', ['1']),
      ev('i', 'f', ['1']),
      ev('i', 'g', [], 'granted', 'other'),
    ];
    const side = compareRuns(run(a, 'x\ny\n'), run(b, 'x\nz\n'));
    expect(side.onlyInB.map((e) => e.function)).toEqual(['extra']);
    expect(side.onlyInA).toEqual([]);
    expect(side.verdictChanges.map((p) => [p.key, p.occurrence, p.a.verdict, p.b.verdict])).toEqual(
      [['i f ["1"]', 2, 'denied', 'granted']],
    );
    expect(side.ruleChanges.map((p) => p.b.rule)).toEqual(['other']);
    expect(
      side.stdout.diff.filter((d) => d.kind !== 'same').map((d) => `${d.kind} ${d.text}`),
    ).toEqual(['remove y', 'add z']);
    expect(side.same).toBe(false);
    expect(compareRuns(run(a), run(a)).same).toBe(true);
  });

  it('compares files by path and bytes', () => {
    const file = (path: string, text: string) => ({
      path,
      kind: 'file' as const,
      status: 'created' as const,
      size: text.length,
      bytes: new TextEncoder().encode(text),
    });
    const a = { ...run([]), files: [file('/d/a', 'x'), file('/d/b', 'y')] };
    const b = { ...run([]), files: [file('/d/a', 'z'), file('/d/c', 'y')] };
    expect(compareRuns(a, b).files.map((f) => [f.path, f.difference])).toEqual([
      ['/d/a', 'content'],
      ['/d/b', 'only-a'],
      ['/d/c', 'only-b'],
    ]);
  });
});

describe('fingerprints and determinism', () => {
  it('ignore time, and optionally values and rules', () => {
    const a = [
      ev('wasi:random/random', 'get-random-bytes', ['4'], 'granted', 'random real', '<4 bytes>'),
      ev('wasi:io/streams', 'w', ['output-stream(stdout)', '<4 bytes "1234">']),
    ];
    const b = a.map((e) => ({ ...e, t: e.t + 100 }));
    expect(traceFingerprint(a)).toBe(traceFingerprint(b));
    const c = [
      { ...a[0]!, rule: 'random seed 1' },
      { ...a[1]!, args: ['output-stream(stdout)', '<5 bytes "98765">'] },
    ];
    expect(traceFingerprint(c)).not.toBe(traceFingerprint(a));
    expect(traceFingerprint(c, { maskVolatile: true, ignoreRules: true })).toBe(
      traceFingerprint(a, { maskVolatile: true, ignoreRules: true }),
    );
    expect(canonicalEvent(a[0]!)).not.toContain(String(a[0]!.t));
  });

  it('names every source of difference', () => {
    const r = isDeterministic(
      resolved({
        clocks: { wall: 'real', monotonic: 'real' },
        random: 'real',
        stdin: { interactive: true },
        http: { allow: ['https://a.org'] },
      }),
    );
    expect(r.deterministic).toBe(false);
    expect(r.reasons).toHaveLength(5);
    expect(
      isDeterministic(
        resolved({
          clocks: { wall: 'deny' },
          random: { seed: 1 },
          http: { mock: { 'https://a.org/': { status: 200 } } },
        }),
      ),
    ).toEqual({ deterministic: true, reasons: [] });
    // With the trace: what was never used does not count, a timeout does.
    const trace = [ev('wasi:cli/run', 'run', [], 'trapped', 'limits.timeoutMs', 'trap')];
    expect(isDeterministic(resolved({ random: 'real' }), trace).reasons).toEqual([
      expect.stringContaining('limits.timeoutMs') as unknown,
    ]);
  });
});

describe('textDiff', () => {
  it('keeps, removes and adds lines with their numbers', () => {
    expect(textDiff('a\nb\nc\n', 'a\nc\nd\n')).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'remove', text: 'b', oldLine: 2 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 2 },
      { kind: 'add', text: 'd', newLine: 3 },
    ]);
    expect(hasDifferences(textDiff('x', 'x\n'))).toBe(false);
    expect(unifiedDiff('a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nd\nE\nf\ng\nh\n', 1)).toBe(
      '@@ -4,3 +4,3 @@\n d\n-e\n+E\n f',
    );
  });

  it('handles long outputs with many differences', () => {
    const a = Array.from({ length: 20000 }, (_, i) => `line ${i}`).join('\n');
    const b = Array.from({ length: 20000 }, (_, i) => (i % 3 ? `line ${i}` : `LINE ${i}`)).join(
      '\n',
    );
    const diff = textDiff(a, b);
    expect(diff.filter((d) => d.kind === 'remove')).toHaveLength(6667);
    expect(diff.filter((d) => d.kind === 'add')).toHaveLength(6667);
  });
});
