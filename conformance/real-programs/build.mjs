#!/usr/bin/env node
// Builds the real programs in this directory from their own sources, as a user would: clang
// with Debian's wasi-libc (`--target=wasm32-wasi --sysroot=/usr -O2`, names kept), giving
// preview1 core modules that Airlock adapts when it runs them.
//
//   node conformance/real-programs/build.mjs           build (downloads the npm packages once)
//   node conformance/real-programs/build.mjs --check   compare with the committed .wasm files
//
// Sources come from npm packages that vendor them (`npm pack`, cached under
// node_modules/.cache/airlock-real-programs):
// - sqlite-notes.wasm: SQLite 3.53.2, the amalgamation in better-sqlite3@12.11.1 (deps/sqlite3),
//   with our small client sqlite-notes.c (journalled writes, then a query).
// - lz4.wasm: the lz4 1.9.2 command line (programs/lz4cli.c, lz4io.c, bench.c, datagen.c and
//   lib/*.c) vendored in lz4@0.6.5 (deps/lz4), unchanged; wasi-compat.h stands in for the
//   chown/chmod WASI lacks.
// - heap-after-io.wasm: our smallest reproduction of the adapter's trap (heap-after-io.c).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findCToolchain,
  run,
  ToolchainError,
  writeOrCheck,
} from '../../scripts/lib/wasi-toolchain.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cache = path.join(root, 'node_modules/.cache/airlock-real-programs');
const check = process.argv.includes('--check');

const PACKAGES = { sqlite: 'better-sqlite3@12.11.1', lz4: 'lz4@0.6.5' };

/** The unpacked npm package (its `package/` directory). */
function unpacked(name, spec) {
  const dir = path.join(cache, name);
  const pkg = path.join(dir, 'package');
  if (fs.existsSync(path.join(pkg, 'package.json'))) return pkg;
  fs.mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1);
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return pkg;
}

function clang(args, cwd) {
  fs.mkdirSync(cache, { recursive: true });
  const { clang: cc, sysroot } = findCToolchain();
  const r = run(cc, ['--target=wasm32-wasi', `--sysroot=${sysroot}`, '-O2', ...args], { cwd });
  if (r.status !== 0) throw new ToolchainError(`clang failed:\n${r.stderr}${r.stdout}`);
}

function buildSqlite() {
  const src = path.join(unpacked('sqlite', PACKAGES.sqlite), 'deps/sqlite3');
  const out = path.join(cache, 'sqlite-notes.wasm');
  clang(
    [
      `-I${src}`,
      // A release build (no asserts); one thread, no extensions to load, rollback journal only
      // (WAL needs shared memory).
      '-DNDEBUG',
      '-DSQLITE_THREADSAFE=0',
      '-DSQLITE_OMIT_LOAD_EXTENSION',
      '-DSQLITE_OMIT_WAL',
      '-D_WASI_EMULATED_GETPID',
      '-D_WASI_EMULATED_MMAN',
      path.join(here, 'sqlite-notes.c'),
      'sqlite3.c',
      '-lwasi-emulated-getpid',
      '-lwasi-emulated-mman',
      '-o',
      out,
    ],
    src,
  );
  return fs.readFileSync(out);
}

function buildLz4() {
  const src = path.join(unpacked('lz4', PACKAGES.lz4), 'deps/lz4');
  const out = path.join(cache, 'lz4.wasm');
  const programs = ['lz4cli.c', 'lz4io.c', 'bench.c', 'datagen.c'].map((f) => `programs/${f}`);
  const lib = ['lz4.c', 'lz4hc.c', 'lz4frame.c', 'xxhash.c'].map((f) => `lib/${f}`);
  clang(
    [
      '-Ilib',
      '-include',
      path.join(here, 'wasi-compat.h'),
      // Directory walking (-r) needs only dirent, which WASI has.
      '-DUTIL_HAS_CREATEFILELIST',
      '-D_WASI_EMULATED_PROCESS_CLOCKS',
      ...programs,
      ...lib,
      '-lwasi-emulated-process-clocks',
      // A 1 MiB stack, as native platforms give: with wasm-ld's default 64 KiB, decompressing
      // overflows the stack into the program's own data (its preopen table) and traps.
      '-Wl,-z,stack-size=1048576',
      '-o',
      out,
    ],
    src,
  );
  return fs.readFileSync(out);
}

function buildHeapAfterIo() {
  const out = path.join(cache, 'heap-after-io.wasm');
  clang(['-Wall', '-Wextra', '-Werror', 'heap-after-io.c', '-o', out], here);
  return fs.readFileSync(out);
}

try {
  const files = [
    [path.join(here, 'heap-after-io.wasm'), buildHeapAfterIo()],
    [path.join(here, 'sqlite-notes.wasm'), buildSqlite()],
    [path.join(here, 'lz4.wasm'), buildLz4()],
  ];
  const status = writeOrCheck(files, check);
  for (const [f, b] of files)
    console.log(
      `${path.relative(root, f)}  ${b.length} bytes  sha256 ${createHash('sha256').update(b).digest('hex').slice(0, 16)}`,
    );
  console.log(status);
  if (status === 'STALE') process.exitCode = 1;
} catch (error) {
  if (error instanceof ToolchainError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
}
