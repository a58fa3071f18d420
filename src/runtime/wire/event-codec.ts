/**
 * Call events on the wire from a run worker to the page: numbers in typed arrays (transferred,
 * not copied) and every distinct text once per run in a string table, instead of one object
 * graph per call for the structured clone. A batch of 512 calls that repeat the same
 * interface, function, rule, paths and results then costs a few KB and almost no work on the
 * page's main thread (the clone of 20,000 event objects took longer than the calls themselves).
 *
 * Within a batch each event is written as what differs from the one before it (a bit set, then
 * the slots that changed): a run of similar calls costs a few ints per call, not a record of
 * sixteen (the bytes are what crossing costs: the page is in another process).
 *
 * The decoder is the check where events enter the page: it accepts exactly the events
 * `callEventSchema` (zod, ../event-schema.ts) accepts — every id in range, every text within
 * its field's cap, every number of the right kind — and turns anything else into an error.
 */
import type { CallEvent, CallFacts, Verdict } from '../events';
import { MAX_FIELD_CHARS } from '../event-limits';

/** One batch of events as it crosses. */
export interface EncodedEvents {
  /** Texts new to this run, appended to the table in this order. */
  strings: string[];
  /**
   * Per event: a bit set (bit i: slot i of the record below, bit ARG_BIT + i: argument i), then
   * the slots and arguments whose bit is set, in order; the others are the previous event's
   * (the batch's first event follows an event of NONE everywhere, seq -1). The seq slot's bit
   * says the seq is not the previous one + 1. Arguments past MASKED_ARGS are always written.
   */
  ints: Int32Array;
  /** Per event: `t`. */
  times: Float64Array;
}

const VERDICTS: readonly Verdict[] = ['granted', 'denied', 'trapped'];
// Slots of an event's record in `ints`.
const SEQ = 0;
const IFACE = 1;
const FN = 2;
const VERDICT = 3;
const RULE = 4;
const RESULT = 5;
const REASON = 6;
/** -1: no facts object; else a bit set of the facts present (FACT_* below). */
const FACTS = 7;
const PATH = 8;
const TARGET = 9;
const MOUNT = 10;
const MUTATES = 11;
const URL = 12;
const METHOD = 13;
const ARGC = 14;
const FIXED = 15;

/** Bit of argument 0 in an event's bit set; arguments past MASKED_ARGS have no bit. */
const ARG_BIT = FIXED;
const MASKED_ARGS = 31 - ARG_BIT;

const NONE = -1;
/** Distinct texts the encoder remembers; past it, it starts again (texts are sent anew). */
const MAX_INTERNED = 65_536;

/** Encodes events for one run (its string table lives as long as the run). */
export class EventEncoder {
  private readonly ids = new Map<string, number>();
  private nextId = 0;
  private strings: string[] = [];
  private ints = new Int32Array(4096);
  private used = 0;
  private times = new Float64Array(512);
  private events = 0;
  /**
   * The text last seen in each slot of the record and its id: interface, function, rule and
   * most results repeat from one call to the next, often as the very same string, and the
   * comparison costs less than a lookup (an id stays valid once sent: the decoder's table only
   * grows).
   */
  private readonly lastText: (string | undefined)[] = new Array<string | undefined>(FIXED + 1).fill(
    undefined,
  );
  private readonly lastId = new Int32Array(FIXED + 1);

  get count(): number {
    return this.events;
  }

