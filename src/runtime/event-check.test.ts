import { describe, expect, it } from 'vitest';
import { isCallEvent, isCallEventList } from './event-check';
import { callEventSchema, MAX_FIELD_CHARS } from './event-schema';

const valid = {
  seq: 3,
  t: 1.25,
  interface: 'wasi:filesystem/types',
  function: '[method]descriptor.open-at',
  args: ['descriptor(/data)', '"a.txt"'],
  verdict: 'denied',
  rule: 'default deny',
  result: 'err("access")',
  reason: 'no mount',
  facts: { path: '/data/a.txt', mount: 0, mutates: true },
};

const long = (n: number) => 'x'.repeat(n);
/** Values that probe each rule of the schema (types, bounds, caps, enums). */
const probes: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  NaN,
  Infinity,
  '',
  'granted',
  'trapped',
  'maybe',
  true,
  [],
  ['a'],
  [1],
  Array.from({ length: 64 }, () => 'a'),
  Array.from({ length: 65 }, () => 'a'),
  [long(MAX_FIELD_CHARS)],
  [long(MAX_FIELD_CHARS + 1)],
  {},
  { path: 'p' },
  { mount: -1 },
  { mount: 1.5 },
  { mutates: 'yes' },
  { method: long(64) },
  { method: long(65) },
  { url: long(MAX_FIELD_CHARS + 1) },
  { extra: 1 },
  long(256),
  long(257),
  long(512),
  long(513),
  long(MAX_FIELD_CHARS),
  long(MAX_FIELD_CHARS + 1),
];

function agree(value: unknown): void {
  const fast = isCallEvent(value);
  const zod = callEventSchema.safeParse(value).success;
  if (fast !== zod)
    throw new Error(
      `disagree (fast ${fast}, zod ${zod}) on ${JSON.stringify(value)?.slice(0, 300)}`,
    );
}

describe('isCallEvent accepts exactly what callEventSchema accepts', () => {
  it('a valid event, and without its optional fields', () => {
    expect(isCallEvent(valid)).toBe(true);
    const { reason: _r, facts: _f, ...bare } = valid;
    expect(isCallEvent(bare)).toBe(true);
    agree(bare);
  });

  it('every field set to every probe value, and every field removed', () => {
    for (const key of [...Object.keys(valid), 'extra']) {
      for (const probe of probes) agree({ ...valid, [key]: probe });
      const without: Record<string, unknown> = { ...valid };
      delete without[key];
      agree(without);
    }
    for (const key of ['path', 'target', 'mount', 'mutates', 'url', 'method', 'other'])
      for (const probe of probes) agree({ ...valid, facts: { ...valid.facts, [key]: probe } });
  });

  it('random events (2,000 seeded mutations)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const keys = [...Object.keys(valid), 'extra'];
    for (let i = 0; i < 2000; i++) {
      const e: Record<string, unknown> = structuredClone(valid);
      for (let k = rand(4); k >= 0; k--) {
        const key = keys[rand(keys.length)]!;
        if (rand(5) === 0) delete e[key];
        else e[key] = structuredClone(probes[rand(probes.length)]);
      }
      agree(e);
    }
  });

  it('non-objects and arrays are not events', () => {
    for (const v of [null, 1, 'event', [valid], new Map()]) agree(v);
  });
});

describe('isCallEventList', () => {
  it('checks the cap and every element', () => {
    expect(isCallEventList([valid, valid], 2)).toBe(true);
    expect(isCallEventList([valid, valid], 1)).toBe(false);
    expect(isCallEventList([valid, { ...valid, seq: -1 }], 5)).toBe(false);
    expect(isCallEventList({ length: 0 }, 5)).toBe(false);
  });
});
