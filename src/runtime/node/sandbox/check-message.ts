/**
 * What the CLI accepts from the guest process (it runs the guest, so every message is untrusted
 * input), checked by hand: zod costs the CLI ~120 ms to load at each start (docs/performance.md ›
 * CLI start). The messages are RunEvents (../../run-event.ts); this accepts the part of
 * `runEventSchema` a guest process sends (instantiating, started, batch without files, done)
 * plus its own `ready`, and nothing `runEventSchema` refuses (check-message.test.ts holds the
 * two together). The calls inside a batch are checked as they are decoded (EventDecoder).
 */
import {
  checkBatch,
  checkDone,
  hasOnly,
  isFiniteNumber,
  isRecord,
  keys,
} from '../../run-event-check';
import type { GuestProcessMessage } from '../thread-protocol';

const READY_KEYS = keys('type');
const INSTANTIATING_KEYS = keys('type', 'runId');
const STARTED_KEYS = keys('type', 'runId', 'instantiateMs');

/** The message if it is one (each type's shape, no other keys), else the name of what is wrong. */
export function checkGuestMessage(raw: unknown): GuestProcessMessage | string {
  if (!isRecord(raw)) return 'message';
  const m = raw;
  if (m.type === 'ready') return hasOnly(m, READY_KEYS) ? (m as GuestProcessMessage) : 'keys';
  if (!Number.isSafeInteger(m.runId)) return 'runId';
  switch (m.type) {
    case 'instantiating':
      return hasOnly(m, INSTANTIATING_KEYS) ? (m as GuestProcessMessage) : 'keys';
    case 'started':
      return hasOnly(m, STARTED_KEYS) && isFiniteNumber(m.instantiateMs)
        ? (m as GuestProcessMessage)
        : 'instantiateMs';
    case 'batch': {
      const batch = checkBatch(m, { files: false });
      return typeof batch === 'string' ? batch : (batch as GuestProcessMessage);
    }
    case 'done': {
      const done = checkDone(m, { files: false });
      return typeof done === 'string' ? done : (done as GuestProcessMessage);
    }
    default:
      return 'type';
  }
}
