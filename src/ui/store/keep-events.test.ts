import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../runtime/events';
import { keepCounted, keepEvents, MAX_GRANTED_EVENTS, newLiveRun, settleEvents } from './state';

function event(seq: number, verdict: CallEvent['verdict']): CallEvent {
  return {
    seq,
    t: seq,
    interface: 'wasi:io/streams',
    function: 'write',
    args: [],
    verdict,
    rule: 'stdout',
    result: '()',
  };
}

describe('keepEvents', () => {
  it('counts every call but keeps a bounded number of granted ones, and every denial', () => {
    const run = newLiveRun();
    const flood = Array.from({ length: MAX_GRANTED_EVENTS + 5000 }, (_, i) =>
      event(i + 1, 'granted'),
    );
    keepEvents(run, flood);
    keepEvents(run, [event(flood.length + 1, 'denied'), event(flood.length + 2, 'trapped')]);
    expect(run.counts.total).toBe(MAX_GRANTED_EVENTS + 5002);
    expect(run.counts.granted).toBe(MAX_GRANTED_EVENTS + 5000);
    expect(run.dropped).toBe(5000);
    expect(run.events).toHaveLength(MAX_GRANTED_EVENTS + 2);
    // The rows that matter at the end of a flood are still listed.
    expect(run.events.at(-1)?.verdict).toBe('trapped');
    expect(run.events.at(-2)?.verdict).toBe('denied');
  });
});

describe('keepCounted', () => {
  it('adds calls the run only counted to the counts, not to the list', () => {
    const run = newLiveRun();
    keepEvents(run, [event(1, 'granted')]);
    keepCounted(run, { granted: 900_000, byInterface: { 'wasi:io/streams': 900_000 } });
    expect(run.counts.total).toBe(900_001);
    expect(run.counts.byInterface['wasi:io/streams']).toBe(900_001);
    expect(run.events).toHaveLength(1);
    expect(run.dropped).toBe(900_000);
  });
});

describe('keepEvents numbering', () => {
  it('numbers the run’s own unnumbered last row (a timeout, a stop) after the calls', () => {
    const run = newLiveRun();
    keepEvents(run, [event(1, 'granted'), event(2, 'granted')]);
    keepEvents(run, [{ ...event(0, 'trapped'), interface: 'wasi:cli/run', function: 'run' }]);
    expect(run.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});

describe('settleEvents', () => {
  it('gives a pending call its result, found by seq among the kept events', () => {
    const run = newLiveRun();
    const ev = (seq: number, result: string) => ({
      seq,
      t: seq,
      interface: 'wasi:io/streams',
      function: '[method]input-stream.blocking-read',
      args: [],
      verdict: 'granted' as const,
      rule: 'stdin',
      result,
    });
    keepEvents(run, [ev(1, '()'), ev(4, 'pending…'), ev(9, 'pending…')]);
    settleEvents(run, [
      { seq: 9, result: 'err(closed)' },
      { seq: 4, result: '<3 bytes "10\\n">' },
      { seq: 5, result: 'not kept' },
    ]);
    expect(run.events.map((e) => e.result)).toEqual(['()', '<3 bytes "10\\n">', 'err(closed)']);
  });
});
