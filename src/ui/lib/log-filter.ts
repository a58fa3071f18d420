/**
 * Capability-log filters (verdict, interface, free text) and an incremental index of the rows
 * that pass them, so that a log growing to 100,000+ events is filtered once per event, not once
 * per frame. Pure.
 */
import type { CallEvent, Verdict } from '../../runtime/events';

export interface LogFilter {
  /** Verdicts to show; an empty list shows all. */
  verdicts: readonly Verdict[];
  /** Interface to show, or '' for all. */
  iface: string;
  /** Case-insensitive text searched in function, interface, args, rule, result and reason. */
  text: string;
}

export const EMPTY_FILTER: LogFilter = Object.freeze({ verdicts: [], iface: '', text: '' });

export function isFilterActive(f: LogFilter): boolean {
  return f.verdicts.length > 0 || f.iface !== '' || f.text.trim() !== '';
}

/** Builds the test for one filter (the lowered search text is computed once). */
export function compileFilter(f: LogFilter): (e: CallEvent) => boolean {
  const verdicts = f.verdicts.length ? new Set(f.verdicts) : null;
  const iface = f.iface;
  const terms = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return (e) => {
    if (verdicts && !verdicts.has(e.verdict)) return false;
    if (iface && e.interface !== iface) return false;
    if (terms.length) {
      const hay = searchText(e);
      for (const t of terms) if (!hay.includes(t)) return false;
    }
    return true;
  };
}

function searchText(e: CallEvent): string {
  return `${e.seq} ${e.interface} ${e.function} ${e.args.join(' ')} ${e.verdict} ${e.rule} ${e.result} ${e.reason ?? ''}`.toLowerCase();
}

/**
 * The positions (in the events array) of the events that pass the filter. `update` only looks
 * at events added since the last call, unless the filter or the array itself changed.
 */
export class FilteredIndex {
  private filter: LogFilter | null = null;
  private source: readonly CallEvent[] | null = null;
  private test: (e: CallEvent) => boolean = () => true;
  private scanned = 0;
  indices: number[] = [];

  update(events: readonly CallEvent[], filter: LogFilter): number[] {
    if (filter !== this.filter || events !== this.source || events.length < this.scanned) {
      this.filter = filter;
      this.source = events;
      this.test = compileFilter(filter);
      this.scanned = 0;
      this.indices = [];
    }
    const test = this.test;
    const out = this.indices;
    for (let i = this.scanned; i < events.length; i++) if (test(events[i]!)) out.push(i);
    this.scanned = events.length;
    return out;
  }
}

/** Interfaces seen in the counts, busiest first, for the interface filter. */
export function interfacesByCount(byInterface: Record<string, number>): [string, number][] {
  return Object.entries(byInterface).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
