import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBatch, checkDone } from './run-event-check';
import { runEventSchema } from './run-event';
import { EventEncoder } from './wire/event-codec';

const events = () => {
  const encoder = new EventEncoder();
  encoder.push({
    seq: 1,
    t: 0.5,
    interface: 'wasi:filesystem/types',
    function: '[method]descriptor.open-at',
    args: ['"a.txt"'],
    verdict: 'granted',
    rule: 'mounts[0] read-write',
    result: 'ok(descriptor#3)',
  });
  return encoder.take()!;
};
const batch = (extra: Record<string, unknown> = {}) => ({
  type: 'batch',
  runId: 7,
  events: events(),
  output: [{ stream: 'stdout', bytes: new Uint8Array([104, 105]) }],
  ...extra,
});
const bytes = new Uint8Array([1, 2, 3]);

const accepted = [
  batch(),
  batch({ files: [] }),
  batch({
    files: [
      { op: 'file', path: '/data/a.txt', size: 3, bytes },
      { op: 'file', path: '/data/sparse', size: 1 << 30 },
      { op: 'write', path: '/data/a.txt', size: 10, offset: 7, bytes },
      { op: 'directory', path: '/data/d' },
      { op: 'symlink', path: '/data/l', target: '../x' },
      { op: 'remove', path: '/data/d' },
      { op: 'move', from: '/data/a.txt', to: '/data/b.txt' },
    ],
  }),
];

const refused: [Record<string, unknown>, string][] = [
  [batch({ runId: 1.5 }), 'runId'],
  [batch({ files: [{ op: 'chmod', path: '/x' }] }), 'files'],
  [batch({ files: [{ op: 'file', path: '/x', size: -1 }] }), 'files'],
  [batch({ files: [{ op: 'file', path: '/x', size: 1, bytes: [1] }] }), 'files'],
  [batch({ files: [{ op: 'write', path: '/x', size: 1, offset: 0 }] }), 'files'],
  [batch({ files: [{ op: 'write', path: '/x', size: 1, offset: 0.5, bytes }] }), 'files'],
  [batch({ files: [{ op: 'symlink', path: '/x' }] }), 'files'],
  [batch({ files: [{ op: 'move', from: '/x' }] }), 'files'],
  [batch({ files: [{ op: 'remove', path: 'x'.repeat((1 << 20) + 1) }] }), 'files'],
  [batch({ files: [null] }), 'files'],
  [batch({ files: { op: 'remove', path: '/x' } }), 'files'],
  [batch({ output: [{ stream: 'stdout', bytes: 'hi' }] }), 'output'],
  [batch({ events: { strings: [], ints: [], times: [] } }), 'events'],
];

describe('checkBatch (the page)', () => {
  it.each(accepted.map((m) => [m]))('accepts %j, as the schema does', (message) => {
    expect(checkBatch(message, { files: true })).toBe(message);
    expect(runEventSchema.safeParse(message).success).toBe(true);
  });

  it.each(refused)('refuses %j (%s), as the schema does', (message, what) => {
    expect(checkBatch(message, { files: true })).toBe(what);
    expect(runEventSchema.safeParse(message).success).toBe(false);
  });

  it('never accepts a batch the schema refuses (generated file deltas)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer({ min: -2, max: 1 << 40 }),
      fc.double(),
      fc.constant(bytes),
      fc.constant(undefined),
      fc.constant(null),
    );
    const change = fc.record(
      {
        op: fc.constantFrom('file', 'write', 'directory', 'symlink', 'remove', 'move', 'x'),
        path: value,
        size: value,
        offset: value,
        bytes: value,
        target: value,
        from: value,
        to: value,
      },
      { requiredKeys: ['op'] },
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 4 }), (files) => {
        const message = batch({ files });
        if (typeof checkBatch(message, { files: true }) !== 'string')
          expect(runEventSchema.safeParse(message).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

const done = (result: Record<string, unknown>) => ({ type: 'done', runId: 7, result });
const entry = { path: '/data/a.txt', kind: 'file', status: 'created', size: 3, bytes };

describe('checkDone (the page: the result carries the final files)', () => {
  const ok = [
    done({ status: 'exited', exitCode: 0 }),
    done({ status: 'exited', exitCode: 0, instantiateMs: 3, files: [entry] }),
    done({
      status: 'error',
      exitCode: null,
      reason: 'x',
      returned: '"hi"',
      files: [{ path: '/data/l', kind: 'symlink', status: 'unchanged', size: 0, target: 'a' }],
    }),
  ];
  const bad: [Record<string, unknown>, string][] = [
    [done({ status: 'exited', exitCode: 0, files: [{ ...entry, kind: 'fifo' }] }), 'files'],
    [done({ status: 'exited', exitCode: 0, files: [{ ...entry, status: 'moved' }] }), 'files'],
    [done({ status: 'exited', exitCode: 0, files: [{ ...entry, size: Infinity }] }), 'files'],
    [done({ status: 'exited', exitCode: 0, files: [{ ...entry, bytes: 'abc' }] }), 'files'],
    [done({ status: 'exited', exitCode: 0, files: entry }), 'files'],
    [done({ status: 'exited', exitCode: 0, returned: 'x'.repeat(100_000) }), 'returned'],
    [done({ status: 'exited', exitCode: '0' }), 'exitCode'],
  ];

  it.each(ok.map((m) => [m]))('accepts %j, as the schema does', (message) => {
    expect(checkDone(message, { files: true })).toBe(message);
    expect(runEventSchema.safeParse(message).success).toBe(true);
  });

  it.each(bad)('refuses %j (%s), as the schema does', (message, what) => {
    expect(checkDone(message, { files: true })).toBe(what);
    expect(runEventSchema.safeParse(message).success).toBe(false);
  });

  it('refuses a key the schema would only strip', () => {
    expect(
      checkDone({ ...done({ status: 'exited', exitCode: 0 }), extra: 1 }, { files: true }),
    ).toBe('keys');
  });

  it('the CLI (files: false) refuses files and returned in a result', () => {
    expect(checkDone(ok[1]!, { files: false })).toBe('result');
    expect(checkDone(ok[2]!, { files: false })).toBe('result');
  });
});
