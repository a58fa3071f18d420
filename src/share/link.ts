/**
 * A sandbox is a link: `#s=v1.<base64url of deflate-raw(JSON)>`, with `?autorun=1` (run as soon
 * as it is loaded) and `?embed=1` (minimal chrome) in the query (product spec, section 3).
 *
 * Decoding never throws: a tampered, truncated or hostile link gives `{ ok: false, reason }`.
 * Every format version ever written keeps decoding; add a new one to `DECODERS`.
 */
import { deflateSync } from 'fflate';
import { decodeBase64Url, encodeBase64Url } from './base64';
import { urlFlag } from './url-flags';
import { MAX_INFLATED_BYTES, formatBytes, inflateRawCapped } from './inflate';
import { normalizeSandbox, parseUntrustedJson, validateSandbox, type Sandbox } from './sandbox';

/** The version `encodeSandbox` writes. */
export const LINK_VERSION = 1;

/** Above this many characters of hash the Share dialog warns that the link is long. */
export const LINK_WARN_BYTES = 8 * 1024;
/** Above this, the Share dialog offers a `.airlock.json` sandbox file instead of a link. */
export const LINK_MAX_BYTES = 32 * 1024;
/**
 * The decoder refuses payloads longer than this before doing any work (well above
 * `LINK_MAX_BYTES`: a long link still opens, it is just not offered).
 */
export const MAX_PAYLOAD_CHARS = 256 * 1024;

export type LinkSizeClass = 'ok' | 'warn' | 'too-big';

export type DecodeResult =
  | { ok: true; sandbox: Sandbox; autorun: boolean; embed: boolean; version: number }
  | { ok: true; sandbox: null; autorun: boolean; embed: boolean }
  | { ok: false; reason: string };

/** The part of `window.location` the decoder reads. */
export interface LocationLike {
  hash: string;
  search: string;
}

function sandboxJson(sandbox: Sandbox): string {
  return JSON.stringify(normalizeSandbox(sandbox));
}

/**
 * The hash fragment for a sandbox, without the leading "#": `s=v1.<base64url>`.
 * Throws a TypeError if the sandbox itself is invalid (a bug in the caller, not user input).
 */
export function encodeSandbox(sandbox: Sandbox): string {
  const check = validateSandbox(sandbox);
  if (!check.ok) throw new TypeError(check.reason);
  const bytes = deflateSync(new TextEncoder().encode(sandboxJson(check.sandbox)), { level: 9 });
  return `s=v${LINK_VERSION}.${encodeBase64Url(bytes)}`;
}

/** Length in bytes (= characters, it is ASCII) of the sandbox's hash, "#" included. */
export function linkSize(sandbox: Sandbox): number {
  return 1 + encodeSandbox(sandbox).length;
}

/** 'ok' up to 8 KB, 'warn' up to 32 KB, 'too-big' beyond (offer a sandbox file). */
export function classifyLinkSize(bytes: number): LinkSizeClass {
  if (bytes > LINK_MAX_BYTES) return 'too-big';
  if (bytes > LINK_WARN_BYTES) return 'warn';
  return 'ok';
}

export interface ShareUrlOptions {
  autorun?: boolean;
  embed?: boolean;
}

/**
 * The full link for the Share button: `base` (e.g. `location.origin + location.pathname`) with
 * `?autorun=1` / `?embed=1` as asked and the sandbox in the hash.
 */
