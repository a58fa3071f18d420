/**
 * The one base64 of Airlock (RFC 4648 §4 and §5), for bytes, without `btoa`/`atob` (which work
 * on Latin-1 strings and throw on bad input). The decoders never throw: they say what is wrong
 * and where.
 *
 * Two dialects, one decoder:
 * - standard (manifest seed files, sandbox files): whitespace (line breaks in long values) is
 *   ignored; padding is optional but, when present, must be right; base64url characters are
 *   refused with a hint.
 * - url (links): padding and whitespace are refused (links never carry them); standard-only
 *   characters are refused with a hint.
 */

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function values(alphabet: string): Int16Array {
  const value = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  return value;
}
const STD_VALUE = values(STD);
const URL_VALUE = values(URL);

function encodeWith(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk +=
      alphabet[(v >> 18) & 63]! +
      alphabet[(v >> 12) & 63]! +
      alphabet[(v >> 6) & 63]! +
      alphabet[v & 63]!;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = n - i;
  if (rest === 1) {
    const v = (bytes[i] ?? 0) << 16;
    chunk += alphabet[(v >> 18) & 63]! + alphabet[(v >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    chunk +=
      alphabet[(v >> 18) & 63]! +
      alphabet[(v >> 12) & 63]! +
      alphabet[(v >> 6) & 63]! +
      (pad ? '=' : '');
  }
  parts.push(chunk);
  return parts.join('');
}

/** Bytes → standard base64 with padding (seed files, the sandbox file's `componentBytes`). */
export function encodeBase64(bytes: Uint8Array): string {
  return encodeWith(bytes, STD, true);
}

/** Bytes → base64url without padding (the link alphabet: `A-Z a-z 0-9 - _`). */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeWith(bytes, URL, false);
}

/** Text → standard base64 of its UTF-8 bytes. */
export function encodeUtf8Base64(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}

/** A failure names the first bad character (`index`, `length` in the text) in plain words. */
export type Base64Result =
  { ok: true; bytes: Uint8Array } | { ok: false; message: string; index: number; length: number };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function badStandard(text: string, i: number): string {
  const ch = text[i] ?? '';
  const hint =
    ch === '-' || ch === '_'
      ? `"${ch}" belongs to base64url; standard base64 uses "${ch === '-' ? '+' : '/'}"`
      : `${JSON.stringify(ch)} is not a base64 character (A-Z, a-z, 0-9, +, /)`;
  return `Invalid base64: ${hint}.`;
}

function badUrl(text: string, i: number): string {
  const c = text.charCodeAt(i);
  const ch = text[i] ?? '';
  const shown =
    c < 0x20 || c === 0x7f
      ? `a control character (U+${c.toString(16).padStart(4, '0')})`
      : JSON.stringify(ch);
  const hint =
    ch === '+' || ch === '/'
      ? ' (standard base64, not base64url)'
      : ch === '='
        ? ' (padding is not used in links)'
        : ch === '%'
          ? ' (the link was percent-encoded along the way)'
          : '';
  return `Invalid base64url at character ${i + 1}: ${shown}${hint}.`;
}

/** Sextets (values 0-63) → bytes; a last group of 2 or 3 sextets gives 1 or 2 bytes. */
function bytesOf(sextets: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(Math.floor((count * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const v =
      (sextets[i]! << 18) | (sextets[i + 1]! << 12) | (sextets[i + 2]! << 6) | sextets[i + 3]!;
    out[o++] = (v >> 16) & 0xff;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = count - i;
  if (rest >= 2) {
    const v =
      (sextets[i]! << 18) | (sextets[i + 1]! << 12) | (rest === 3 ? sextets[i + 2]! << 6 : 0);
    out[o++] = (v >> 16) & 0xff;
    if (rest === 3) out[o] = (v >> 8) & 0xff;
  }
  return out;
}

/**
 * Standard base64 → bytes. Whitespace is ignored; padding is optional but, when present, must
 * be right; base64url characters are refused with a hint.
 */
export function decodeBase64(text: string): Base64Result {
  const sextets = new Uint8Array(text.length);
  let count = 0;
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
    const v = c < 128 ? STD_VALUE[c]! : -1;
    if (v < 0) return { ok: false, message: badStandard(text, i), index: i, length: 1 };
    if (padStart >= 0) {
      return {
        ok: false,
        message: 'Invalid base64: "=" padding may only appear at the end.',
        index: padStart,
        length: 1,
      };
    }
    sextets[count++] = v;
  }
  if (count % 4 === 1) {
    return {
      ok: false,
      message: 'Invalid base64: the text is cut short (one character too many or too few).',
      index: Math.max(0, text.length - 1),
      length: 1,
    };
  }
  if (padCount > 0 && (padCount > 2 || (count + padCount) % 4 !== 0)) {
    return {
      ok: false,
      message: 'Invalid base64: wrong number of "=" padding characters at the end.',
      index: padStart,
      length: padCount,
    };
  }
  return { ok: true, bytes: bytesOf(sextets, count) };
}

/**
 * Strict base64url → bytes. Padding and whitespace are refused (links never carry them); so are
 * characters outside the alphabet, with their position, and a length that no encoder produces
 * (a cut-off link).
 */
export function decodeBase64Url(text: string): Base64Result {
  const n = text.length;
  const sextets = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? URL_VALUE[c]! : -1;
    if (v < 0) return { ok: false, message: badUrl(text, i), index: i, length: 1 };
    sextets[i] = v;
  }
  if (n % 4 === 1)
    return {
      ok: false,
      message: 'Invalid base64url: the data is cut off (its length is impossible).',
      index: Math.max(0, n - 1),
      length: 1,
    };
  return { ok: true, bytes: bytesOf(sextets, n) };
}

/**
 * Standard base64 that has already been validated (a resolved manifest's seed files) → bytes.
 * Throws on bad input, as `atob` did.
 */
export function base64ToBytes(text: string): Uint8Array {
  const r = decodeBase64(text);
  if (!r.ok) throw new SyntaxError(r.message);
  return r.bytes;
}
