import { describe, expect, it } from 'vitest';
import { checkChallenge, type ChallengeRun } from './challenge';
import { passWhenSchema, type PassWhen } from './sample-meta';

const run = (over: Partial<ChallengeRun> = {}): ChallengeRun => ({
  stdout: 'Hello, Ada!\nThe code is 7-3-1.\n',
  stderr: 'warning: something\n',
  exitCode: 0,
  events: [
    { interface: 'wasi:cli/environment', function: 'get-environment', verdict: 'granted' },
    {
      interface: 'wasi:filesystem/types',
      function: '[method]descriptor.open-at',
      verdict: 'denied',
    },
    {
      interface: 'wasi:filesystem/types',
      function: '[method]descriptor.open-at',
      verdict: 'granted',
    },
  ],
  ...over,
});

const pass = (p: PassWhen, r: ChallengeRun = run(), m: unknown = {}) => checkChallenge(p, r, m);

describe('checkChallenge: the run', () => {
  it('passes an empty condition', () => {
    expect(pass({})).toEqual({ passed: true, reasons: [] });
  });

  it('checks the exit code, including null for a stopped program', () => {
    expect(pass({ exitCode: 0 }).passed).toBe(true);
    const r = pass({ exitCode: 0 }, run({ exitCode: 1 }));
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toMatch(/exit code 0.*exited with code 1/);
    expect(pass({ exitCode: 0 }, run({ exitCode: null })).reasons[0]).toMatch(/did not exit/);
    expect(pass({ exitCode: null }, run({ exitCode: null })).passed).toBe(true);
    expect(pass({ exitCode: null }).reasons[0]).toMatch(/stopped/);
  });

  it('checks stdout and stderr, both ways', () => {
    expect(pass({ stdoutIncludes: ['Hello, Ada!', '7-3-1'] }).passed).toBe(true);
    expect(pass({ stdoutIncludes: ['Hello, Bob!'] }).reasons).toEqual([
      'stdout does not contain "Hello, Bob!"',
    ]);
    expect(pass({ stdoutExcludes: ['Hello, Ada!'] }).reasons).toEqual([
      'stdout must not contain "Hello, Ada!"',
    ]);
    expect(pass({ stderrIncludes: ['warning'] }).passed).toBe(true);
    expect(pass({ stderrIncludes: ['Hello'] }).passed).toBe(false);
    expect(pass({ stderrExcludes: ['warning'] }).passed).toBe(false);
    expect(pass({ stderrExcludes: ['error'] }).passed).toBe(true);
  });

  it('needs one matching event per verdict entry', () => {
    const open = {
      interface: 'wasi:filesystem/types',
      function: '[method]descriptor.open-at',
    } as const;
    expect(
      pass({
        verdicts: [
          { ...open, verdict: 'denied' },
          { ...open, verdict: 'granted' },
        ],
      }).passed,
    ).toBe(true);
    const r = pass({ verdicts: [{ ...open, verdict: 'trapped' }] });
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toBe(
      'the capability log has no trapped call to wasi:filesystem/types [method]descriptor.open-at',
    );
  });

  it('forbids a verdict, or a pattern', () => {
    expect(pass({ noVerdict: 'trapped' }).passed).toBe(true);
    const r = pass({ noVerdict: 'denied' });
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toMatch(/no denied call.*open-at was denied/);
    expect(pass({ noVerdict: { interface: 'wasi:random/random' } }).passed).toBe(true);
    expect(pass({ noVerdict: { function: 'get-environment' } }).passed).toBe(false);
    expect(
      pass({ noVerdict: { function: '[method]descriptor.open-at', verdict: 'trapped' } }).passed,
    ).toBe(true);
  });

  it('reports every failed condition, not just the first', () => {
    const r = pass({ exitCode: 3, stdoutIncludes: ['nope'], noVerdict: 'denied' });
    expect(r.reasons).toHaveLength(3);
  });

  it('anyOf passes when one alternative holds', () => {
    expect(pass({ anyOf: [{ exitCode: 1 }, { stdoutIncludes: ['Ada'] }] }).passed).toBe(true);
    const r = pass({ exitCode: 0, anyOf: [{ exitCode: 1 }, { stdoutIncludes: ['Bob'] }] });
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toMatch(/none of the 2 ways/);
  });
});

