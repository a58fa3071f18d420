import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_GRANTED_WINDOW, PENDING, type CallEvent } from '../events';
import { runEventSchema, type RunEvent, type RunEventOf } from '../run-event';
import { EventDecoder } from '../wire/event-codec';
import { BATCH_SIZE, RunStream } from './run-stream';

function call(seq: number, extra: Partial<CallEvent> = {}): CallEvent {
  return {
    seq,
    t: seq,
    interface: 'wasi:filesystem/types',
    function: '[method]descriptor.write',
    args: ['descriptor(/data/out)', '<1 byte>'],
    verdict: 'granted',
    rule: 'mounts[0] read-write',
    result: '1',
    ...extra,
  };
}

/** A stream whose messages are cloned as they would cross, checked, and kept. */
function harness(options: { outputAtOnce?: boolean } = {}) {
  const sent: RunEvent[] = [];
  const stream = new RunStream({
    runId: 7,
    outputAtOnce: options.outputAtOnce,
    post: (message, transfer) => {
      const crossed = structuredClone(message, { transfer });
      const parsed = runEventSchema.safeParse(crossed);
      if (!parsed.success) throw new Error(`not a RunEvent: ${parsed.error.message}`);
      sent.push(parsed.data);
    },
  });
  const decoder = new EventDecoder();
  const batches = () => sent.filter((m): m is RunEventOf<'batch'> => m.type === 'batch');
  const events = () => batches().flatMap((b) => decoder.decode(b.events));
  const text = (stream: 'stdout' | 'stderr') =>
    batches()
      .flatMap((b) => b.output.filter((o) => o.stream === stream))
      .map((o) => new TextDecoder().decode(o.bytes))
      .join('');
  return { stream, sent, batches, events, text };
}

const bytes = (s: string) => new TextEncoder().encode(s);

afterEach(() => vi.useRealTimers());

