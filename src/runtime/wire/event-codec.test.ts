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

  it('refuses forged batches: ids out of the table, bad verdicts, truncated or trailing data', () => {
    const enc = new EventEncoder();
    enc.push(event(3)); // with facts
    const good = enc.take()!;
    const forge = (f: (b: EncodedEvents) => void) => {
      const b = structuredClone(good);
      f(b);
      return b;
    };
    const forged: unknown[] = [
      null,
      {},
      { strings: [], ints: [1, 2], times: [0] },
      forge((b) => (b.ints[1] = 999)), // interface id past the table
      forge((b) => (b.ints[3] = 7)), // verdict
      forge((b) => (b.ints[0] = -1)), // seq
      forge((b) => (b.ints[14] = 65)), // argument count
      forge((b) => (b.ints = b.ints.slice(0, 10))), // truncated
      forge((b) => (b.ints = Int32Array.from([...b.ints, 0]))), // trailing
      forge((b) => (b.times = Float64Array.from([NaN]))),
      forge((b) => (b.strings = [...b.strings.slice(0, -1), 5 as unknown as string])),
      forge((b) => (b.ints[10] = -2)), // mount
      forge((b) => (b.ints[7] = 3)), // facts flag
    ];
    for (const b of forged) expect(() => new EventDecoder().decode(b)).toThrow(EventDecodeError);
  });
});
