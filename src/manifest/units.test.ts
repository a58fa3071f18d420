import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64 } from '../share/base64';
import { parseHttpUrl, parseRequestTarget } from './http-origin';
import { parseRfc3339 } from './rfc3339';
import { closest } from './suggest';

describe('parseRfc3339', () => {
  it('agrees with Date.parse on whole milliseconds, any offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1970, 0, 2)),
          max: new Date(Date.UTC(9998, 11, 31)),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000)
            .toISOString()
            .slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const r = parseRfc3339(local + zone);
          if (!r.ok) return false;
          const ms = date.getTime();
          return (
            r.seconds === BigInt(Math.floor(ms / 1000)) && r.nanoseconds === (ms % 1000) * 1_000_000
          );
        },
      ),
      { numRuns: 500 },
    );
  });
  it('keeps nanoseconds, drops digits beyond them', () => {
    expect(parseRfc3339('1970-01-01T00:00:00.123456789123Z')).toEqual({
      ok: true,
      seconds: 0n,
      nanoseconds: 123456789,
    });
    expect(parseRfc3339('2024-02-29t12:00:00z').ok).toBe(true);
  });
});

describe('decodeBase64', () => {
  it('round-trips any bytes, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = btoa(String.fromCharCode(...bytes));
        const padded = decodeBase64(text);
        const bare = decodeBase64(text.replace(/=+$/, ''));
        const same = (a: Uint8Array) =>
          a.length === bytes.length && a.every((b, i) => b === bytes[i]);
        return padded.ok && bare.ok && same(padded.bytes) && same(bare.bytes);
      }),
      { numRuns: 300 },
    );
  });
  it('points at the first bad character', () => {
    expect(decodeBase64('AAAA\nAA!A')).toMatchObject({ ok: false, index: 7 });
  });
});

describe('URLs', () => {
  it('mock URLs are canonical: lower-case scheme and host, default port dropped, "/" path', () => {
    expect(parseHttpUrl('HTTPS://Api.Example.COM:443')).toMatchObject({
      ok: true,
      url: { url: 'https://api.example.com/' },
    });
    expect(parseHttpUrl('http://x.com:8080?q=1')).toMatchObject({
      ok: true,
      url: { url: 'http://x.com:8080/?q=1' },
    });
    expect(parseHttpUrl('https://u@x.com/').ok).toBe(false);
  });
  it('request targets match the WHATWG URL href for ordinary URLs', () => {
    for (const href of [
      'https://api.example.com/x?y=1',
      'http://localhost:8080/',
      'https://a.b.example.org/p/q',
    ]) {
      const u = new URL(href);
      const t = parseRequestTarget(u.protocol.slice(0, -1), u.host, u.pathname + u.search);
      expect(t.ok && t.url).toBe(u.href);
    }
  });
});

describe('closest', () => {
  it('suggests only plausible words', () => {
    expect(closest('mount', ['mounts', 'env'])).toBe('mounts');
    expect(closest('environment', ['env', 'mounts'])).toBe('env');
    expect(closest('enviroment', ['environment', 'mounts'])).toBe('environment');
    expect(closest('zzz', ['mounts', 'env'])).toBeUndefined();
  });
});
