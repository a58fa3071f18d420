/**
 * The fast check of a list of call events, used where events enter the page or the CLI (up to
 * 100,000 per message, a million per run). It accepts exactly what `callEventSchema` (zod, in
 * ./event-schema.ts) accepts — event-check.test.ts holds the two to that — at a fraction of the
 * cost: zod walks every field of every event through generic checks (0.75 s for 100,000 events
 * on the page, as much as the rest of the page's work on them).
 */
import type { CallEvent } from './events';
import { MAX_FIELD_CHARS } from './event-limits';

const VERDICTS = new Set(['granted', 'denied', 'trapped']);
const EVENT_KEYS = new Set([
  'seq',
  't',
  'interface',
  'function',
  'args',
  'verdict',
  'rule',
  'result',
  'reason',
  'facts',
]);
const FACT_KEYS = new Set(['path', 'target', 'mount', 'mutates', 'url', 'method']);
const hasOwn = Object.prototype.hasOwnProperty;

function isText(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length <= max;
}

/** zod's `.optional()`: absent or undefined. */
function isOptionalText(v: unknown, max: number): boolean {
  return v === undefined || isText(v, max);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function onlyKeys(o: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in o) if (hasOwn.call(o, key) && !allowed.has(key)) return false;
  return true;
}

function isFacts(v: unknown): boolean {
  if (!isPlainObject(v) || !onlyKeys(v, FACT_KEYS)) return false;
  const m = v.mount;
  return (
    isOptionalText(v.path, MAX_FIELD_CHARS) &&
    isOptionalText(v.target, MAX_FIELD_CHARS) &&
    (m === undefined || (typeof m === 'number' && Number.isInteger(m) && m >= 0)) &&
    (v.mutates === undefined || typeof v.mutates === 'boolean') &&
    isOptionalText(v.url, MAX_FIELD_CHARS) &&
    isOptionalText(v.method, 64)
  );
}

export function isCallEvent(v: unknown): v is CallEvent {
  if (!isPlainObject(v) || !onlyKeys(v, EVENT_KEYS)) return false;
  const { seq, t, args } = v;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return false;
  if (typeof t !== 'number' || !Number.isFinite(t)) return false;
  if (!isText(v.interface, 256) || !isText(v.function, 256)) return false;
  if (!Array.isArray(args) || args.length > 64) return false;
  for (let i = 0; i < args.length; i++) if (!isText(args[i], MAX_FIELD_CHARS)) return false;
  if (typeof v.verdict !== 'string' || !VERDICTS.has(v.verdict)) return false;
  if (!isText(v.rule, 512) || !isText(v.result, MAX_FIELD_CHARS)) return false;
  if (!isOptionalText(v.reason, MAX_FIELD_CHARS)) return false;
  return v.facts === undefined || isFacts(v.facts);
}

/** A list of at most `max` call events, each as `callEventSchema` requires. */
export function isCallEventList(v: unknown, max: number): v is CallEvent[] {
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!isCallEvent(v[i])) return false;
  return true;
}
