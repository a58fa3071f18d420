/**
 * Call events on the wire from a run worker to the page: numbers in typed arrays (transferred,
 * not copied) and every distinct text once per run in a string table, instead of one object
 * graph per call for the structured clone. A batch of 512 calls that repeat the same
 * interface, function, rule, paths and results then costs a few KB and almost no work on the
 * page's main thread (the clone of 20,000 event objects took longer than the calls themselves).
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
  /** Per event: the fields below, then `argCount` string ids. */
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

  push(e: CallEvent): void {
    const args = e.args;
    const argc = args.length;
    const need = this.used + FIXED + argc;
    if (need > this.ints.length) {
      const grown = new Int32Array(Math.max(need, this.ints.length * 2));
      grown.set(this.ints.subarray(0, this.used));
      this.ints = grown;
    }
    const r = this.ints;
    const at = this.used;
    r[at + SEQ] = e.seq;
    r[at + IFACE] = this.slotId(IFACE, e.interface);
    r[at + FN] = this.slotId(FN, e.function);
    r[at + VERDICT] = e.verdict === 'granted' ? 0 : VERDICTS.indexOf(e.verdict);
    r[at + RULE] = this.slotId(RULE, e.rule);
    r[at + RESULT] = this.slotId(RESULT, e.result);
    r[at + REASON] = this.optional(e.reason);
    const f = e.facts;
    if (f === undefined) {
      r[at + FACTS] = NONE;
      r[at + PATH] = NONE;
      r[at + TARGET] = NONE;
      r[at + MOUNT] = NONE;
      r[at + MUTATES] = NONE;
      r[at + URL] = NONE;
      r[at + METHOD] = NONE;
    } else {
      r[at + FACTS] = 0;
      r[at + PATH] = f.path === undefined ? NONE : this.slotId(PATH, f.path);
      r[at + TARGET] = this.optional(f.target);
      r[at + MOUNT] = f.mount ?? NONE;
      r[at + MUTATES] = f.mutates === undefined ? NONE : f.mutates ? 1 : 0;
      r[at + URL] = this.optional(f.url);
      r[at + METHOD] = this.optional(f.method);
    }
    r[at + ARGC] = argc;
    // The first argument is most often the resource the method is called on.
    if (argc > 0) r[at + FIXED] = this.slotId(FIXED, args[0]!);
    for (let i = 1; i < argc; i++) r[at + FIXED + i] = this.id(args[i]!);
    this.used = need;
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
    let at = 0;
    for (let n = 0; n < t.length; n++) {
      if (at + FIXED > r.length) bad('truncated');
      const argc = r[at + ARGC]!;
      if (argc < 0 || argc > 64 || at + FIXED + argc > r.length) bad('argument count');
      const seq = r[at + SEQ]!;
      const time = t[n]!;
      const verdict = VERDICTS[r[at + VERDICT]!] ?? bad('verdict');
      if (seq < 0) bad('seq');
      if (!Number.isFinite(time)) bad('time');
      const args = new Array<string>(argc);
      for (let i = 0; i < argc; i++) args[i] = text(r[at + FIXED + i]!, MAX_FIELD_CHARS);
      const event: CallEvent = {
        seq,
        t: time,
        interface: text(r[at + IFACE]!, 256),
        function: text(r[at + FN]!, 256),
        args,
        verdict,
        rule: text(r[at + RULE]!, 512),
        result: text(r[at + RESULT]!, MAX_FIELD_CHARS),
      };
      const reason = optional(r[at + REASON]!, MAX_FIELD_CHARS);
      if (reason !== undefined) event.reason = reason;
      const factsFlag = r[at + FACTS]!;
      if (factsFlag !== NONE) {
        if (factsFlag !== 0) bad('facts');
        const facts: CallFacts = {};
        const path = optional(r[at + PATH]!, MAX_FIELD_CHARS);
        const target = optional(r[at + TARGET]!, MAX_FIELD_CHARS);
        const url = optional(r[at + URL]!, MAX_FIELD_CHARS);
        const method = optional(r[at + METHOD]!, 64);
        const mount = r[at + MOUNT]!;
        const mutates = r[at + MUTATES]!;
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
      at += FIXED + argc;
    }
    if (at !== r.length) bad('trailing data');
    return events;
  }
}
