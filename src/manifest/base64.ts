/** Strict base64 (RFC 4648 §4) decoding with a position for the first bad character. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export type Base64Result =
  { ok: true; bytes: Uint8Array } | { ok: false; message: string; index: number; length: number };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Decodes standard base64. Whitespace (line breaks in long values) is ignored; padding is
 * optional but, when present, must be right; base64url characters are refused with a hint.
 */
export function decodeBase64(text: string): Base64Result {
  const sextets: number[] = [];
  let padStart = -1;
  let padCount = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 0x3d /* = */) {
      if (padStart < 0) padStart = i;
      padCount++;
      continue;
    }
    const v = c < 128 ? (VALUE[c] ?? -1) : -1;
    if (v < 0) {
      const ch = text[i] ?? '';
      const hint =
        ch === '-' || ch === '_'
          ? `"${ch}" belongs to base64url; standard base64 uses "${ch === '-' ? '+' : '/'}"`
          : `${JSON.stringify(ch)} is not a base64 character (A-Z, a-z, 0-9, +, /)`;
      return { ok: false, message: `Invalid base64: ${hint}.`, index: i, length: 1 };
    }
    if (padStart >= 0) {
      return {
        ok: false,
        message: 'Invalid base64: "=" padding may only appear at the end.',
        index: padStart,
        length: 1,
      };
    }
    sextets.push(v);
  }
  const rem = sextets.length % 4;
  if (rem === 1) {
    return {
      ok: false,
      message: 'Invalid base64: the text is cut short (one character too many or too few).',
      index: Math.max(0, text.length - 1),
      length: 1,
    };
  }
  if (padCount > 0 && (padCount > 2 || (sextets.length + padCount) % 4 !== 0)) {
    return {
      ok: false,
      message: 'Invalid base64: wrong number of "=" padding characters at the end.',
      index: padStart,
      length: padCount,
    };
  }
  const out = new Uint8Array(Math.floor((sextets.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < sextets.length; i += 4) {
    const a = sextets[i] ?? 0;
    const b = sextets[i + 1] ?? 0;
    const c = sextets[i + 2] ?? 0;
    const d = sextets[i + 3] ?? 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return { ok: true, bytes: out };
}