describe('checkChallenge: the manifest', () => {
  const m = {
    args: ['a'],
    env: { NAME: 'Ada', LANG: 'en' },
    mounts: [
      { guest: '/data', access: 'read-only' },
      { guest: '/out/', access: 'read-write' },
      { guest: '/etc' },
    ],
    clocks: { wall: 'frozen:1999-12-31T23:59:59Z', monotonic: 'real' },
    random: { seed: 42 },
    http: { allow: ['https://api.example.com', 'https://*.example.org'] },
    limits: { timeoutMs: 2000 },
    stdin: 'text',
  };
  const mf = (c: NonNullable<PassWhen['manifest']>, manifest: unknown = m) =>
    checkChallenge({ manifest: c }, run(), manifest);

  it('mounts', () => {
    expect(mf({ noMounts: true }).reasons).toEqual(['the manifest must have no mounts (it has 3)']);
    expect(mf({ noMounts: true }, {}).passed).toBe(true);
    expect(mf({ noMounts: true }, { mounts: [] }).passed).toBe(true);
    expect(mf({ noReadWriteMounts: true }).reasons).toEqual([
      'the manifest must have no read-write mount (/out is read-write)',
    ]);
    expect(mf({ maxMounts: 3 }).passed).toBe(true);
    expect(mf({ maxMounts: 2 }).passed).toBe(false);
    expect(mf({ mountsAt: ['/data', '/out', '/etc/'] }).passed).toBe(true);
    expect(mf({ mountsAt: ['/home'] }).passed).toBe(false);
    expect(mf({ noMountsAt: ['/home'] }).passed).toBe(true);
    expect(mf({ noMountsAt: ['/data'] }).passed).toBe(false);
    expect(mf({ readOnlyMountsAt: ['/data', '/etc'] }).passed).toBe(true); // read-only is the default access
    expect(mf({ readOnlyMountsAt: ['/out'] }).reasons).toEqual([
      'the mount at /out must stay read-only',
    ]);
    expect(mf({ readOnlyMountsAt: ['/nope'] }).passed).toBe(false);
  });

  it('environment and arguments', () => {
    expect(mf({ envHas: ['NAME'], envLacks: ['HOME'], maxEnvVars: 2, maxArgs: 1 }).passed).toBe(
      true,
    );
    expect(mf({ envHas: ['HOME'] }).passed).toBe(false);
    expect(mf({ envLacks: ['LANG'] }).passed).toBe(false);
    expect(mf({ maxEnvVars: 1 }).reasons[0]).toMatch(/at most 1 environment variable/);
    expect(mf({ maxArgs: 0 }).passed).toBe(false);
    expect(mf({ maxArgs: 0, maxEnvVars: 0 }, {}).passed).toBe(true);
  });

  it('stdin, clocks and random, with their defaults', () => {
    expect(
      mf({ stdin: 'text', wallClock: 'frozen', monotonicClock: 'real', random: 'seeded' }).passed,
    ).toBe(true);
    expect(
      mf({ stdin: 'closed', wallClock: 'deny', monotonicClock: 'deny', random: 'deny' }, {}).passed,
    ).toBe(true);
    expect(mf({ stdin: 'interactive' }, { stdin: { interactive: true } }).passed).toBe(true);
    expect(mf({ wallClock: 'real' }).reasons[0]).toMatch(
      /clocks.wall must be "real" \(it is frozen\)/,
    );
    expect(mf({ random: 'real' }, { random: 'real' }).passed).toBe(true);
    expect(mf({ random: 'seeded' }, { random: 'real' }).passed).toBe(false);
  });

  it('http and limits', () => {
    expect(mf({ maxHttpAllow: 2 }).passed).toBe(true);
    expect(mf({ maxHttpAllow: 1 }).passed).toBe(false);
    expect(mf({ noHttpWildcards: true }).reasons[0]).toMatch(/\*\.example\.org/);
    expect(mf({ maxTimeoutMs: 2000 }).passed).toBe(true);
    expect(mf({ maxTimeoutMs: 2000 }, {}).reasons[0]).toMatch(/it is 5000/); // the default
    expect(mf({ maxOutputBytes: 65536 }, { limits: { maxOutputBytes: 1000 } }).passed).toBe(true);
    expect(mf({ maxOutputBytes: 65536 }, {}).passed).toBe(false); // default 1 MiB
  });

  it('absent fields', () => {
    expect(mf({ absent: ['sockets', 'onDenied'] }).passed).toBe(true);
    expect(mf({ absent: ['env'] }).reasons).toEqual(['the manifest must not set "env"']);
  });

  it('survives a manifest that is not an object', () => {
    expect(mf({ noMounts: true, maxEnvVars: 0 }, null).passed).toBe(true);
    expect(mf({ envHas: ['X'] }, 'nonsense').passed).toBe(false);
    expect(mf({ noMounts: true }, { mounts: 'nope' }).passed).toBe(true);
  });
});

describe('passWhenSchema', () => {
  it('accepts nested anyOf and rejects unknown conditions', () => {
    expect(
      passWhenSchema.safeParse({ anyOf: [{ exitCode: 0 }, { anyOf: [{ noVerdict: 'trapped' }] }] })
        .success,
    ).toBe(true);
    expect(passWhenSchema.safeParse({ anyOf: [{ exitcode: 0 }] }).success).toBe(false);
    expect(passWhenSchema.safeParse({ anyOf: [] }).success).toBe(false);
    expect(passWhenSchema.safeParse({ noVerdict: 'refused' }).success).toBe(false);
  });
});
