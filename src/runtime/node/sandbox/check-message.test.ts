import { describe, expect, it } from 'vitest';
import { checkGuestMessage } from './check-message';

const event = {
  seq: 1,
  t: 0.5,
  interface: 'wasi:cli/environment',
  function: 'get-environment',
  args: [],
  verdict: 'granted',
  rule: 'env',
  result: '[]',
};

describe('checkGuestMessage', () => {
  it.each([
    { type: 'ready' },
    { type: 'instantiating' },
    { type: 'started', instantiateMs: 3.5 },
    { type: 'events', events: [event] },
    { type: 'output', stream: 'stdout', bytes: new Uint8Array([104, 105]) },
    { type: 'done', status: 'exited', exitCode: 0 },
    { type: 'done', status: 'trapped', exitCode: null, reason: 'unreachable' },
  ])('accepts %j', (message) => {
    expect(checkGuestMessage(message)).toBe(message);
  });

  it.each([
    [null, 'message'],
    [[], 'message'],
    [{ type: 'timeout', reason: 'x' }, 'type'],
    [{ type: 'ready', extra: 1 }, 'keys'],
    [{ type: 'started', instantiateMs: Infinity }, 'instantiateMs'],
    [{ type: 'events', events: [{ ...event, verdict: 'maybe' }] }, 'events'],
    [{ type: 'events', events: 'x' }, 'events'],
    [{ type: 'output', stream: 'stdin', bytes: new Uint8Array() }, 'output'],
    [{ type: 'output', stream: 'stdout', bytes: 'text' }, 'output'],
    [{ type: 'done', status: 'exited', exitCode: 1.5 }, 'exitCode'],
    [{ type: 'done', status: 'granted', exitCode: 0 }, 'status'],
    [{ type: 'done', status: 'error', exitCode: null, reason: 'x'.repeat(5000) }, 'reason'],
    [{ type: 'done', status: 'exited', exitCode: 0, forged: true }, 'status'],
  ])('refuses %j (%s)', (message, what) => {
    expect(checkGuestMessage(message)).toBe(what);
  });
});
