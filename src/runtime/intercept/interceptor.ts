/**
 * The membrane between a guest and the WASI host: every function and resource method of every
 * imported WASI interface goes through `Interceptor.call`, which asks a gate (the policy binding
 * for that call), enforces its ruling, and records one event.
 *
 * Resource classes are patched in place (their prototypes must stay the shim's own: the
 * generated bindings check `instanceof` and rebuild borrows from the prototype), once per
 * realm, and route to whichever interceptor is active. A run owns its realm (a fresh worker),
 * so there is exactly one active interceptor at a time.
 */
import { guestText } from '../guest-text';
import { PENDING, type CallEvent, type CallFacts, type Verdict } from '../events';
import type { WitFunction, WitTable } from '../wit/wit-types';
import { camelToKebab, summarize, summarizeError, type ResourceNamer } from './summarize';

/** A trap raised by Airlock itself (policy, limits, timeout): the guest stops. */
export class GuestTrap extends Error {
  readonly rule: string;
  constructor(reason: string, rule: string) {
    super(reason);
    this.name = 'GuestTrap';
    this.rule = rule;
  }
}

export interface CallSite {
  iface: string;
  fn: string;
  self: object | undefined;
  args: unknown[];
}

/** A gate's ruling on one call. */
export type Ruling =
  | {
      verdict: 'granted';
      rule: string;
      /** Replace the host's answer (frozen clock, seeded random, filtered environment). */
      value?: { value: unknown };
      /**
       * Run the host call, then look at its result (e.g. to track a new descriptor's path); a
       * returned reason is recorded with the event (e.g. why a request got no response).
       */
      after?: (result: unknown) => void | { reason: string };
      /** Run the host call, then change what the guest gets (e.g. flags on a read-only mount). */
      transform?: (result: unknown) => unknown;
      facts?: CallFacts;
    }
  | {
      verdict: 'denied';
      rule: string;
      /** WASI error tag (`access`, `read-only`, `HTTP-request-denied`, `closed`, ...). */
      error: string;
      reason: string;
      /** For functions without an error channel: what the guest sees instead. */
      value?: { value: unknown };
      facts?: CallFacts;
    }
  | { verdict: 'trapped'; rule: string; reason: string; facts?: CallFacts };

export type Gate = (site: CallSite) => Ruling;

/** Gates by interface and WIT function name; `*` is the interface's fallback. */
export type Gates = Record<string, Record<string, Gate>>;

export interface InterceptorOptions {
  witTable: WitTable;
  gates: Gates;
  /** Rule for calls no gate speaks about (they go through). */
  defaultRule: (site: CallSite) => string;
  record: (event: CallEvent) => void;
  /**
   * Whether an event of this verdict will be shown (default: yes). A run past the log's window
   * only counts granted calls: their args and results are then not summarised at all.
   */
  detailed?: (verdict: Verdict) => boolean;
  /** A call recorded as `pending…` (it returned a promise) has settled: `event.result` is set. */
  settled?: (event: CallEvent) => void;
  /** Milliseconds since the guest started. */
  now: () => number;
  nameResource?: ResourceNamer;
  /** Checked before every call: a reason to stop the guest (memory limit, ...), or undefined. */
  checkLimits?: () => { reason: string; rule: string } | undefined;
  /** When true, a denial becomes a trap (`onDenied: "trap"`). */
  trapOnDenied: boolean;
}

