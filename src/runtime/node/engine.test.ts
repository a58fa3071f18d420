/**
 * Integration: real components through the engine in Node, as `airlock run` and the browser
 * worker run them. Every denial is checked as an event with its rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveManifest } from '../../manifest/resolve';
import type { CallEvent } from '../events';
import { runInNode } from './run-in-node';
import { runFile, transpileFile } from './test-helpers';

const sample = (id: string) => `samples/${id}/${id}.wasm`;

describe('engine in Node', () => {
  it('summarises only the calls the sink will show (past the log window, granted calls are only counted)', async () => {
    const events: CallEvent[] = [];
    const result = await runInNode({
      transpiled: await transpileFile(sample('hello')),
      resolved: resolveManifest({ args: ['x'] }),
      programName: 'hello',
      sink: {
        event: (e) => events.push(e),
        output: () => undefined,
        detailed: (verdict) => verdict !== 'granted',
      },
    });
    expect(result).toMatchObject({ status: 'exited', exitCode: 0 });
    const granted = events.filter((e) => e.verdict === 'granted');
    const denied = events.filter((e) => e.verdict === 'denied');
    expect(granted.length).toBeGreaterThan(3);
    expect(granted.every((e) => e.args.length === 0 && e.result === '')).toBe(true);
    // get-environment is denied by default: still in full.
    expect(denied.find((e) => e.function === 'get-environment')?.result).toBe('[]');
  });

  it('gives the guest exactly the args and env of the manifest', async () => {
    const run = await runFile(
      sample('hello'),
      '{ "args": ["a", "b c"], "env": { "NAME": "Ada" } }',
    );
    expect(run.status).toBe('exited');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('NAME=Ada');
    expect(run.stdout).toContain('I was given 2 argument(s)');
    const env = run.events.find((e) => e.function === 'get-environment');
    expect(env).toMatchObject({
      interface: 'wasi:cli/environment',
      verdict: 'granted',
      rule: 'env',
    });
  });

  it('shows an empty environment as denied by default, and the guest goes on', async () => {
    const run = await runFile(sample('hello'), '{}');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('I can see 0 environment variable(s)');
    const env = run.events.find((e) => e.function === 'get-environment');
    expect(env).toMatchObject({ verdict: 'denied', rule: 'default deny' });
  });

  it('reads a file from a read-only mount', async () => {
    const run = await runFile(
      sample('read-file'),
      '{ "mounts": [{ "guest": "/data", "access": "read-only", "files": { "secret.txt": "The password for the airlock is: swordfish\\n" } }] }',
    );
    expect(run.stdout).toContain('swordfish');
    const open = run.events.find((e) => e.function === '[method]descriptor.open-at');
    expect(open).toMatchObject({ verdict: 'granted', rule: 'mounts[0] read-only' });
  });

  it('refuses a write on a read-only mount with read-only, accepts it on a read-write one', async () => {
    const ro = await runFile(
      sample('write-file'),
      '{ "mounts": [{ "guest": "/data", "access": "read-only", "files": { "readme.txt": "hi" } }] }',
    );
    const denied = ro.events.find(
      (e) => e.function === '[method]descriptor.open-at' && e.verdict === 'denied',
    );
    expect(denied).toMatchObject({ rule: 'mounts[0] read-only', result: 'err("read-only")' });
    expect(ro.files.find((f) => f.path === '/data/note.txt')).toBeUndefined();

    const rw = await runFile(
      sample('write-file'),
      '{ "mounts": [{ "guest": "/data", "access": "read-write", "files": { "readme.txt": "hi" } }] }',
    );
    expect(rw.exitCode).toBe(0);
    const note = rw.files.find((f) => f.path === '/data/note.txt');
    expect(note?.status).toBe('created');
    expect(new TextDecoder().decode(note?.bytes)).toContain('Written from inside the sandbox.');
  });

  it('denies escape attempts out of a mount', async () => {
    const run = await runFile(
      sample('escape'),
      readFileSync('samples/escape/manifest.jsonc', 'utf8'),
    );
    expect(run.stdout).toContain('0 of 6 attempts to leave /data opened a file.');
    expect(
      run.events.some((e) => e.function === '[method]descriptor.open-at' && e.verdict === 'denied'),
    ).toBe(true);
  });

  it('traps on a denied clock and serves a frozen one', async () => {
    const denied = await runFile(sample('clocks'), '{}');
    expect(denied.status).toBe('trapped');
    const trap = denied.events.find((e) => e.verdict === 'trapped');
    expect(trap?.interface).toMatch(/^wasi:clocks\//);
    expect(trap?.rule).toBe('default deny');

    const frozen = await runFile(
      sample('clocks'),
      '{ "clocks": { "wall": "frozen:2024-01-01T00:00:00Z", "monotonic": "real" } }',
    );
    expect(frozen.status).toBe('exited');
    expect(frozen.stdout).toContain('2024-01-01');
  });

  it('gives the same random bytes for the same seed, and traps when random is denied', async () => {
    const a = await runFile(sample('random'), '{ "random": { "seed": 42 } }');
    const b = await runFile(sample('random'), '{ "random": { "seed": 42 } }');
    expect(a.exitCode).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const denied = await runFile(sample('random'), '{ "random": "deny" }');
    expect(denied.status).toBe('trapped');
    expect(
      denied.events.some((e) => e.interface.startsWith('wasi:random/') && e.verdict === 'trapped'),
    ).toBe(true);
  });

  it('reports the exit code', async () => {
    const run = await runFile(sample('exit-codes'), '{ "args": ["3"] }');
    expect(run.status).toBe('exited');
    expect(run.exitCode).not.toBe(0);
  });

  it('turns a denial into a trap with onDenied: "trap"', async () => {
    const run = await runFile(
      sample('write-file'),
      '{ "onDenied": "trap", "mounts": [{ "guest": "/data", "files": { "readme.txt": "hi" } }] }',
    );
    expect(run.status).toBe('trapped');
    const trap = run.events.find((e) => e.verdict === 'trapped');
    expect(trap?.rule).toMatch(/^onDenied: trap/);
  });

  it('stops a flood at limits.maxOutputBytes', async () => {
    const run = await runFile(sample('flood'), '{ "limits": { "maxOutputBytes": 10000 } }');
    expect(run.status).toBe('trapped');
    expect(run.stdout.length).toBeLessThanOrEqual(10000);
    expect(run.events.at(-1)).toMatchObject({ verdict: 'trapped', rule: 'limits.maxOutputBytes' });
  });
});
