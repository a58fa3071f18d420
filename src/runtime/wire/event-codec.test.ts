import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../events';
import { isCallEvent } from '../event-check';
import { EventDecodeError, EventDecoder, EventEncoder, type EncodedEvents } from './event-codec';

function event(i: number, extra: Partial<CallEvent> = {}): CallEvent {
  return {
    seq: i + 1,
    t: i * 0.125,
    interface: 'wasi:filesystem/types',
    function: '[method]descriptor.write',
    args: ['descriptor(/data/out.bin)', `<1 byte "${i % 7}">`, `${i}`],
    verdict: i % 5 === 0 ? 'denied' : 'granted',
    rule: 'mounts[0] read-write',
    result: i % 5 === 0 ? 'err("read-only")' : '1',
    ...(i % 5 === 0 ? { reason: 'the mount is read-only' } : {}),
    ...(i % 3 === 0 ? { facts: { path: `/data/f${i}`, mount: 0, mutates: i % 2 === 0 } } : {}),
    ...extra,
  };
}

/** What crosses: the structured clone of the encoder's batch. */
const cross = (batch: EncodedEvents | undefined) => structuredClone(batch);

describe('events on the wire', () => {
  it('arrive as they left, over many batches sharing one string table', () => {
    const enc = new EventEncoder();
    const dec = new EventDecoder();
    const sent: CallEvent[] = [];
    const got: CallEvent[] = [];
    for (let b = 0; b < 20; b++) {
      for (let i = 0; i < 100; i++) {
        const e = event(b * 100 + i, i === 7 ? { facts: {} } : {});
        sent.push(e);
        enc.push(e);
      }
      got.push(...dec.decode(cross(enc.take())));
    }
    expect(got).toEqual(sent);
    expect(got.every(isCallEvent)).toBe(true);
    expect(enc.take()).toBeUndefined();
  });

  it('sends a repeated text once: 2,000 writes cost a few texts, not 2,000 copies', () => {
    const enc = new EventEncoder();
    for (let i = 0; i < 2000; i++) enc.push({ ...event(1), seq: i + 1 });
    const batch = enc.take()!;
    expect(batch.strings.length).toBeLessThan(10);
    expect(batch.times.length).toBe(2000);
  });

  it('texts at their caps pass; one character more is refused (as the zod schema says)', () => {
    const ok = event(0, {
      interface: 'i'.repeat(256),
      rule: 'r'.repeat(512),
      args: ['a'.repeat(4096)],
    });
    const enc = new EventEncoder();
    enc.push(ok);
    expect(new EventDecoder().decode(cross(enc.take()))).toEqual([ok]);
    for (const over of [
      { interface: 'i'.repeat(257) },
      { rule: 'r'.repeat(513) },
      { args: ['a'.repeat(4097)] },
      { facts: { method: 'm'.repeat(65) } },
    ]) {
      const e = new EventEncoder();
      e.push(event(0, over));
      expect(() => new EventDecoder().decode(cross(e.take()))).toThrow(EventDecodeError);
    }
  });

  it('sends what differs from the call before: similar calls cost a few ints each', () => {
    const enc = new EventEncoder();
    for (let i = 0; i < 2000; i++)
      enc.push({
        ...event(1),
        seq: i + 1,
        args: ['descriptor(/data/out.bin)', '<1 byte>', `${i % 3}`],
      });
    const batch = enc.take()!;
    expect(batch.ints.length).toBeLessThanOrEqual(2000 * 2 + 32);
    const dec = new EventDecoder();
    expect(dec.decode(cross(batch)).map((e) => e.args[2])).toEqual(
      Array.from({ length: 2000 }, (_, i) => `${i % 3}`),
    );
  });

  it('refuses forged batches: ids out of the table, bad verdicts, bit sets, truncated or trailing data', () => {
    const enc = new EventEncoder();
    enc.push(event(3)); // with facts
    const good = enc.take()!;
    // The event again, every slot and argument written: [bit set, 15 slots, 3 arguments].
    const full = () => {
      const decoded = new EventDecoder().decode(structuredClone(good))[0]!;
      expect(decoded).toEqual(event(3));
      const id = (text: string) => good.strings.indexOf(text);
      return Int32Array.from([
        (1 << 18) - 1,
        4,
        id('wasi:filesystem/types'),
        id('[method]descriptor.write'),
        0,
        id('mounts[0] read-write'),
        id('1'),
        -1,
        0,
        id('/data/f3'),
        -1,
        0,
        0,
        -1,
        -1,
        3,
        ...event(3).args.map(id),
      ]);
    };
    const withInts = (f: (ints: Int32Array) => Int32Array | void) => {
      const ints = full();
      return { strings: good.strings, ints: f(ints) ?? ints, times: Float64Array.from([0.375]) };
    };
    // The forgery's frame is right: the untouched one decodes.
    expect(new EventDecoder().decode(withInts(() => undefined))).toEqual([event(3)]);
    const forged: unknown[] = [
      null,
      {},
      { strings: [], ints: [1, 2], times: [0] },
      withInts((b) => void (b[2] = 999)), // interface id past the table
      withInts((b) => void (b[4] = 7)), // verdict
      withInts((b) => void (b[1] = -1)), // seq
      withInts((b) => void (b[15] = 65)), // argument count
      withInts((b) => b.slice(0, 10)), // truncated
      withInts((b) => Int32Array.from([...b, 0])), // trailing
      withInts((b) => void (b[11] = -2)), // mount
      withInts((b) => void (b[8] = 3)), // facts flag
      withInts((b) => void (b[0] = -1)), // a bit set with bit 31
      withInts((b) => Int32Array.from([b[0]! | (1 << 18), ...b.slice(1), 0])), // argument 3 of 3
      withInts((b) => Int32Array.from([b[0]! & ~(1 << 15), ...b.slice(1, 16), ...b.slice(17)])), // no previous argument 0
      { ...structuredClone(good), times: Float64Array.from([NaN]) },
      { ...structuredClone(good), strings: [...good.strings.slice(0, -1), 5] },
    ];
    for (const b of forged) expect(() => new EventDecoder().decode(b)).toThrow(EventDecodeError);
  });
});