export function buildShareUrl(
  base: string,
  sandbox: Sandbox,
  options: ShareUrlOptions = {},
): string {
  const cut = base.search(/[?#]/);
  const path = cut >= 0 ? base.slice(0, cut) : base;
  const params: string[] = [];
  if (options.autorun) params.push('autorun=1');
  if (options.embed) params.push('embed=1');
  return `${path}${params.length ? `?${params.join('&')}` : ''}#${encodeSandbox(sandbox)}`;
}

export type PreparedLink =
  | { ok: true; url: string; hash: string; size: number; sizeClass: LinkSizeClass }
  | { ok: false; reason: string };

/**
 * Everything the Share button needs in one call, without throwing: the URL, the hash's size and
 * its class ('ok' / 'warn' above 8 KB / 'too-big' above 32 KB: offer a sandbox file), or why
 * the sandbox cannot be shared.
 */
export function prepareShareLink(
  base: string,
  sandbox: Sandbox,
  options: ShareUrlOptions = {},
): PreparedLink {
  const check = validateSandbox(sandbox);
  if (!check.ok) return { ok: false, reason: check.reason };
  const url = buildShareUrl(base, check.sandbox, options);
  const hash = url.slice(url.indexOf('#'));
  return { ok: true, url, hash, size: hash.length, sizeClass: classifyLinkSize(hash.length) };
}

/** The value of `s=` in the hash, or null when the hash has none. */
function sandboxParam(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return null;
  for (const part of h.split('&')) {
    if (part.startsWith('s=')) return part.slice(2);
  }
  return null;
}

type PayloadDecoder = (
  payload: string,
) => { ok: true; sandbox: Sandbox } | { ok: false; reason: string };

/** v1: base64url (no padding) of raw DEFLATE of the sandbox JSON. */
function decodeV1(payload: string): ReturnType<PayloadDecoder> {
  if (payload === '') return { ok: false, reason: 'The link has no sandbox data after "v1.".' };
  const b = decodeBase64Url(payload);
  if (!b.ok)
    return { ok: false, reason: `${b.message} The link may have been cut off or altered.` };
  const inflated = inflateRawCapped(b.bytes, MAX_INFLATED_BYTES);
  if (!inflated.ok)
    return {
      ok: false,
      reason:
        inflated.kind === 'too-large'
          ? inflated.reason
          : `${inflated.reason.replace(/\.$/, '')}: the link may have been cut off or altered.`,
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return { ok: false, reason: 'The sandbox data is not valid UTF-8 text.' };
  }
  const parsed = parseUntrustedJson(text);
  if (!parsed.ok)
    return {
      ok: false,
      reason: `The sandbox data is not valid JSON (${parsed.reason}): the link was altered.`,
    };
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, reason: 'The sandbox data is not a JSON object.' };
  return validateSandbox(raw);
}

/** Link format version → decoder. Never remove an entry: old links must keep opening. */
const DECODERS: ReadonlyMap<number, PayloadDecoder> = new Map([[1, decodeV1]]);

/** Decodes the `s=` value (`v<N>.<payload>`). Never throws. */
export function decodeSandboxParam(
  value: string,
): { ok: true; sandbox: Sandbox; version: number } | { ok: false; reason: string } {
  try {
    if (value.length > MAX_PAYLOAD_CHARS + 16)
      return {
        ok: false,
        reason: `The link is too long (${formatBytes(value.length)}; at most ${formatBytes(MAX_PAYLOAD_CHARS)} of sandbox data). Share a sandbox file instead.`,
      };
    const m = /^v(\d{1,6})\.([\s\S]*)$/.exec(value);
    if (!m) {
      const shown = value.length > 12 ? `${value.slice(0, 12)}…` : value;
      return {
        ok: false,
        reason: `This is not an Airlock sandbox link: it should start with "#s=v1.", not "#s=${shown}".`,
      };
    }
    const version = Number(m[1]);
    const decoder = DECODERS.get(version);
    if (!decoder) {
      const newest = Math.max(...DECODERS.keys());
      return {
        ok: false,
        reason:
          version > newest
            ? `This link uses sandbox format v${version}, made by a newer Airlock than this one (which reads up to v${newest}). Reload the page to get the latest version.`
            : `This link uses sandbox format v${version}, which never existed.`,
      };
    }
    const r = decoder(m[2] ?? '');
    return r.ok ? { ok: true, sandbox: r.sandbox, version } : r;
  } catch (e) {
    // Belt and braces: nothing above should throw, but a link must never crash the page.
    return {
      ok: false,
      reason: `The link could not be read (${e instanceof Error ? e.message : String(e)}).`,
    };
  }
}

/**
 * Reads the sandbox from the page's location. `{ ok: true, sandbox: null }` when the hash holds
 * no sandbox (a fresh visit). Never throws.
 */
export function decodeSandboxFromLocation(location: LocationLike): DecodeResult {
  const search = typeof location.search === 'string' ? location.search : '';
  const hash = typeof location.hash === 'string' ? location.hash : '';
  const autorun = urlFlag(search, 'autorun');
  const embed = urlFlag(search, 'embed');
  const param = sandboxParam(hash);
  if (param === null) return { ok: true, sandbox: null, autorun, embed };
  const r = decodeSandboxParam(param);
  if (!r.ok) return r;
  return { ok: true, sandbox: r.sandbox, autorun, embed, version: r.version };
}