  private id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.ids.size >= MAX_INTERNED) this.ids.clear();
      id = this.nextId++;
      this.ids.set(text, id);
      this.strings.push(text);
    }
    return id;
  }

  /** `id`, remembering the last text of one slot. */
  private slotId(slot: number, text: string): number {
    if (this.lastText[slot] === text) return this.lastId[slot]!;
    const id = this.id(text);
    this.lastText[slot] = text;
    this.lastId[slot] = id;
    return id;
  }

  private optional(text: string | undefined): number {
    return text === undefined ? NONE : this.id(text);
  }

  /** The record being encoded, and the previous event's (the delta's base). */
  private readonly rec = new Int32Array(FIXED);
  private readonly prev = new Int32Array(FIXED).fill(NONE);
  private argIds: number[] = [];
  private prevArgIds: number[] = [];

  push(e: CallEvent): void {
    const args = e.args;
    const argc = args.length;
    const r = this.rec;
    r[SEQ] = e.seq;
    r[IFACE] = this.slotId(IFACE, e.interface);
    r[FN] = this.slotId(FN, e.function);
    r[VERDICT] = e.verdict === 'granted' ? 0 : VERDICTS.indexOf(e.verdict);
    r[RULE] = this.slotId(RULE, e.rule);
    r[RESULT] = this.slotId(RESULT, e.result);
    r[REASON] = this.optional(e.reason);
    const f = e.facts;
    if (f === undefined) {
      r[FACTS] = NONE;
      r[PATH] = NONE;
      r[TARGET] = NONE;
      r[MOUNT] = NONE;
      r[MUTATES] = NONE;
      r[URL] = NONE;
      r[METHOD] = NONE;
    } else {
      r[FACTS] = 0;
      r[PATH] = f.path === undefined ? NONE : this.slotId(PATH, f.path);
      r[TARGET] = this.optional(f.target);
      r[MOUNT] = f.mount ?? NONE;
      r[MUTATES] = f.mutates === undefined ? NONE : f.mutates ? 1 : 0;
      r[URL] = this.optional(f.url);
      r[METHOD] = this.optional(f.method);
    }
    r[ARGC] = argc;
    const ids = this.argIds;
    ids.length = argc;
    // The first argument is most often the resource the method is called on.
    if (argc > 0) ids[0] = this.slotId(FIXED, args[0]!);
    for (let i = 1; i < argc; i++) ids[i] = this.id(args[i]!);

    const need = this.used + 1 + FIXED + argc;
    if (need > this.ints.length) {
      const grown = new Int32Array(Math.max(need, this.ints.length * 2));
      grown.set(this.ints.subarray(0, this.used));
      this.ints = grown;
    }
    const out = this.ints;
    const p = this.prev;
    const prevIds = this.prevArgIds;
    const maskAt = this.used;
    let at = maskAt + 1;
    let mask = 0;
    if (r[SEQ] !== p[SEQ]! + 1) {
      mask |= 1 << SEQ;
      out[at++] = r[SEQ]!;
    }
    for (let slot = 1; slot < FIXED; slot++) {
      const v = r[slot]!;
      if (v !== p[slot]) {
        mask |= 1 << slot;
        out[at++] = v;
      }
    }
    for (let i = 0; i < argc; i++) {
      const id = ids[i]!;
      if (i >= MASKED_ARGS) out[at++] = id;
      else if (i >= prevIds.length || id !== prevIds[i]) {
        mask |= 1 << (ARG_BIT + i);
        out[at++] = id;
      }
    }
    out[maskAt] = mask;
    this.used = at;
    p.set(r);
    this.argIds = prevIds;
    this.prevArgIds = ids;
    if (this.events === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[this.events++] = e.t;
  }

  /** The events pushed since the last take (undefined when there are none). */
  take(): EncodedEvents | undefined {
    if (this.events === 0) return undefined;
    const out: EncodedEvents = {
      strings: this.strings,
      ints: this.ints.slice(0, this.used),
      times: this.times.slice(0, this.events),
    };
    this.strings = [];
    this.used = 0;
    this.events = 0;
    // Each batch stands alone (but for the string table).
    this.prev.fill(NONE);
    this.prevArgIds.length = 0;
    return out;
  }
}

/** Most events one batch may carry (as the object schema allowed). */
export const MAX_EVENTS_PER_BATCH = 100_000;
/** Most new texts one batch may carry (each within MAX_FIELD_CHARS). */
const MAX_STRINGS_PER_BATCH = 1_000_000;

export class EventDecodeError extends Error {}

/** Decodes the batches of one run, in order; throws EventDecodeError on anything malformed. */
export class EventDecoder {
  private readonly table: string[] = [];

  /** The events, or what was wrong with them (for the message that stops the run). */
  tryDecode(value: unknown): CallEvent[] | { malformed: string } {
    try {
      return this.decode(value);
    } catch (error) {
      return { malformed: error instanceof Error ? error.message : 'malformed call events' };
    }
  }

