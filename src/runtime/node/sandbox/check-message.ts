/**
 * What the CLI accepts from the guest process (it runs the guest, so every message is untrusted
 * input), checked by hand: zod costs the CLI ~120 ms to load at each start (docs/performance.md ›
 * CLI start). Events are checked as callEventSchema says, by `event-check.ts`.
 */
import { isCallEventList } from '../../event-check';
import type { GuestProcessMessage } from '../thread-protocol';

const STATUSES = new Set(['exited', 'trapped', 'error']);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The message if it is one (each type's shape, no other keys), else the name of what is wrong. */
export function checkGuestMessage(raw: unknown): GuestProcessMessage | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'message';
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  switch (m.type) {
    case 'ready':
    case 'instantiating':
      return only('type') ? (m as GuestProcessMessage) : 'keys';
    case 'started':
      return only('type', 'instantiateMs') && isFiniteNumber(m.instantiateMs)
        ? (m as GuestProcessMessage)
        : 'instantiateMs';
    case 'events':
      return only('type', 'events') && isCallEventList(m.events, 100_000)
        ? (m as GuestProcessMessage)
        : 'events';
    case 'output':
      return only('type', 'stream', 'bytes') &&
        (m.stream === 'stdout' || m.stream === 'stderr') &&
        m.bytes instanceof Uint8Array
        ? (m as GuestProcessMessage)
        : 'output';
    case 'done':
      if (!only('type', 'status', 'exitCode', 'reason') || !STATUSES.has(m.status as string))
        return 'status';
      if (m.exitCode !== null && !Number.isSafeInteger(m.exitCode)) return 'exitCode';
      if (m.reason !== undefined && (typeof m.reason !== 'string' || m.reason.length > 4096))
        return 'reason';
      return m as GuestProcessMessage;
    default:
      return 'type';
  }
}
