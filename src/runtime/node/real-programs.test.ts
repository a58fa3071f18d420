/**
 * Real C programs nobody here wrote (conformance/real-programs, built from their own sources
 * with Debian's wasi-libc by build.mjs), run through the Node engine under the manifest a user
 * would write: SQLite doing journalled writes, the lz4 command line compressing and
 * decompressing. Before Airlock gave the preview1 adapter memory from the program's own malloc
 * (src/runtime/adapt/main-realloc.ts), both trapped with "assertion failed at adapter line".
 * On a read-only mount each refuses with its own error message and exit code, never a trap.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import type { FileEntry } from '../vfs/diff';
import { runFile } from './test-helpers';

const PROGRAMS = 'conformance/real-programs';
const SQLITE = `${PROGRAMS}/sqlite-notes.wasm`;
const LZ4 = `${PROGRAMS}/lz4.wasm`;

const file = (files: FileEntry[], path: string) => files.find((f) => f.path === path);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function sqliteManifest(access: 'read-write' | 'read-only', files: Record<string, unknown> = {}) {
  return JSON.stringify({
    args: ['/data/notes.db'],
    clocks: { wall: 'real' },
    mounts: [{ guest: '/data', access, files }],
  });
}

describe('SQLite (amalgamation from better-sqlite3) through the preview1 adapter', () => {
  test('creates a database, commits two transactions and reads them back', async () => {
    const run = await runFile(SQLITE, sqliteManifest('read-write'));
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(run.stdout).toBe(
      'rows=500 bytes=7437 row300=note number 300 (edited)\nsqlite 3.53.2 ok\n',
    );
    const db = file(run.files, '/data/notes.db');
    expect(db).toMatchObject({ kind: 'file', status: 'created' });
    expect(Buffer.from(db!.bytes!.subarray(0, 16)).toString('latin1')).toBe('SQLite format 3\0');
    // The rollback journal was used and removed at each commit.
    expect(file(run.files, '/data/notes.db-journal')).toBeUndefined();
  });

  test('a read-only mount: SQLite reports that it cannot open the database, no trap', async () => {
    const run = await runFile(SQLITE, sqliteManifest('read-only'));
    expect(run).toMatchObject({ status: 'exited', exitCode: 1 });
    expect(run.stderr).toBe('sqlite-notes: open: unable to open database file\n');
  });

  test('an existing database on a read-only mount: SQLite reports it cannot lock it, no trap', async () => {
    const made = await runFile(SQLITE, sqliteManifest('read-write'));
    const db = file(made.files, '/data/notes.db')!.bytes!;
    const run = await runFile(
      SQLITE,
      sqliteManifest('read-only', { 'notes.db': { base64: base64(db) } }),
    );
    // SQLite's WASI build locks with a directory next to the database (notes.db.lock); the
    // mount refuses to create it, and SQLite reports that as an I/O error of its own.
    expect(run).toMatchObject({ status: 'exited', exitCode: 1 });
    expect(run.stderr).toBe('sqlite-notes: PRAGMA journal_mode=DELETE: disk I/O error\n');
    const lock = run.events.find((e) => e.function === '[method]descriptor.create-directory-at');
    expect(lock).toMatchObject({ verdict: 'denied', rule: 'mounts[0] read-only' });
    expect(file(run.files, '/data/notes.db')).toMatchObject({ status: 'unchanged' });
  });
});

describe('the lz4 command line (lz4 1.9.2 from the lz4 npm package)', () => {
  const input = Array.from({ length: 20_000 }, (_, i) => `${i + 1}`).join('\n') + '\n';
  const manifest = (
    args: string[],
    access: 'read-write' | 'read-only',
    files: Record<string, unknown>,
  ) =>
    JSON.stringify({
      args,
      clocks: { wall: 'real', monotonic: 'real' },
      mounts: [{ guest: '/data', access, files }],
    });

  test('compresses a file and decompresses it back to the same bytes', async () => {
    const packed = await runFile(
      LZ4,
      manifest(['/data/input.txt', '/data/input.txt.lz4'], 'read-write', { 'input.txt': input }),
    );
    expect(packed).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(packed.stderr).toContain(`Compressed ${input.length} bytes into`);
    const lz4 = file(packed.files, '/data/input.txt.lz4');
    expect(lz4).toMatchObject({ kind: 'file', status: 'created' });
    expect(lz4!.size).toBeGreaterThan(0);
    expect(lz4!.size).toBeLessThan(input.length);

    const unpacked = await runFile(
      LZ4,
      manifest(['-d', '/data/input.txt.lz4', '/data/back.txt'], 'read-write', {
        'input.txt.lz4': { base64: base64(lz4!.bytes!) },
      }),
    );
    expect(unpacked).toMatchObject({ status: 'exited', exitCode: 0 });
    const back = file(unpacked.files, '/data/back.txt');
    expect(Buffer.from(back!.bytes!).toString('utf8')).toBe(input);
  });

  test('a read-only mount: lz4 reports it cannot write the output, no trap', async () => {
    const run = await runFile(
      LZ4,
      manifest(['/data/input.txt', '/data/input.txt.lz4'], 'read-only', { 'input.txt': input }),
    );
    expect(run.status).toBe('exited');
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/input\.txt\.lz4/);
    expect(file(run.files, '/data/input.txt.lz4')).toBeUndefined();
  });
});

describe('the preview1 adapter', () => {
  test('a program whose malloc grows over the memory the adapter took runs (heap-after-io)', async () => {
    const run = await runFile(
      `${PROGRAMS}/heap-after-io.wasm`,
      JSON.stringify({
        args: ['/data/out.txt'],
        mounts: [{ guest: '/data', access: 'read-write' }],
      }),
    );
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ status: 'exited', exitCode: 0, stdout: 'size=1048582\n' });
  });

  test("the adapter's own message reaches stderr whole, and the reason says why", async () => {
    // AssemblyScript's allocator has no malloc to lend the adapter (no name section), so this
    // testsuite program still overwrites the adapter's state: the canary assertion.
    const run = await runFile(
      'conformance/wasi-testsuite/assemblyscript/environ_get-multiple-variables.wasm',
      JSON.stringify({ env: { a: 'text', b: 'escap " ing', c: 'new\nline' } }),
    );
    expect(run.status).toBe('trapped');
    expect(run.stderr).toMatch(/^assertion failed at adapter line 285[78]\n?$/);
    expect(run.reason).toContain('found its own state overwritten');
    expect(run.reason).not.toContain('fixed-size');
  });
});
