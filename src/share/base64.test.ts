/**
 * The one base64: standard (seed files, sandbox files) and url (links) dialects, one decoder.
 * The cases where the old copies (manifest/base64.ts, share/base64url.ts, `atob` in
 * vfs/tree.ts, `btoa` in export/common.ts) disagreed are pinned here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base64ToBytes,
  decodeBase64,
  decodeBase64Url,
  encodeBase64,
  encodeBase64Url,
  encodeUtf8Base64,
} from './base64';

const bytesOf = (r: ReturnType<typeof decodeBase64>) => (r.ok ? Array.from(r.bytes) : r);

describe('encoding', () => {
  it('agrees with Node for any bytes, both dialects, across chunk boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 7000 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        return (
          encodeBase64(bytes) === buffer.toString('base64') &&
          encodeBase64Url(bytes) === buffer.toString('base64url')
        );
      }),
      { numRuns: 100 },
    );
  });

  it('encodes text as its UTF-8 bytes (what btoa of a Latin-1 string could not)', () => {
    expect(encodeUtf8Base64('hé ✓')).toBe(Buffer.from('hé ✓').toString('base64'));
    expect(encodeUtf8Base64('')).toBe('');
  });
});

describe('decoding round trips', () => {
  it('decodes what it encodes, padded or not (standard) and unpadded (url)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const std = encodeBase64(bytes);
        const same = (r: ReturnType<typeof decodeBase64>) =>
          r.ok && r.bytes.length === bytes.length && r.bytes.every((b, i) => b === bytes[i]);
        return (
          same(decodeBase64(std)) &&
          same(decodeBase64(std.replace(/=+$/, ''))) &&
          same(decodeBase64Url(encodeBase64Url(bytes)))
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('where the dialects differ (on purpose)', () => {
  it('padding: optional in standard, refused in links', () => {
    expect(bytesOf(decodeBase64('AAE='))).toEqual([0, 1]);
    expect(bytesOf(decodeBase64('AAE'))).toEqual([0, 1]);
    expect(decodeBase64Url('AAE=')).toEqual({
      ok: false,
      message: 'Invalid base64url at character 4: "=" (padding is not used in links).',
      index: 3,
      length: 1,
    });
  });

  it('whitespace: ignored in standard (long values wrap), refused in links', () => {
    expect(bytesOf(decodeBase64('AAEC\n AwQ=\r\n'))).toEqual([0, 1, 2, 3, 4]);
    expect(decodeBase64Url('AAEC\nAwQ')).toMatchObject({
      ok: false,
      message: 'Invalid base64url at character 5: a control character (U+000a).',
    });
  });

  it("each dialect refuses the other's characters with a hint", () => {
    expect(decodeBase64('ab-_')).toMatchObject({
      ok: false,
      message: 'Invalid base64: "-" belongs to base64url; standard base64 uses "+".',
      index: 2,
    });
    expect(bytesOf(decodeBase64Url('ab-_'))).toEqual([0x69, 0xbf, 0xbf]);
    expect(decodeBase64Url('ab+/')).toMatchObject({
      ok: false,
      message: 'Invalid base64url at character 3: "+" (standard base64, not base64url).',
    });
    expect(decodeBase64Url('ab%2B')).toMatchObject({
      message: expect.stringContaining('percent-encoded') as string,
    });
  });
});

describe('errors both dialects agree on', () => {
  it('a length no encoder produces is cut off', () => {
    expect(decodeBase64('A')).toMatchObject({
      ok: false,
      message: expect.stringContaining('cut short') as string,
    });
    expect(decodeBase64Url('AAAAA')).toMatchObject({
      ok: false,
      message: expect.stringContaining('cut off') as string,
    });
  });

  it('padding in the middle or too much of it', () => {
    expect(decodeBase64('AA=A')).toMatchObject({
      ok: false,
      index: 2,
      message: expect.stringContaining('only appear at the end') as string,
    });
    expect(decodeBase64('AA===')).toMatchObject({ ok: false, index: 2, length: 3 });
    expect(decodeBase64('AAA==')).toMatchObject({
      ok: false,
      message: expect.stringContaining('wrong number') as string,
    });
  });

  it('points at the first bad character, non-ASCII included', () => {
    expect(decodeBase64('AAAA\nAA!A')).toMatchObject({ ok: false, index: 7 });
    expect(decodeBase64('AAé')).toMatchObject({ ok: false, index: 2 });
    expect(decodeBase64Url('AAé')).toMatchObject({ ok: false, index: 2 });
  });
});

describe('base64ToBytes (validated seed files into the volume)', () => {
  it('decodes what the manifest accepted', () => {
    expect(Array.from(base64ToBytes('AAH/\n'))).toEqual([0, 1, 255]);
  });

  it('throws on text the manifest refuses (atob accepted a form feed and non-breaking spaces)', () => {
    expect(() => base64ToBytes('AA\fAA')).toThrow(SyntaxError);
    expect(() => base64ToBytes('AAAA\u00a0')).toThrow(/not a base64 character/);
  });
});
