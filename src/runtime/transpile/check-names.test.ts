import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { $init, generate } from '@bytecodealliance/jco-transpile/component';
import { assertSafeNames, UnsafeComponentError } from './check-names';
import {
  craftedCoreModule,
  craftedExportComponent,
  craftedImportComponent,
  injectionPayload,
} from '../testing/red-team-guests';
import { generateOptions } from './options';

const root = join(import.meta.dirname, '../../..');

function wasmFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => join(dir, f));
}

describe('assertSafeNames: a crafted name cannot become code in the bindings', () => {
  it('the attack works against jco itself: the unchecked bindings contain the payload as code', async () => {
    // Documents WHY the check exists: if jco ever escapes names, this test tells us.
    const bytes = await craftedExportComponent(`'];globalThis.AIRLOCK_PWNED=1;//`);
    await $init;
    const files = generate(bytes, generateOptions(false)).files;
    const js = new TextDecoder().decode(files.find(([n]) => n.endsWith('.js'))![1]);
    expect(js).toContain(`exports0[''];globalThis.AIRLOCK_PWNED=1;//'];`);
  });

  it('refuses a core export name that closes the string', async () => {
    const bytes = await craftedExportComponent(injectionPayload('/tmp/never'));
    expect(() => assertSafeNames(bytes)).toThrow(UnsafeComponentError);
    expect(() => assertSafeNames(bytes)).toThrow(/core export name/);
  });

  it('refuses the red-team name with a trailing backslash', async () => {
    const bytes = await craftedExportComponent(':(globalThis.x=1,0),b:0//\\');
    expect(() => assertSafeNames(bytes)).toThrow(/characters WASI toolchains never emit/);
  });

  it.each([
    ['a single quote', "a'b"],
    ['a double quote', 'a"b'],
    ['a backtick', 'a`b'],
    ['a template substitution', '${x}'],
    ['a comment end', 'a*/b'],
    ['a line break', 'a\nb'],
    ['a line separator', 'a\u2028b'],
    ['a NUL', 'a\0b'],
    ['non-ASCII', 'é'],
  ])('refuses a core import name with %s', async (_what, name) => {
    const bytes = await craftedImportComponent(name);
    expect(() => assertSafeNames(bytes)).toThrow(/core import name/);
  });

  it('refuses names longer than 1024 bytes', async () => {
    const bytes = await craftedImportComponent('a'.repeat(1025));
    expect(() => assertSafeNames(bytes)).toThrow(/1025 bytes/);
  });

  it('refuses a crafted export in a preview1 core module before it is adapted', async () => {
    const bytes = await craftedCoreModule("x'y");
    expect(() => assertSafeNames(bytes)).toThrow(/core export name "x'y"/);
  });

  it('the message shows the name escaped and short', async () => {
    const bytes = await craftedImportComponent('\x1b[2K' + 'z'.repeat(500));
    let message = '';
    try {
      assertSafeNames(bytes);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('\\u001b[2K');
    expect(message).not.toContain('\x1b');
    expect(message.length).toBeLessThan(400);
  });

  it('fails closed on bytes it cannot read', () => {
    const truncated = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 10, 5, 1, 0]);
    expect(() => assertSafeNames(truncated)).toThrow(/could not read/);
  });

  it('accepts every sample, hostile guest and fixture we ship (real toolchain output)', () => {
    const files = [
      ...wasmFilesUnder(join(root, 'samples')),
      ...wasmFilesUnder(join(root, 'hostile')).filter((f) => !f.includes('bad-input')),
      ...wasmFilesUnder(join(root, 'e2e')),
      ...wasmFilesUnder(join(root, 'src/runtime/adapt')),
    ];
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      expect(() => assertSafeNames(new Uint8Array(readFileSync(file))), file).not.toThrow();
    }
  });
});
