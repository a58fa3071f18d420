/**
 * Raw DEFLATE decompression with a hard cap on the output: a deflate bomb (a few kilobytes that
 * expand to gigabytes) stops as soon as the cap is passed, holding at most the cap plus one
 * chunk's worth of output in memory.
 */
import { Inflate } from 'fflate';

/** The most a shared link may inflate to. */
export const MAX_INFLATED_BYTES = 1024 * 1024;

/**
 * Input is fed to the inflater this many bytes at a time. DEFLATE cannot expand more than about
 * 1032:1, so one push yields at most ~530 KB before the cap is checked again.
 */
const INPUT_CHUNK = 512;

export type InflateResult =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: string; kind: 'too-large' | 'corrupt' };

export function inflateRawCapped(input: Uint8Array, maxBytes = MAX_INFLATED_BYTES): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let overflow = false;
  let ended = false;
  const inflater = new Inflate((data, final) => {
    if (overflow) return;
    total += data.length;
    if (total > maxBytes) {
      overflow = true;
      chunks.length = 0;
      return;
    }
    chunks.push(data);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < input.length && !overflow; at += INPUT_CHUNK) {
      const end = Math.min(at + INPUT_CHUNK, input.length);
      inflater.push(input.subarray(at, end), end === input.length);
    }
    if (input.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (!overflow) {
      const detail = e instanceof Error && e.message ? ` (${e.message})` : '';
      return {
        ok: false,
        kind: 'corrupt',
        reason: `The compressed data is damaged or cut off${detail}.`,
      };
    }
  }
  if (overflow)
    return {
      ok: false,
      kind: 'too-large',
      reason: `The data expands to more than ${formatBytes(maxBytes)}; it was stopped there (a sandbox is never that big, so this looks like a deflate bomb).`,
    };
  if (!ended)
    return { ok: false, kind: 'corrupt', reason: 'The compressed data is cut off before its end.' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes: out };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