  decode(value: unknown): CallEvent[] {
    const bad = (what: string): never => {
      throw new EventDecodeError(`malformed call events: ${what}`);
    };
    if (typeof value !== 'object' || value === null) return bad('not an object');
    const { strings, ints, times } = value as Partial<EncodedEvents>;
    if (!Array.isArray(strings) || strings.length > MAX_STRINGS_PER_BATCH) bad('string table');
    if (!(ints instanceof Int32Array) || !(times instanceof Float64Array)) bad('arrays');
    const added = strings as unknown[];
    for (let i = 0; i < added.length; i++) {
      const s = added[i];
      if (typeof s !== 'string' || s.length > MAX_FIELD_CHARS) bad('a text');
    }
    if ((times as Float64Array).length > MAX_EVENTS_PER_BATCH) bad('too many events');
    const table = this.table;
    for (const s of added as string[]) table.push(s);
    const r = ints as Int32Array;
    const t = times as Float64Array;
    const text = (id: number, max: number): string => {
      const s = id >= 0 && id < table.length ? table[id]! : bad('a text id');
      return s.length <= max ? s : bad('a text over its cap');
    };
    const optional = (id: number, max: number): string | undefined =>
      id === NONE ? undefined : text(id, max);
    const events: CallEvent[] = new Array<CallEvent>(t.length);
    // The previous event's record and argument ids (the delta's base), as the encoder's.
    const rec = new Int32Array(FIXED).fill(NONE);
    let prevArgs: number[] = [];
    let at = 0;
    for (let n = 0; n < t.length; n++) {
      if (at >= r.length) bad('truncated');
      const mask = r[at++]!;
      if (mask < 0) bad('bit set');
      if (mask & (1 << SEQ)) {
        if (at >= r.length) bad('truncated');
        rec[SEQ] = r[at++]!;
      } else rec[SEQ] = rec[SEQ]! + 1;
      for (let slot = 1; slot < FIXED; slot++) {
        if (mask & (1 << slot)) {
          if (at >= r.length) bad('truncated');
          rec[slot] = r[at++]!;
        }
      }
      const argc = rec[ARGC]!;
      if (argc < 0 || argc > 64) bad('argument count');
      if (argc < MASKED_ARGS && mask >>> (ARG_BIT + argc) !== 0) bad('bit set');
      const argIds = new Array<number>(argc);
      for (let i = 0; i < argc; i++) {
        if (i >= MASKED_ARGS || mask & (1 << (ARG_BIT + i))) {
          if (at >= r.length) bad('truncated');
          argIds[i] = r[at++]!;
        } else argIds[i] = i < prevArgs.length ? prevArgs[i]! : bad('argument id');
      }
      prevArgs = argIds;
      const seq = rec[SEQ]!;
      const time = t[n]!;
      const verdict = VERDICTS[rec[VERDICT]!] ?? bad('verdict');
      if (seq < 0) bad('seq');
      if (!Number.isFinite(time)) bad('time');
      const args = new Array<string>(argc);
      for (let i = 0; i < argc; i++) args[i] = text(argIds[i]!, MAX_FIELD_CHARS);
      const event: CallEvent = {
        seq,
        t: time,
        interface: text(rec[IFACE]!, 256),
        function: text(rec[FN]!, 256),
        args,
        verdict,
        rule: text(rec[RULE]!, 512),
        result: text(rec[RESULT]!, MAX_FIELD_CHARS),
      };
      const reason = optional(rec[REASON]!, MAX_FIELD_CHARS);
      if (reason !== undefined) event.reason = reason;
      const factsFlag = rec[FACTS]!;
      if (factsFlag !== NONE) {
        if (factsFlag !== 0) bad('facts');
        const facts: CallFacts = {};
        const path = optional(rec[PATH]!, MAX_FIELD_CHARS);
        const target = optional(rec[TARGET]!, MAX_FIELD_CHARS);
        const url = optional(rec[URL]!, MAX_FIELD_CHARS);
        const method = optional(rec[METHOD]!, 64);
        const mount = rec[MOUNT]!;
        const mutates = rec[MUTATES]!;
        if (path !== undefined) facts.path = path;
        if (target !== undefined) facts.target = target;
        if (mount !== NONE) facts.mount = mount >= 0 ? mount : bad('mount');
        if (mutates !== NONE)
          facts.mutates = mutates === 1 ? true : mutates === 0 ? false : bad('mutates');
        if (url !== undefined) facts.url = url;
        if (method !== undefined) facts.method = method;
        event.facts = facts;
      }
      events[n] = event;
    }
    if (at !== r.length) bad('trailing data');
    return events;
  }
}
