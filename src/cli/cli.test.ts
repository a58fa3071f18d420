/**
 * The CLI's ways out: every one ends the guest process it spawned ahead, and a reader that goes
 * away ends it quietly (141, no stack trace).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureGuestBundle } from '../runtime/node/sandbox/bundle';
import { spawnGuestProcess, type GuestProcess } from '../runtime/node/sandbox/guest-process-spawn';
import { main } from './main';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function mainWithGuest(argv: string[]): Promise<{ code: number; guest: GuestProcess }> {
  let guest: GuestProcess | undefined;
  const code = await main(argv, {
    spawnGuest: async (terminal) =>
      (guest = spawnGuestProcess(await ensureGuestBundle(), terminal)),
  });
  return { code, guest: guest! };
}

const gone = (guest: GuestProcess) =>
  guest.child.killed || guest.child.exitCode !== null || guest.child.signalCode !== null;

describe('airlock run leaves no guest process behind', () => {
  it('when the manifest is bad (after the guest process was spawned)', async () => {
    const manifest = join(tmp, 'bad.jsonc');
    writeFileSync(manifest, '{ "frobnicate": true }');
    const { code, guest } = await mainWithGuest([
      'run',
      'samples/hello/hello.wasm',
      '--manifest',
      manifest,
    ]);
    expect(code).toBe(2);
    expect(gone(guest)).toBe(true);
  }, 30_000);

  it('when the component cannot be read', async () => {
    const { code, guest } = await mainWithGuest(['run', join(tmp, 'missing.wasm')]);
    expect(code).toBe(2);
    expect(gone(guest)).toBe(true);
  }, 30_000);

  it('after a run', async () => {
    const { code, guest } = await mainWithGuest(['run', 'samples/hello/hello.wasm']);
    expect(code).toBe(0);
    expect(gone(guest)).toBe(true);
  }, 30_000);
});

describe('airlock run, killed', () => {
  /** Running, not a zombie waiting for its new parent to reap it. */
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };

  it('with SIGTERM while the guest spins, takes the guest process with it', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/airlock.mjs',
        'run',
        'samples/runaway/runaway.wasm',
        '--manifest',
        'samples/runaway/manifest.jsonc',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await once(child.stdout, 'data'); // the guest is counting
    const guests = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], {
      encoding: 'utf8',
    })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    expect(guests.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    await once(child, 'close');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(guests.filter(alive)).toEqual([]);
  }, 60_000);
});

describe('airlock run | head', () => {
  it('exits quietly with 141 when its reader has gone', async () => {
    const child = spawn(process.execPath, ['bin/airlock.mjs', 'run', 'samples/hello/hello.wasm'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the guest writes anything.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'close')) as [number];
    expect(stderr).not.toMatch(/Error|\n\s+at /);
    expect(code).toBe(141);
  }, 60_000);
});