/** The error value a denied call throws, shaped by the function's WIT error type. */
export function errorPayload(fn: WitFunction, tag: string): unknown {
  switch (fn.error?.kind) {
    case 'variant':
      return { tag };
    case 'unit':
      return undefined;
    default:
      return tag;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    !!value &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export class Interceptor {
  private seq = 0;
  /** Facts of the call being decided, attached to the events it emits. */
  private facts: CallFacts | undefined;
  private readonly options: InterceptorOptions;
  constructor(options: InterceptorOptions) {
    this.options = options;
  }

  call(
    iface: string,
    fn: string,
    self: object | undefined,
    original: (...a: unknown[]) => unknown,
    args: unknown[],
  ): unknown {
    const o = this.options;
    const site: CallSite = { iface, fn, self, args };
    const limit = o.checkLimits?.();
    this.facts = undefined;
    if (limit) {
      this.emit(site, 'trapped', limit.rule, `trap: ${limit.reason}`, limit.reason);
      throw new GuestTrap(limit.reason, limit.rule);
    }
    const gates = o.gates[iface];
    const gate = gates ? (gates[fn] ?? gates['*']) : undefined;
    let ruling: Ruling = gate ? gate(site) : { verdict: 'granted', rule: o.defaultRule(site) };
    this.facts = ruling.facts;

    if (ruling.verdict !== 'granted') {
      const witFn = o.witTable[iface]?.[fn];
      if (ruling.verdict === 'denied' && o.trapOnDenied) {
        ruling = {
          verdict: 'trapped',
          rule: `onDenied: trap (${ruling.rule})`,
          reason: `${ruling.reason}; onDenied is "trap", so the guest stops`,
          facts: ruling.facts,
        };
      }
      if (ruling.verdict === 'denied' && !witFn?.error && !ruling.value) {
        ruling = {
          verdict: 'trapped',
          rule: ruling.rule,
          reason: `${ruling.reason}; ${fn} has no error channel, so the guest stops`,
          facts: ruling.facts,
        };
      }
      if (ruling.verdict === 'trapped') {
        this.emit(site, 'trapped', ruling.rule, `trap: ${ruling.reason}`, ruling.reason);
        throw new GuestTrap(ruling.reason, ruling.rule);
      }
      if (ruling.verdict === 'denied') {
        if (ruling.value) {
          this.emit(
            site,
            'denied',
            ruling.rule,
            summarize(ruling.value.value, o.nameResource),
            ruling.reason,
          );
          return ruling.value.value;
        }
        const payload = errorPayload(witFn!, ruling.error);
        this.emit(
          site,
          'denied',
          ruling.rule,
          `err(${summarize(payload, o.nameResource)})`,
          ruling.reason,
        );
        throw payload;
      }
    }
    if (ruling.value) {
      const detailed = o.detailed ? o.detailed('granted') : true;
      this.emit(
        site,
        'granted',
        ruling.rule,
        detailed ? summarize(ruling.value.value, o.nameResource) : '',
        undefined,
        detailed,
      );
      return ruling.value.value;
    }
    let result: unknown;
    try {
      result = original.apply(self, args);
      if (ruling.transform) result = ruling.transform(result);
    } catch (error) {
      this.emit(site, 'granted', ruling.rule, summarizeError(error, o.nameResource));
      throw error;
    }
    if (isThenable(result)) {
      const rule = ruling.rule;
      const after = ruling.after;
      const event = this.emit(site, 'granted', rule, PENDING);
      return Promise.resolve(result).then(
        (value) => {
          const note = after?.(value);
          if (note) event.reason = guestText(note.reason, MAX_REASON_CHARS);
          event.result = guestText(summarize(value, o.nameResource), MAX_REASON_CHARS);
          o.settled?.(event);
          return value;
        },
        (error: unknown) => {
          event.result = guestText(summarizeError(error, o.nameResource), MAX_REASON_CHARS);
          o.settled?.(event);
          throw error;
        },
      );
    }
    const note = ruling.after ? ruling.after(result) : undefined;
    // Past the log's window a granted call is only counted: its result is not summarised.
    const detailed = o.detailed ? o.detailed('granted') : true;
    this.emit(
      site,
      'granted',
      ruling.rule,
      detailed ? summarize(result, o.nameResource) : '',
      note ? note.reason : undefined,
      detailed,
    );
    return result;
  }

  /** `detailed`: whether this event's args are summarised (asked of `options.detailed` if absent). */
  private emit(
    site: CallSite,
    verdict: Verdict,
    rule: string,
    result: string,
    reason?: string,
    detailed?: boolean,
  ): CallEvent {
    const o = this.options;
    let args: string[];
    if (detailed ?? (o.detailed ? o.detailed(verdict) : true)) {
      const n = site.args.length;
      const self = site.self;
      args = new Array<string>(self ? n + 1 : n);
      let at = 0;
      if (self) args[at++] = summarize(self, o.nameResource);
      for (let i = 0; i < n; i++) args[at++] = summarize(site.args[i], o.nameResource);
    } else args = [];
    const event: CallEvent = {
      seq: ++this.seq,
      t: Math.round(o.now() * 1000) / 1000,
      interface: site.iface,
      function: site.fn,
      args,
      verdict,
      rule,
      result: guestText(result, MAX_REASON_CHARS),
    };
    // Reasons quote guest paths and names: escaped and capped (guest-text.ts). Facts keep the
    // exact path for tools, capped so a 60,000-byte symlink target is not in every event.
    if (reason) event.reason = guestText(reason, MAX_REASON_CHARS);
    if (this.facts) event.facts = capFacts(this.facts);
    o.record(event);
    return event;
  }
}

// ---------------------------------------------------------------------------------------------
// Installing the membrane on an import object.

let active: Interceptor | undefined;
const patched = new WeakSet<object>();

/** Makes `interceptor` the one that patched resource methods report to. */
export function activate(interceptor: Interceptor | undefined): void {
  active = interceptor;
}

type Namespace = Record<string, unknown>;

function isClass(
  key: string,
  value: unknown,
): value is { prototype: Record<string, unknown> } & Record<string, unknown> {
  return (
    typeof value === 'function' &&
    /^[A-Z]/.test(key) &&
    typeof (value as { prototype?: unknown }).prototype === 'object'
  );
}

function patchClass(
  iface: string,
  key: string,
  cls: { prototype: Record<string, unknown> } & Record<string, unknown>,
  witFns: Record<string, WitFunction>,
): void {
  if (patched.has(cls)) return;
  patched.add(cls);
  const resource = camelToKebab(key);
  for (const name of Object.getOwnPropertyNames(cls.prototype)) {
    const witName = `[method]${resource}.${camelToKebab(name)}`;
    if (!witFns[witName]) continue;
    const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, name);
    if (!descriptor || typeof descriptor.value !== 'function') continue;
    const original = descriptor.value as (...a: unknown[]) => unknown;
    cls.prototype[name] = function (this: object, ...args: unknown[]) {
      return active
        ? active.call(iface, witName, this, original, args)
        : original.apply(this, args);
    };
  }
  for (const name of Object.getOwnPropertyNames(cls)) {
    const witName = `[static]${resource}.${camelToKebab(name)}`;
    if (!witFns[witName]) continue;
    const original = cls[name] as (...a: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    cls[name] = function (this: unknown, ...args: unknown[]) {
      return active
        ? active.call(iface, witName, undefined, original, args)
        : original.apply(cls, args);
    };
  }
}

/**
 * Returns an import object whose every WASI function reports to the active interceptor, and
 * patches the resource classes it holds. Keys are versionless (`wasi:cli/environment`).
 */
export function interceptImports(
  imports: Record<string, Namespace>,
  witTable: WitTable,
): Record<string, Namespace> {
  const out: Record<string, Namespace> = {};
  for (const [iface, ns] of Object.entries(imports)) {
    const witFns = witTable[iface];
    if (!witFns) {
      out[iface] = ns;
      continue;
    }
    const wrapped: Namespace = {};
    for (const [key, value] of Object.entries(ns)) {
      if (isClass(key, value)) {
        patchClass(iface, key, value, witFns);
        wrapped[key] = value;
      } else if (typeof value === 'function' && witFns[camelToKebab(key)]) {
        const witName = camelToKebab(key);
        const original = value as (...a: unknown[]) => unknown;
        wrapped[key] = (...args: unknown[]) =>
          active ? active.call(iface, witName, undefined, original, args) : original(...args);
      } else {
        wrapped[key] = value;
      }
    }
    out[iface] = wrapped;
  }
  return out;
}

/** Runs `fn` without recording (the host reading a request's fields, not the guest). */
export function unobserved<T>(fn: () => T): T {
  const saved = active;
  active = undefined;
  try {
    return fn();
  } finally {
    active = saved;
  }
}

/** Longest reason an event carries. */
const MAX_REASON_CHARS = 1024;
/** Longest path or target an event's facts carry. */
export const MAX_FACT_CHARS = 4000;

function capFacts(facts: CallFacts): CallFacts {
  const { path, target, url } = facts;
  if (
    (path === undefined || path.length <= MAX_FACT_CHARS) &&
    (target === undefined || target.length <= MAX_FACT_CHARS) &&
    (url === undefined || url.length <= MAX_FACT_CHARS)
  )
    return facts;
  const cap = (text: string | undefined) =>
    text === undefined || text.length <= MAX_FACT_CHARS
      ? text
      : `${text.slice(0, MAX_FACT_CHARS)}…`;
  return { ...facts, path: cap(path), target: cap(target), url: cap(url) };
}
