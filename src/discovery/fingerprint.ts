/**
 * Comparable forms of events: a key per call (for aligning two traces), a canonical line per
 * event and a fingerprint per trace (for "did these two runs do the same thing").
 */
import type { CallEvent } from '../runtime/events';
import { MONOTONIC_CLOCK, WALL_CLOCK, isRandomInterface } from './trace-facts';

export interface EventKeyOptions {
  /**
   * Replace what changes from run to run even when the program does the same thing: clock
   * readings and random values (results), byte contents (`<16 bytes "…">` → `<bytes>`) and file
   * timestamps.
   */
  maskVolatile?: boolean;
}

export interface FingerprintOptions extends EventKeyOptions {
  /** Leave out rules and reasons, to compare runs under different manifests. */
  ignoreRules?: boolean;
}

const BYTES = /<\d+ bytes?(?: "(?:[^"\\]|\\.)*")?>/g;
const TIMESTAMP = /(timestamp: )\{[^{}]*\}/g;

function maskText(text: string): string {
  return text.replace(BYTES, '<bytes>').replace(TIMESTAMP, '$1…');
}

function isVolatileInterface(iface: string): boolean {
  return iface === WALL_CLOCK || iface === MONOTONIC_CLOCK || isRandomInterface(iface);
}

/** Which call this is: interface, function and arguments (the alignment key of two traces). */
export function callKey(event: CallEvent, options: EventKeyOptions = {}): string {
  const args = options.maskVolatile ? event.args.map(maskText) : event.args;
  return `${event.interface} ${event.function} ${JSON.stringify(args)}`;
}

/** One line standing for the event, everything but `t` (and `seq`, which the order gives). */
export function canonicalEvent(event: CallEvent, options: FingerprintOptions = {}): string {
  let result = event.result;
  if (options.maskVolatile)
    result =
      isVolatileInterface(event.interface) && event.verdict === 'granted' ? '…' : maskText(result);
  const parts = [callKey(event, options), event.verdict, result];
  if (!options.ignoreRules) parts.push(event.rule, event.reason ?? '');
  return parts.join('\u0001');
}

/** 64-bit string hash (two 32-bit lanes, cyrb53-style mixing), as 16 hex digits. */
function hash64(text: string, h1 = 0xdeadbeef, h2 = 0x41c6ce57): [number, number] {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * A fingerprint of a trace: equal for two runs that made the same calls, in the same order,
 * with the same arguments, verdicts, rules and results. Time (`t`) is ignored; `maskVolatile`
 * also ignores clock readings, random values and byte contents, `ignoreRules` the rules.
 */
export function traceFingerprint(
  events: readonly CallEvent[],
  options: FingerprintOptions = {},
): string {
  let h1 = 0x9e3779b9;
  let h2 = 0x7f4a7c15;
  for (const event of events) [h1, h2] = hash64(canonicalEvent(event, options) + '\n', h1, h2);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `${events.length}:${hex(h1)}${hex(h2)}`;
}
