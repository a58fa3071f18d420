/**
 * What the CLI accepts from the guest process (it runs the guest, so every message is untrusted
 * input), checked by hand: zod costs the CLI ~120 ms to load at each start (docs/performance.md ›
 * CLI start). The messages are RunEvents (../../run-event.ts); this accepts the part of
 * `runEventSchema` a guest process sends (instantiating, started, batch without files, done)
 * plus its own `ready`, and nothing `runEventSchema` refuses (check-message.test.ts holds the
 * two together). The calls inside a batch are checked as they are decoded (EventDecoder).
 */
import { MAX_FIELD_CHARS } from '../../event-limits';
import type { GuestProcessMessage } from '../thread-protocol';

const STATUSES = new Set(['exited', 'trapped', 'error']);
const MAX_LIST = 100_000;
const MAX_OUTPUT_BYTES = 64 << 20;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (m: Record<string, unknown>, ...allowed: string[]) =>
  Object.keys(m).every((k) => allowed.includes(k));

function isEncodedEvents(v: unknown): boolean {
  return (
    isRecord(v) &&
    Array.isArray(v.strings) &&
    v.ints instanceof Int32Array &&
    v.times instanceof Float64Array
  );
}

/** A list of at most MAX_LIST objects, each passing `ok`. */
function isListOf(v: unknown, ok: (item: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(v) && v.length <= MAX_LIST && v.every((x) => isRecord(x) && ok(x));
}

const isOutputChunk = (c: Record<string, unknown>) =>
  hasOnly(c, 'stream', 'bytes') &&
  (c.stream === 'stdout' || c.stream === 'stderr') &&
  c.bytes instanceof Uint8Array &&
  c.bytes.byteLength <= MAX_OUTPUT_BYTES;

function isCounted(v: unknown): boolean {
  return (
    isRecord(v) &&
    hasOnly(v, 'granted', 'byInterface') &&
    isCount(v.granted) &&
    isRecord(v.byInterface) &&
    Object.entries(v.byInterface).every(([k, n]) => k.length <= 256 && isCount(n))
  );
}

const isSettledCall = (s: Record<string, unknown>) =>
  hasOnly(s, 'seq', 'result') &&
  isCount(s.seq) &&
  typeof s.result === 'string' &&
  s.result.length <= MAX_FIELD_CHARS;

function checkResult(r: unknown): string | undefined {
  if (!isRecord(r) || !hasOnly(r, 'status', 'exitCode', 'reason', 'instantiateMs')) return 'result';
  if (!STATUSES.has(r.status as string)) return 'status';
  if (r.exitCode !== null && !Number.isSafeInteger(r.exitCode)) return 'exitCode';
  if (r.reason !== undefined && (typeof r.reason !== 'string' || r.reason.length > 4096))
    return 'reason';
  if (r.instantiateMs !== undefined && !isFiniteNumber(r.instantiateMs)) return 'instantiateMs';
  return undefined;
}

/** The message if it is one (each type's shape, no other keys), else the name of what is wrong. */
export function checkGuestMessage(raw: unknown): GuestProcessMessage | string {
  if (!isRecord(raw)) return 'message';
  const m = raw;
  if (m.type === 'ready') return hasOnly(m, 'type') ? (m as GuestProcessMessage) : 'keys';
  if (!Number.isSafeInteger(m.runId)) return 'runId';
  switch (m.type) {
    case 'instantiating':
      return hasOnly(m, 'type', 'runId') ? (m as GuestProcessMessage) : 'keys';
    case 'started':
      return hasOnly(m, 'type', 'runId', 'instantiateMs') && isFiniteNumber(m.instantiateMs)
        ? (m as GuestProcessMessage)
        : 'instantiateMs';
    case 'batch':
      if (!hasOnly(m, 'type', 'runId', 'events', 'output', 'counted', 'settled')) return 'keys';
      if (!isEncodedEvents(m.events)) return 'events';
      if (!isListOf(m.output, isOutputChunk)) return 'output';
      if (m.counted !== undefined && !isCounted(m.counted)) return 'counted';
      if (m.settled !== undefined && !isListOf(m.settled, isSettledCall)) return 'settled';
      return m as GuestProcessMessage;
    case 'done': {
      if (!hasOnly(m, 'type', 'runId', 'result')) return 'keys';
      return checkResult(m.result) ?? (m as GuestProcessMessage);
    }
    default:
      return 'type';
  }
}
