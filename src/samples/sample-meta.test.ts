import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parseSampleMeta, sampleMetaSchema } from './sample-meta';

const root = path.resolve(import.meta.dirname, '../..');
const samplesDir = path.join(root, 'samples');
const ids = fs
  .readdirSync(samplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const read = (id: string, file: string) => fs.readFileSync(path.join(samplesDir, id, file), 'utf8');

function readJsonc(id: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(read(id, file), errors, {
    allowTrailingComma: false,
    disallowComments: false,
  });
  if (errors.length) {
    throw new Error(
      `${id}/${file}: ${errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`).join(', ')}`,
    );
  }
  return value;
}

// The manifest format v1 of product.md, section 1: the top-level fields and their shapes.
// (A light structural check that needs nothing else from the app.)
const MANIFEST_KEYS = [
  '$schema',
  'args',
  'env',
  'cwd',
  'stdin',
  'stdout',
  'stderr',
  'mounts',
  'clocks',
  'random',
  'http',
  'sockets',
  'limits',
  'onDenied',
];
function manifestProblems(m: unknown): string[] {
  const p: string[] = [];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return ['not an object'];
  const o = m as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!MANIFEST_KEYS.includes(k)) p.push(`unknown field "${k}"`);
  for (const mount of (o.mounts as Record<string, unknown>[] | undefined) ?? []) {
    for (const k of Object.keys(mount))
      if (!['guest', 'access', 'files'].includes(k)) p.push(`unknown mount field "${k}"`);
    if (typeof mount.guest !== 'string' || !mount.guest.startsWith('/'))
      p.push('mount.guest must be an absolute path');
    if (mount.access !== undefined && mount.access !== 'read-only' && mount.access !== 'read-write')
      p.push('bad mount.access');
  }
  if (o.clocks !== undefined) {
    const c = o.clocks as Record<string, unknown>;
    for (const k of Object.keys(c))
      if (!['wall', 'monotonic'].includes(k)) p.push(`unknown clocks field "${k}"`);
    if (
      c.wall !== undefined &&
      !(
        c.wall === 'real' ||
        c.wall === 'deny' ||
        (typeof c.wall === 'string' && /^frozen:\d{4}-\d\d-\d\dT/.test(c.wall))
      )
    )
      p.push('bad clocks.wall');
    if (c.monotonic !== undefined && c.monotonic !== 'real' && c.monotonic !== 'deny')
      p.push('bad clocks.monotonic');
  }
  if (o.random !== undefined && o.random !== 'real' && o.random !== 'deny') {
    const r = o.random as Record<string, unknown>;
    if (typeof r !== 'object' || !Number.isInteger(r.seed) || Object.keys(r).length !== 1)
      p.push('bad random');
  }
  if (o.sockets !== undefined && o.sockets !== 'deny') p.push('sockets must be "deny"');
  if (o.limits !== undefined) {
    for (const k of Object.keys(o.limits as object))
      if (!['timeoutMs', 'maxOutputBytes', 'maxMemoryMiB'].includes(k))
        p.push(`unknown limits field "${k}"`);
  }
  if (o.http !== undefined) {
    for (const k of Object.keys(o.http as object))
      if (!['allow', 'mock'].includes(k)) p.push(`unknown http field "${k}"`);
  }
  return p;
}

// The app's own manifest schema, when it is there (src/manifest/schema.ts).
const manifestSchemaPath = path.join(root, 'src/manifest/schema.ts');
type SafeParser = { safeParse(v: unknown): { success: boolean; error?: { message: string } } };
const appSchema: SafeParser | undefined = fs.existsSync(manifestSchemaPath)
  ? ((await import(/* @vite-ignore */ manifestSchemaPath)) as { manifestSchema?: SafeParser })
      .manifestSchema
  : undefined;

describe('samples/*/sample.json', () => {
  it('finds the samples', () => {
    expect(ids.length).toBeGreaterThanOrEqual(10);
  });

  it('orders the walk-through without gaps or duplicates', () => {
    const orders = ids
      .map((id) => parseSampleMeta(JSON.parse(read(id, 'sample.json'))).order)
      .sort((a, b) => a - b);
    expect(orders).toEqual(orders.map((_, i) => i + 1));
  });

  it('covers at least two source languages', () => {
    const langs = new Set(
      ids.map((id) => parseSampleMeta(JSON.parse(read(id, 'sample.json'))).language),
    );
    expect(langs.size).toBeGreaterThanOrEqual(2);
  });

  for (const id of ids) {
    describe(id, () => {
      const meta = () => parseSampleMeta(JSON.parse(read(id, 'sample.json')), `${id}/sample.json`);

      it('validates against the schema and is named after its folder', () => {
        const m = meta();
        expect(m.id).toBe(id);
      });

      it('has its source, its built component, a manifest and a lesson', () => {
        const files = fs.readdirSync(path.join(samplesDir, id));
        expect(files.some((f) => ['main.c', 'main.rs', 'main.wat'].includes(f))).toBe(true);
        expect(files).toContain('manifest.jsonc');
        expect(files).toContain('lesson.md');
        const wasm = fs.readFileSync(path.join(samplesDir, id, `${id}.wasm`));
        // A component, not a core module: magic, then layer 1 (version 0x0d).
        expect([...wasm.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
        expect(wasm.length).toBeLessThan(128 * 1024);
      });

      it('has the language its source says', () => {
        const m = meta();
        const source = { c: 'main.c', rust: 'main.rs', wat: 'main.wat' }[m.language];
        expect(fs.existsSync(path.join(samplesDir, id, source))).toBe(true);
      });

      it('has manifests that parse and follow format v1', () => {
        const files = ['manifest.jsonc', ...(meta().variants ?? []).map((v) => v.manifest)];
        if (fs.existsSync(path.join(samplesDir, id, 'solution.jsonc')))
          files.push('solution.jsonc');
        for (const f of files) {
          const m = readJsonc(id, f);
          expect(manifestProblems(m), `${id}/${f}`).toEqual([]);
          if (appSchema) {
            const r = appSchema.safeParse(m);
            expect(r.success, `${id}/${f}: ${r.error?.message ?? ''}`).toBe(true);
          }
        }
      });

      it('has a lesson with the four parts', () => {
        const lesson = read(id, 'lesson.md');
        expect(lesson).toMatch(/^# /m);
        expect(lesson).toMatch(/^## What it does/m);
        expect(lesson).toMatch(/^## Change the manifest/m);
        expect(lesson).toMatch(/^## In the capability log/m);
        expect(lesson).toMatch(/^## Challenge/m);
      });
    });
  }
});

describe('sampleMetaSchema', () => {
  const valid = {
    id: 'read-file',
    title: 'Reading a read-only mount',
    order: 3,
    language: 'c',
    summary: 'one sentence',
    expect: {
      exitCode: 0,
      stdoutIncludes: ['x'],
      verdicts: [
        {
          interface: 'wasi:filesystem/types',
          function: '[method]descriptor.open-at',
          verdict: 'denied',
        },
      ],
    },
    variants: [
      { name: 'read-write mount', manifest: 'manifest.read-write.jsonc', expect: { exitCode: 0 } },
    ],
    challenge: {
      text: 'Make the program print the secret without any read-write mount.',
      passWhen: {
        stdoutIncludes: ['s'],
        exitCode: 0,
        noVerdict: 'trapped',
        manifest: { noReadWriteMounts: true },
      },
    },
  };

  it('accepts the documented example', () => {
    expect(sampleMetaSchema.safeParse(valid).success).toBe(true);
  });

  it('accepts exitCode null (the guest trapped)', () => {
    expect(sampleMetaSchema.safeParse({ ...valid, expect: { exitCode: null } }).success).toBe(true);
  });

  it('rejects unknown fields at every level', () => {
    expect(sampleMetaSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(
      sampleMetaSchema.safeParse({ ...valid, expect: { exitCode: 0, stdoutInclude: [] } }).success,
    ).toBe(false);
    expect(
      sampleMetaSchema.safeParse({
        ...valid,
        challenge: { text: 't', passWhen: { manifest: { noWriteMounts: true } } },
      }).success,
    ).toBe(false);
  });

  it('rejects versioned interfaces, JS-style names and unknown verdicts', () => {
    const v = (e: object) =>
      sampleMetaSchema.safeParse({ ...valid, expect: { exitCode: 0, verdicts: [e] } }).success;
    expect(
      v({ interface: 'wasi:filesystem/types@0.2.12', function: 'open-at', verdict: 'denied' }),
    ).toBe(false);
    expect(v({ interface: 'wasi:filesystem/types', function: 'openAt', verdict: 'denied' })).toBe(
      false,
    );
    expect(
      v({
        interface: 'wasi:filesystem/types',
        function: '[method]descriptor.open-at',
        verdict: 'refused',
      }),
    ).toBe(false);
    expect(
      v({
        interface: 'wasi:http/types',
        function: '[constructor]outgoing-request',
        verdict: 'granted',
      }),
    ).toBe(true);
    expect(
      v({ interface: 'wasi:http/types', function: '[static]fields.from-list', verdict: 'granted' }),
    ).toBe(true);
  });

  it('rejects a bad id, language or manifest file name', () => {
    expect(sampleMetaSchema.safeParse({ ...valid, id: 'Read File' }).success).toBe(false);
    expect(sampleMetaSchema.safeParse({ ...valid, language: 'go' }).success).toBe(false);
    expect(
      sampleMetaSchema.safeParse({
        ...valid,
        variants: [{ name: 'x', manifest: '../secret.jsonc', expect: { exitCode: 0 } }],
      }).success,
    ).toBe(false);
  });

  it('explains what is wrong', () => {
    expect(() => parseSampleMeta({ ...valid, order: 0 }, 'x/sample.json')).toThrow(
      /x\/sample\.json[\s\S]*order/,
    );
  });
});
