import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64, encodeBase64Url } from './base64';
import type { Sandbox } from './sandbox';
import { parseSandboxFile, sandboxFileName, serializeSandboxFile } from './sandbox-file';
import { sha256Hex, sha256HexSync } from './sha256';

const BYTES = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0xff]);
const SHA = createHash('sha256').update(BYTES).digest('hex');

const UPLOAD: Sandbox = {
  manifestText: '// keep me\n{ "args": ["x"] } /* and me */\n',
  component: { kind: 'upload', sha256: SHA, name: 'tool.wasm', size: BYTES.length },
  files: { '/data/a.txt': 'A' },
  lesson: 'intro',
};

async function fails(input: string | Uint8Array): Promise<string> {
  const r = await parseSandboxFile(input);
  if (r.ok) throw new Error('expected a failure');
  return r.reason;
}

describe('sandbox file', () => {
  it('round-trips with embedded component bytes', async () => {
    const text = serializeSandboxFile(UPLOAD, BYTES);
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw.airlock).toBe('sandbox');
    expect(raw.version).toBe(1);
    expect(Object.keys(raw)).toEqual([
      'airlock',
      'version',
      'manifestText',
      'component',
      'files',
      'lesson',
      'componentBytes',
    ]);
    expect(raw.componentBytes).toBe(Buffer.from(BYTES).toString('base64'));
    const r = await parseSandboxFile(text);
    expect(r).toEqual({ ok: true, sandbox: UPLOAD, componentBytes: BYTES, version: 1 });
    expect(r.ok && r.sandbox.manifestText).toBe(UPLOAD.manifestText);
  });

  it('round-trips without bytes, and from a Uint8Array', async () => {
    const sample: Sandbox = { manifestText: '{}', component: { kind: 'sample', id: 'hello' } };
    const text = serializeSandboxFile(sample);
    expect(text.endsWith('}\n')).toBe(true);
    expect(await parseSandboxFile(new TextEncoder().encode(text))).toEqual({
      ok: true,
      sandbox: sample,
      version: 1,
    });
  });

  it('refuses to embed bytes that do not belong', () => {
    expect(() => serializeSandboxFile(UPLOAD, BYTES.subarray(1))).toThrow(/bytes/);
    expect(() =>
      serializeSandboxFile({ manifestText: '{}', component: { kind: 'sample', id: 'x' } }, BYTES),
    ).toThrow(/uploaded component/);
  });

  it('tampering', async () => {
    const good = JSON.parse(serializeSandboxFile(UPLOAD, BYTES)) as Record<string, unknown>;
    const mod = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });
    expect(await fails('not json')).toMatch(/not valid JSON/);
    expect(await fails('[]')).toMatch(/not a JSON object/);
    expect(await fails(new Uint8Array([0xff, 0xfe]))).toMatch(/not UTF-8/);
    expect(await fails(mod({ airlock: 'something' }))).toMatch(/not an Airlock sandbox file/);
    expect(await fails(mod({ version: 2 }))).toMatch(/version 2, made by a newer Airlock/);
    expect(await fails(mod({ version: '1' }))).toMatch(/no valid "version"/);
    expect(await fails(mod({ extra: true }))).toMatch(/unknown field "extra"/);
    expect(await fails(mod({ componentBytes: 42 }))).toMatch(/must be base64/);
    expect(await fails(mod({ componentBytes: '!!!' }))).toMatch(/damaged: Invalid base64/);
    const flipped = new Uint8Array(BYTES);
    flipped[3] = (flipped[3] ?? 0) ^ 1;
    expect(await fails(mod({ componentBytes: encodeBase64(flipped) }))).toMatch(
      /does not match its SHA-256/,
    );
    expect(await fails(mod({ componentBytes: encodeBase64(BYTES.subarray(1)) }))).toMatch(
      /has 8 bytes, but the file says 9/,
    );
    expect(
      await fails(
        mod({ component: { kind: 'sample', id: 'hello' }, componentBytes: encodeBase64(BYTES) }),
      ),
    ).toMatch(/not an upload/);
    expect(await fails(mod({ lesson: '<script>alert(1)</script>' }))).toMatch(/lesson/);
    expect(await fails('{"airlock":"sandbox","version":1,"__proto__":{}}')).toMatch(/__proto__/);
  });

  it('never throws on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.json().map((j) => `{"airlock":"sandbox","version":1,"x":${j}}`),
          fc.uint8Array({ maxLength: 100 }),
        ),
        async (input) => {
          const r = await parseSandboxFile(input);
          return r.ok || r.reason.length > 0;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('download names', () => {
    expect(sandboxFileName(UPLOAD)).toBe('tool.airlock.json');
    expect(
      sandboxFileName({ manifestText: '', component: { kind: 'sample', id: 'read-file' } }),
    ).toBe('read-file.airlock.json');
    expect(
      sandboxFileName({ manifestText: '', component: { kind: 'url', url: 'https://x.org/' } }),
    ).toBe('sandbox.airlock.json');
  });
});

describe('sha256', () => {
  it('matches node:crypto, pure and Web Crypto', async () => {
    for (const len of [0, 1, 55, 56, 63, 64, 65, 1000]) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + 7) & 0xff);
      const want = createHash('sha256').update(data).digest('hex');
      expect(sha256HexSync(data)).toBe(want);
      expect(await sha256Hex(data)).toBe(want);
    }
  });
});

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        const back = decodeBase64Url(text);
        return (
          /^[A-Za-z0-9_-]*$/.test(text) &&
          text === Buffer.from(bytes).toString('base64url') &&
          back.ok &&
          Buffer.from(back.bytes).equals(Buffer.from(bytes))
        );
      }),
      { numRuns: 500 },
    );
    expect(encodeBase64(new Uint8Array([1, 2, 3, 4]))).toBe('AQIDBA==');
  });
});
