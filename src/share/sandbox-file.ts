/**
 * The `.airlock.json` sandbox file, for sandboxes too big for a link (and the only way to share
 * an uploaded component's bytes):
 *
 *   { "airlock": "sandbox", "version": 1, "manifestText": "…", "component": {…},
 *     "files": {…}?, "lesson": "…"?, "componentBytes": "<base64>"? }
 *
 * Parsing is as strict as the link decoder and never throws; embedded component bytes must match
 * the upload's declared size and SHA-256.
 */
import { decodeBase64, encodeBase64 } from './base64';
import { formatBytes } from './inflate';
import {
  MAX_COMPONENT_BYTES,
  normalizeSandbox,
  parseUntrustedJson,
  validateSandbox,
  type Sandbox,
} from './sandbox';
import { sha256Hex } from './sha256';

export const SANDBOX_FILE_VERSION = 1;
export const SANDBOX_FILE_EXTENSION = '.airlock.json';
/** MIME type for the download. */
export const SANDBOX_FILE_MIME = 'application/json';
/** Longest sandbox file accepted, in characters. */
export const MAX_SANDBOX_FILE_CHARS = 128 * 1024 * 1024;

export type SandboxFileResult =
  | { ok: true; sandbox: Sandbox; componentBytes?: Uint8Array; version: number }
  | { ok: false; reason: string };

/**
 * The file's text. `componentBytes` (optional) embeds an uploaded component; it must belong to
 * the sandbox's `upload` component (same size). Throws a TypeError on an invalid sandbox or
 * mismatched bytes: a caller's bug, not user input.
 */
export function serializeSandboxFile(sandbox: Sandbox, componentBytes?: Uint8Array): string {
  const check = validateSandbox(sandbox);
  if (!check.ok) throw new TypeError(check.reason);
  const s = normalizeSandbox(check.sandbox);
  const out: Record<string, unknown> = { airlock: 'sandbox', version: SANDBOX_FILE_VERSION, ...s };
  if (componentBytes) {
    if (s.component.kind !== 'upload')
      throw new TypeError('componentBytes can only accompany an uploaded component');
    if (componentBytes.length !== s.component.size)
      throw new TypeError(
        `componentBytes has ${componentBytes.length} bytes but the component says ${s.component.size}`,
      );
    out.componentBytes = encodeBase64(componentBytes);
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A download name: the sample id or upload name, then `.airlock.json`. */
export function sandboxFileName(sandbox: Sandbox): string {
  const c = sandbox.component;
  const base =
    c.kind === 'sample'
      ? c.id
      : c.kind === 'upload'
        ? c.name.replace(/\.wasm$/i, '')
        : (c.url.split(/[?#]/)[0]?.split('/').pop() ?? '').replace(/\.wasm$/i, '');
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64);
  return `${safe || 'sandbox'}${SANDBOX_FILE_EXTENSION}`;
}

type FileDecoder = (raw: Record<string, unknown>) => Promise<SandboxFileResult>;

async function decodeV1(raw: Record<string, unknown>): Promise<SandboxFileResult> {
  const { airlock: _a, version: _v, componentBytes, ...rest } = raw;
  const check = validateSandbox(rest);
  if (!check.ok)
    return { ok: false, reason: check.reason.replace('The sandbox is', 'The sandbox file is') };
  const sandbox = check.sandbox;
  if (componentBytes === undefined) return { ok: true, sandbox, version: 1 };
  if (typeof componentBytes !== 'string')
    return {
      ok: false,
      reason: 'The sandbox file is not valid: componentBytes must be base64 text.',
    };
  if (sandbox.component.kind !== 'upload')
    return {
      ok: false,
      reason: `The sandbox file is not valid: it embeds component bytes but its component is a ${sandbox.component.kind}, not an upload.`,
    };
  if (componentBytes.length > Math.ceil(MAX_COMPONENT_BYTES / 3) * 4 + 16)
    return {
      ok: false,
      reason: `The embedded component is larger than ${formatBytes(MAX_COMPONENT_BYTES)}.`,
    };
  const decoded = decodeBase64(componentBytes);
  if (!decoded.ok)
    return { ok: false, reason: `The embedded component is damaged: ${decoded.message}` };
  const bytes = decoded.bytes;
  if (bytes.length !== sandbox.component.size)
    return {
      ok: false,
      reason: `The embedded component has ${bytes.length} bytes, but the file says ${sandbox.component.size}: it was altered.`,
    };
  const hash = await sha256Hex(bytes);
  if (hash !== sandbox.component.sha256)
    return {
      ok: false,
      reason: 'The embedded component does not match its SHA-256: the file was altered or damaged.',
    };
  return { ok: true, sandbox, componentBytes: bytes, version: 1 };
}

/** File format version → decoder. Never remove an entry. */
const DECODERS: ReadonlyMap<number, FileDecoder> = new Map([[1, decodeV1]]);

/** Reads a `.airlock.json` file (text or bytes). Never throws (the promise never rejects). */
export async function parseSandboxFile(input: string | Uint8Array): Promise<SandboxFileResult> {
  try {
    let text: string;
    if (typeof input === 'string') text = input;
    else {
      if (input.length > MAX_SANDBOX_FILE_CHARS)
        return {
          ok: false,
          reason: `The file is larger than ${formatBytes(MAX_SANDBOX_FILE_CHARS)}.`,
        };
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(input);
      } catch {
        return { ok: false, reason: 'This is not a sandbox file: it is not UTF-8 text.' };
      }
    }
    if (text.length > MAX_SANDBOX_FILE_CHARS)
      return {
        ok: false,
        reason: `The file is larger than ${formatBytes(MAX_SANDBOX_FILE_CHARS)}.`,
      };
    const parsed = parseUntrustedJson(text);
    if (!parsed.ok)
      return {
        ok: false,
        reason: `This is not a sandbox file: it is not valid JSON (${parsed.reason}).`,
      };
    const raw = parsed.value;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { ok: false, reason: 'This is not a sandbox file: it is not a JSON object.' };
    const obj = raw as Record<string, unknown>;
    if (obj.airlock !== 'sandbox')
      return {
        ok: false,
        reason: 'This is not an Airlock sandbox file (it lacks "airlock": "sandbox").',
      };
    const version = obj.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      return { ok: false, reason: 'The sandbox file has no valid "version" (expected 1).' };
    const decoder = DECODERS.get(version);
    if (!decoder) {
      const newest = Math.max(...DECODERS.keys());
      return {
        ok: false,
        reason: `This sandbox file uses format version ${version}, made by a newer Airlock (this one reads up to ${newest}). Reload the page to get the latest version.`,
      };
    }
    return await decoder(obj);
  } catch (e) {
    return {
      ok: false,
      reason: `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
    };
  }
}
