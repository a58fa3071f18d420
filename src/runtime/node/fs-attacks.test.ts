/**
 * The red-team's attacks on the filesystem (issue 14), each a guest built from WAT: nested
 * mounts of different access, sparse writes and symlink floods against limits.maxMemoryMiB, and a
 * file named `__proto__`. In-process through the engine (memory is measured here), and the
 * nested-mount escape also through the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  nestedMountEscapeModule,
  preopenNamesModule,
  protoFileModule,
  sparseWritesModule,
  symlinkFloodModule,
} from '../testing/fs-attack-guests';
import { runFile } from './test-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-fs-attacks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MiB = 1024 * 1024;

/** Collects garbage, so what is measured is what the host keeps, not what it threw away. */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function guestFile(name: string, wasm: Promise<Uint8Array>): Promise<string> {
  const path = join(tmp, `${name}.wasm`);
  writeFileSync(path, await wasm);
  return path;
}

describe('nested mounts of different access', () => {
  const manifest = {
    mounts: [
      { guest: '/ro', access: 'read-only', files: { 'victim.txt': 'ORIGINAL' } },
      { guest: '/ro/sub', access: 'read-write', files: {} },
    ],
  };

  it('a symlink in the read-write inner mount cannot open the read-only outer mount for writing', async () => {
    const run = await runFile(
      await guestFile('nested', nestedMountEscapeModule()),
      JSON.stringify(manifest),
    );
    expect(run.stdout).toBe('ORIGINAL');
    const victim = run.files.find((f) => f.path === '/ro/victim.txt');
    expect(victim).toMatchObject({ status: 'unchanged' });
    const open = run.events.find(
      (e) => e.function === '[method]descriptor.open-at' && e.args.some((a) => a.includes('lnk')),
    );
    expect(open).toMatchObject({
      verdict: 'denied',
      rule: 'mounts[0] read-only',
      result: 'err("read-only")',
    });
  }, 60_000);

  it('the same through the CLI with --dir proj::/p::ro --dir proj/out::/p/out', async () => {
    const proj = join(tmp, 'proj');
    rmSync(proj, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', join(proj, 'out')]);
    writeFileSync(join(proj, 'victim.txt'), 'ORIGINAL');
    const wasm = await guestFile('nested-cli', nestedMountEscapeModule('out'));
    // fd 3 = /p (read-only), fd 4 = /p/out (read-write).
    const r = spawnSync(
      process.execPath,
      [
        'bin/airlock.mjs',
        'run',
        wasm,
        '--dir',
        `${proj}::/p::ro`,
        '--dir',
        `${join(proj, 'out')}::/p/out`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('ORIGINAL');
  }, 60_000);
});

describe('limits.maxMemoryMiB holds for what the filesystem keeps', () => {
  it('five one-byte writes at 1 GiB - 1 keep host memory under the limit (sparse files)', async () => {
    const path = await guestFile('sparse', sparseWritesModule(5, 1024 * MiB - 1));
    gc();
    const before = process.memoryUsage();
    const run = await runFile(
      path,
      JSON.stringify({
        mounts: [{ guest: '/data', access: 'read-write' }],
        limits: { maxMemoryMiB: 64 },
      }),
    );
    gc();
    const after = process.memoryUsage();
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MiB + 16 * MiB);
    expect(after.rss - before.rss).toBeLessThan(64 * MiB + 128 * MiB);
    const sparse = run.files.find((f) => f.path === '/data/sparse');
    // The page gets the file at its size only if it fits; the guest's writes succeeded.
    expect(
      run.events.filter((e) => e.function.includes('write') && e.verdict === 'granted').length,
    ).toBeGreaterThan(0);
    expect(sparse).toBeDefined();
  }, 60_000);

  const flood = async (name: string, targetBytes: number) => {
    const path = await guestFile(name, symlinkFloodModule(20_000, targetBytes));
    gc();
    const before = process.memoryUsage();
    const run = await runFile(
      path,
      JSON.stringify({
        mounts: [{ guest: '/data', access: 'read-write' }],
        limits: { maxMemoryMiB: 64, timeoutMs: 60_000 },
      }),
    );
    gc();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * MiB + 64 * MiB);
    const refusals = run.events
      .filter((e) => e.function === '[method]descriptor.symlink-at' && e.result.startsWith('err'))
      .map((e) => e.result);
    return { made: Number(run.stdout), refusals };
  };

  it('20,000 symlinks with 60,000-byte targets: refused (ENAMETOOLONG, as Linux), memory stays low', async () => {
    const { made, refusals } = await flood('symlinks-60k', 60_000);
    expect(made).toBe(0);
    expect(refusals).toHaveLength(20_000);
    expect(new Set(refusals)).toEqual(new Set(['err("name-too-long")']));
  }, 120_000);

  it('20,000 symlinks with 4,000-byte targets: refused once 64 MiB are spent', async () => {
    const { made, refusals } = await flood('symlinks-4k', 4_000);
    expect(made).toBeGreaterThan(1000);
    expect(made).toBeLessThan(20_000);
    expect(refusals).toHaveLength(20_000 - made);
    expect(new Set(refusals)).toEqual(new Set(['err("insufficient-space")']));
  }, 120_000);
});

describe('names are names', () => {
  it('a file named __proto__ is a file, and no other file changes', async () => {
    const run = await runFile(
      await guestFile('proto', protoFileModule()),
      JSON.stringify({
        mounts: [{ guest: '/data', access: 'read-write', files: { source: 'mine' } }],
      }),
    );
    expect(run.stdout).toBe('mine');
    expect(run.files.find((f) => f.path === '/data/source')).toMatchObject({ status: 'unchanged' });
    const proto = run.files.find((f) => f.path === '/data/__proto__');
    expect(proto).toMatchObject({ status: 'created', kind: 'file' });
    expect(new TextDecoder().decode(proto!.bytes)).toBe('POLLUTED');
  }, 60_000);
});

describe('preopen names as given (as wasmtime)', () => {
  it('the manifest: fs-tests.dir, . and /data are seen under exactly those names', async () => {
    const run = await runFile(
      await guestFile('names', preopenNamesModule()),
      JSON.stringify({
        mounts: [{ guest: 'fs-tests.dir' }, { guest: '.' }, { guest: '/data' }],
      }),
    );
    expect(run.stdout).toBe('fs-tests.dir\n.\n/data\n');
  }, 60_000);

  it('the CLI: --dir HOST::fs-tests.dir', async () => {
    const wasm = await guestFile('names-cli', preopenNamesModule());
    const r = spawnSync(
      process.execPath,
      ['bin/airlock.mjs', 'run', wasm, '--dir', `${tmp}::fs-tests.dir`, '--dir', `${tmp}::/data`],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('fs-tests.dir\n/data\n');
  }, 60_000);
});
