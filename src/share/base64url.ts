/**
 * Base64 and base64url (RFC 4648 §4 and §5) for bytes, without `btoa`/`atob` (which work on
 * Latin-1 strings and throw on bad input). The decoders never throw: they say what is wrong and
 * where.
 */

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const URL_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < URL.length; i++) URL_VALUE[URL.charCodeAt(i)] = i;

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

/** Bytes → base64url without padding (the link alphabet: `A-Z a-z 0-9 - _`). */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeWith(bytes, URL, false);
}

/** Bytes → standard base64 with padding (the sandbox file's `componentBytes`). */
export function encodeBase64(bytes: Uint8Array): string {
  return encodeWith(bytes, STD, true);
}

export type Base64UrlResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Strict base64url → bytes. Padding is refused (links never carry it); so are characters outside
 * the alphabet, with their position, and a length that no encoder produces (a cut-off link).
 */
export function decodeBase64Url(text: string): Base64UrlResult {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || URL_VALUE[c] === -1) {
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
      return { ok: false, reason: `Invalid base64url at character ${i + 1}: ${shown}${hint}.` };
    }
  }
  if (n % 4 === 1)
    return {
      ok: false,
      reason: 'Invalid base64url: the data is cut off (its length is impossible).',
    };
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v =
      ((URL_VALUE[text.charCodeAt(i)] ?? 0) << 18) |
      ((URL_VALUE[text.charCodeAt(i + 1)] ?? 0) << 12) |
      ((URL_VALUE[text.charCodeAt(i + 2)] ?? 0) << 6) |
      (URL_VALUE[text.charCodeAt(i + 3)] ?? 0);
    out[o++] = (v >> 16) & 0xff;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = n - i;
  if (rest >= 2) {
    const v =
      ((URL_VALUE[text.charCodeAt(i)] ?? 0) << 18) |
      ((URL_VALUE[text.charCodeAt(i + 1)] ?? 0) << 12) |
      (rest === 3 ? (URL_VALUE[text.charCodeAt(i + 2)] ?? 0) << 6 : 0);
    out[o++] = (v >> 16) & 0xff;
    if (rest === 3) out[o] = (v >> 8) & 0xff;
  }
  return { ok: true, bytes: out };
}