describe('a run stream', () => {
  it('sends a denied call at once, with the granted calls before it, in order', () => {
    const h = harness();
    h.stream.sink.event(call(1));
    h.stream.sink.event(call(2));
    expect(h.sent).toHaveLength(0);
    h.stream.sink.event(call(3, { verdict: 'denied', result: 'err(access)', reason: 'no mount' }));
    expect(h.batches()).toHaveLength(1);
    expect(h.events().map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('batches granted calls: BATCH_SIZE calls make one message, not one each', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const h = harness();
    for (let i = 1; i <= BATCH_SIZE * 3; i++) h.stream.sink.event(call(i));
    expect(h.batches()).toHaveLength(3);
    expect(h.events()).toHaveLength(BATCH_SIZE * 3);
  });

  it('a call that waits goes out now, and the timer sends it if the guest then goes quiet', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const h = harness();
    h.stream.sink.event(call(1));
    expect(h.sent).toHaveLength(0);
    vi.advanceTimersByTime(20);
    expect(h.events().map((e) => e.seq)).toEqual([1]);
  });

  it('sends the first output at once and gathers the rest: consecutive writes to one stream are one chunk', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const h = harness();
    h.stream.sink.output('stdout', bytes('first\n'));
    expect(h.batches()).toHaveLength(1);
    for (let i = 0; i < 1000; i++) h.stream.sink.output('stdout', bytes('x'));
    h.stream.sink.output('stderr', bytes('oops\n'));
    h.stream.sink.output('stdout', bytes('end\n'));
    h.stream.flush();
    const second = h.batches()[1]!;
    expect(second.output.map((o) => [o.stream, o.bytes.byteLength])).toEqual([
      ['stdout', 1000],
      ['stderr', 5],
      ['stdout', 4],
    ]);
    expect(h.text('stdout')).toBe(`first\n${'x'.repeat(1000)}end\n`);
  });

  it('keeps bytes as the guest wrote them (not text): a UTF-8 character split over two writes', () => {
    const h = harness({ outputAtOnce: true });
    const euro = bytes('€');
    h.stream.sink.output('stdout', euro.subarray(0, 1));
    h.stream.sink.output('stdout', euro.subarray(1));
    const out = h.batches().flatMap((b) => b.output.map((o) => [...o.bytes]));
    expect(out).toEqual([[euro[0]], [...euro.subarray(1)]]);
  });

  it('with outputAtOnce (the CLI), every write leaves at once', () => {
    const h = harness({ outputAtOnce: true });
    h.stream.sink.output('stdout', bytes('a'));
    h.stream.sink.output('stdout', bytes('b'));
    expect(h.batches()).toHaveLength(2);
  });

  it('a call sent as pending gets its result in a later batch; one never sent gets none', () => {
    const h = harness();
    const waiting = call(1, { result: PENDING, verdict: 'denied' });
    h.stream.sink.event(waiting);
    waiting.result = 'ok("42")';
    h.stream.sink.settled?.(waiting);
    h.stream.sink.settled?.(call(99, { result: 'ok' }));
    h.stream.flush();
    expect(h.batches().flatMap((b) => b.settled ?? [])).toEqual([{ seq: 1, result: 'ok("42")' }]);
  });

  it('a call that changes files brings the change along in the same batch', () => {
    const h = harness();
    const changes = [{ op: 'file' as const, path: '/data/out', size: 1 }];
    h.stream.exposeFiles({ initial: [], changes: () => changes.splice(0) });
    h.stream.sink.event(call(1, { facts: { path: '/data/out', mount: 0, mutates: true } }));
    expect(h.sent.map((m) => m.type)).toEqual(['files', 'batch']);
    expect(h.batches()[0]!.files).toEqual([{ op: 'file', path: '/data/out', size: 1 }]);
    expect(h.events().map((e) => e.seq)).toEqual([1]);
  });

  it('past the log window, granted calls are counted by interface, not sent', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const h = harness();
    for (let i = 1; i <= LOG_GRANTED_WINDOW + 10; i++) h.stream.sink.event(call(i));
    h.stream.flush();
    expect(h.stream.sink.detailed?.('granted')).toBe(false);
    expect(h.stream.sink.detailed?.('denied')).toBe(true);
    expect(h.events()).toHaveLength(LOG_GRANTED_WINDOW);
    const counted = h.batches().flatMap((b) => (b.counted ? [b.counted] : []));
    expect(counted).toEqual([{ granted: 10, byInterface: { 'wasi:filesystem/types': 10 } }]);
  });

  it('ends with what is left, then done; waiting for input sends what came before first', () => {
    const h = harness();
    h.stream.instantiating();
    h.stream.started(3);
    h.stream.sink.event(call(1));
    h.stream.wantsInput();
    h.stream.sink.output('stdout', bytes('bye'));
    h.stream.sink.event(call(2));
    h.stream.done({ status: 'exited', exitCode: 0 });
    expect(h.sent.map((m) => m.type)).toEqual([
      'instantiating',
      'started',
      'batch',
      'wants-input',
      'batch',
      'batch',
      'done',
    ]);
    expect(h.sent.every((m) => m.runId === 7)).toBe(true);
  });
});

describe('the RunEvent schema', () => {
  it('refuses what a hostile engine might send', () => {
    const bad: unknown[] = [
      { type: 'batch', runId: 1, events: { strings: [], ints: [], times: [] }, output: [] },
      { type: 'batch', runId: 1, events: null, output: [] },
      {
        type: 'batch',
        runId: 1,
        events: { strings: [], ints: new Int32Array(0), times: new Float64Array(0) },
        output: [{ stream: 'stdin', bytes: new Uint8Array(1) }],
      },
      { type: 'done', runId: 1, result: { status: 'pwned', exitCode: 0 } },
      {
        type: 'done',
        runId: 1,
        result: { status: 'exited', exitCode: 0, reason: 'x'.repeat(5000) },
      },
      { type: 'files', runId: 1, files: [{ path: 1 }] },
      { type: 'nope', runId: 1 },
    ];
    for (const message of bad) expect(runEventSchema.safeParse(message).success).toBe(false);
  });
});
