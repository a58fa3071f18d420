// The one way this repository turns C (and WAT) into WASI 0.2 components: clang with Debian's
// wasi-libc makes a preview1 core module, and the preview1 command adapter (through
// jco-transpile's wasm-tools) makes it a component. Used by the sample, hostile-corpus,
// benchmark and e2e-fixture builders.
//
// Plain Node ESM: no TypeScript, no bundler, no network.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const C_PACKAGES = 'clang lld wasi-libc libclang-rt-14-dev-wasm32';
const adapterPath = path.join(root, 'src/runtime/adapt/wasi_snapshot_preview1.command.wasm');

/** Thrown when a tool is missing or fails; the message says what to install or what broke. */
export class ToolchainError extends Error {}

/** Runs a command; `missing` when it is not installed. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error && r.error.code === 'ENOENT')
    return { missing: true, status: 127, stdout: '', stderr: '' };
  return { missing: false, status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

let cToolchain = null;
/** clang and a wasi-libc sysroot ($CLANG and $WASI_SYSROOT override the defaults). */
export function findCToolchain() {
  if (cToolchain) return cToolchain;
  const clang = process.env.CLANG ?? 'clang';
  const v = run(clang, ['--version']);
  if (v.missing || v.status !== 0) {
    throw new ToolchainError(
      `cannot run '${clang}'. C sources need clang with the WebAssembly target and Debian's wasi-libc.\n` +
        `  Install: sudo apt-get install -y ${C_PACKAGES}\n` +
        `  (or set CLANG=/path/to/clang and WASI_SYSROOT=/path/to/sysroot)`,
    );
  }
  // Debian's wasi-libc installs into /usr/include/wasm32-wasi and /usr/lib/wasm32-wasi, so the
  // sysroot is /usr. The wasi-sdk layout (share/wasi-sysroot) works too.
  const candidates = [process.env.WASI_SYSROOT, '/usr', '/opt/wasi-sdk/share/wasi-sysroot'].filter(
    Boolean,
  );
  const sysroot = candidates.find((s) => fs.existsSync(path.join(s, 'lib/wasm32-wasi/libc.a')));
  if (!sysroot) {
    throw new ToolchainError(
      `no wasi-libc sysroot found (looked for lib/wasm32-wasi/libc.a under ${candidates.join(', ')}).\n` +
        `  Install: sudo apt-get install -y ${C_PACKAGES}`,
    );
  }
  cToolchain = { clang, sysroot };
  return cToolchain;
}

/** Compiles one C file (relative to `cwd`) into a preview1 core module's bytes. */
export function compileC(cwd, file) {
  const { clang, sysroot } = findCToolchain();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-c-'));
  try {
    const core = path.join(tmp, 'core.wasm');
    const r = run(
      clang,
      [
        '--target=wasm32-wasi',
        `--sysroot=${sysroot}`,
        '-O2',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wl,--strip-all',
        '-o',
        core,
        file,
      ],
      { cwd },
    );
    if (r.status !== 0)
      throw new ToolchainError(`clang failed on ${file}:\n${r.stderr}${r.stdout}`);
    return fs.readFileSync(core);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

let adapterBytes = null;
/** A preview1 core module made a WASI 0.2 command component with the preview1 adapter. */
export async function adapt(core) {
  adapterBytes ??= fs.readFileSync(adapterPath);
  return componentNew(core, [['wasi_snapshot_preview1', adapterBytes]]);
}

/** Whether WAT text is a component (`(component ...)`) rather than a core module. */
export function isComponentText(text) {
  return /^\s*(?:;;[^\n]*\n\s*|\(;[\s\S]*?;\)\s*)*\(component\b/.test(text);
}

export { parse };

/**
 * Writes `files` ([path, bytes][]) or, with `check`, compares them with what is committed.
 * Returns 'built', 'up to date' or 'STALE'.
 */
export function writeOrCheck(files, check) {
  if (check) {
    const same = files.every(
      ([f, b]) => fs.existsSync(f) && fs.readFileSync(f).equals(Buffer.from(b)),
    );
    return same ? 'up to date' : 'STALE';
  }
  for (const [f, b] of files) fs.writeFileSync(f, b);
  return 'built';
}
