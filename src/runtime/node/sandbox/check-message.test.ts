import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import { runEventSchema } from '../../run-event';
import { EventEncoder } from '../../wire/event-codec';
import { checkGuestMessage } from './check-message';

const event: CallEvent = {
  seq: 1,
  t: 0.5,
  interface: 'wasi:cli/environment',
  function: 'get-environment',
  args: [],
  verdict: 'granted',
  rule: 'env',
  result: '[]',
};

function encoded() {
  const encoder = new EventEncoder();
  encoder.push(event);
  return encoder.take()!;
}

const noEvents = () => ({ strings: [], ints: new Int32Array(0), times: new Float64Array(0) });
const batch = (extra: Record<string, unknown> = {}) => ({
  type: 'batch',
  runId: 1,
  events: encoded(),
  output: [{ stream: 'stdout', bytes: new Uint8Array([104, 105]) }],
  ...extra,
});

const accepted: unknown[] = [
  { type: 'instantiating', runId: 1 },
  { type: 'started', runId: 1, instantiateMs: 3.5 },
  batch(),
  batch({ events: noEvents(), output: [] }),
  batch({ counted: { granted: 3, byInterface: { 'wasi:io/streams': 3 } } }),
  batch({ settled: [{ seq: 1, result: 'ok' }] }),
  { type: 'done', runId: 1, result: { status: 'exited', exitCode: 0 } },
  { type: 'done', runId: 1, result: { status: 'trapped', exitCode: null, reason: 'unreachable' } },
];

const refused: [unknown, string][] = [
  [null, 'message'],
  [[], 'message'],
  [{ type: 'timeout', runId: 1, reason: 'x' }, 'type'],
  [{ type: 'instantiating' }, 'runId'],
  [{ type: 'instantiating', runId: 1, extra: 1 }, 'keys'],
  [{ type: 'started', runId: 1, instantiateMs: Infinity }, 'instantiateMs'],
  [batch({ events: [event] }), 'events'],
  [batch({ events: { strings: [], ints: [], times: [] } }), 'events'],
  [batch({ output: [{ stream: 'stdin', bytes: new Uint8Array() }] }), 'output'],
  [batch({ output: [{ stream: 'stdout', text: 'hi' }] }), 'output'],
  [batch({ counted: { granted: -1, byInterface: {} } }), 'counted'],
  [batch({ settled: [{ seq: 1, result: 'x'.repeat(5000) }] }), 'settled'],
  [{ type: 'done', runId: 1, result: { status: 'exited', exitCode: 1.5 } }, 'exitCode'],
  [{ type: 'done', runId: 1, result: { status: 'granted', exitCode: 0 } }, 'status'],
  [
    {
      type: 'done',
      runId: 1,
      result: { status: 'error', exitCode: null, reason: 'x'.repeat(5000) },
    },
    'reason',
  ],
  [{ type: 'done', runId: 1, status: 'exited', exitCode: 0 }, 'keys'],
];

describe('checkGuestMessage', () => {
  it('accepts ready', () => {
    expect(checkGuestMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(checkGuestMessage({ type: 'ready', extra: 1 })).toBe('keys');
  });

  it.each(accepted.map((m) => [m]))('accepts %j', (message) => {
    expect(checkGuestMessage(message)).toBe(message);
  });

  it.each(refused)('refuses %j (%s)', (message, what) => {
    expect(checkGuestMessage(message)).toBe(what);
  });

  it('accepts only RunEvents: what it accepts, runEventSchema accepts; what the schema refuses, it refuses', () => {
    for (const message of accepted) expect(runEventSchema.safeParse(message).success).toBe(true);
    for (const [message] of refused) {
      if (!runEventSchema.safeParse(message).success)
        expect(typeof checkGuestMessage(message)).toBe('string');
    }
  });

  it("refuses the page's part of the union: a guest process sends no files, input requests or HTTP", () => {
    for (const message of [
      { type: 'files', runId: 1, files: [] },
      { type: 'wants-input', runId: 1 },
      batch({ files: [{ op: 'remove', path: '/x' }] }),
    ]) {
      expect(runEventSchema.safeParse(message).success).toBe(true);
      expect(typeof checkGuestMessage(message)).toBe('string');
    }
  });
});
