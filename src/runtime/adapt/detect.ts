/**
 * What kind of WebAssembly binary the user brought: a component (runs as is), a WASI preview1
 * core module (adapted into a component with the preview1 command adapter), or something Airlock
 * cannot run, with a message that says why.
 */

export type BinaryKind =
  | { kind: 'component' }
  | { kind: 'preview1-command' }
  | { kind: 'preview1-reactor' }
  | { kind: 'invalid'; reason: string };

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function detectBinary(bytes: Uint8Array): BinaryKind {
  if (bytes.byteLength < 8) {
    return {
      kind: 'invalid',
      reason: `This file is ${bytes.byteLength} bytes long: too short to be a WebAssembly binary.`,
    };
  }
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC[i]) {
      const text = new TextDecoder().decode(bytes.subarray(0, 64));
      const hint = /\(\s*(module|component)/.test(text)
        ? ' It looks like WebAssembly text (WAT): compile it to a binary first.'
        : '';
      return {
        kind: 'invalid',
        reason: `This is not a WebAssembly binary (it does not start with \\0asm).${hint}`,
      };
    }
  }
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 1) return { kind: 'component' };
  if (layer !== 0 || version !== 1) {
    return { kind: 'invalid', reason: `Unknown WebAssembly version ${version} (layer ${layer}).` };
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes as BufferSource);
  } catch (error) {
    return {
      kind: 'invalid',
      reason: `This core WebAssembly module does not compile: ${(error as Error).message}`,
    };
  }
  const imports = WebAssembly.Module.imports(module);
  const foreign = imports.filter((i) => i.module !== 'wasi_snapshot_preview1');
  if (foreign.length > 0) {
    const names = [...new Set(foreign.map((i) => i.module))].slice(0, 3).join(', ');
    return {
      kind: 'invalid',
      reason: `This core module imports ${names}, which is not WASI preview1: Airlock can adapt only WASI preview1 modules.`,
    };
  }
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  if (exports.includes('_start')) return { kind: 'preview1-command' };
  return { kind: 'preview1-reactor' };
}
