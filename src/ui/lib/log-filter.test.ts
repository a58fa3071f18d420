import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../runtime/events';
import {
  EMPTY_FILTER,
  FilteredIndex,
  compileFilter,
  interfacesByCount,
  isFilterActive,
} from './log-filter';

function ev(seq: number, over: Partial<CallEvent> = {}): CallEvent {
  return {
    seq,
    t: seq / 10,
    interface: 'wasi:filesystem/types',
    function: '[method]descriptor.open-at',
    args: ['/data', 'in.txt'],
    verdict: 'granted',
    rule: 'mounts[0] read-only',
    result: 'ok(descriptor)',
    ...over,
  };
}

const events: CallEvent[] = [
  ev(1),
  ev(2, {
    verdict: 'denied',
    rule: 'default deny',
    result: 'err(access)',
    args: ['/etc', 'passwd'],
  }),
  ev(3, { interface: 'wasi:cli/environment', function: 'get-environment', args: [], rule: 'env' }),
  ev(4, {
    interface: 'wasi:clocks/wall-clock',
    function: 'now',
    verdict: 'trapped',
    rule: 'clocks.wall',
    reason: 'no clock',
  }),
];

describe('log filters', () => {
  it('shows everything with the empty filter', () => {
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
    expect(events.filter(compileFilter(EMPTY_FILTER)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('filters by verdicts', () => {
    const f = { ...EMPTY_FILTER, verdicts: ['denied', 'trapped'] as const };
    expect(events.filter(compileFilter(f)).map((e) => e.seq)).toEqual([2, 4]);
  });

  it('filters by interface', () => {
    const f = { ...EMPTY_FILTER, iface: 'wasi:cli/environment' };
    expect(events.filter(compileFilter(f)).map((e) => e.seq)).toEqual([3]);
  });

  it('searches text in args, rule, result and reason, all terms, any case', () => {
    const search = (text: string) =>
      events.filter(compileFilter({ ...EMPTY_FILTER, text })).map((e) => e.seq);
    expect(search('PASSWD')).toEqual([2]);
    expect(search('default deny')).toEqual([2]);
    expect(search('open-at in.txt')).toEqual([1]);
    expect(search('no clock')).toEqual([4]);
    expect(search('nothing-like-this')).toEqual([]);
  });

  it('indexes incrementally and restarts when the filter changes', () => {
    const idx = new FilteredIndex();
    const live: CallEvent[] = [];
    const denied = { ...EMPTY_FILTER, verdicts: ['denied'] as const };
    live.push(events[0]!, events[1]!);
    expect(idx.update(live, denied)).toEqual([1]);
    live.push(events[2]!, { ...events[1]!, seq: 5 });
    expect(idx.update(live, denied)).toEqual([1, 3]);
    expect(idx.update(live, EMPTY_FILTER)).toEqual([0, 1, 2, 3]);
    // A new run (a new array) starts over.
    expect(idx.update([events[3]!], EMPTY_FILTER)).toEqual([0]);
  });

  it('sorts interfaces busiest first', () => {
    expect(interfacesByCount({ a: 1, b: 5, c: 5 })).toEqual([
      ['b', 5],
      ['c', 5],
      ['a', 1],
    ]);
  });
});
