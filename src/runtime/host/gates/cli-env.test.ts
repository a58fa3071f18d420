import { describe, expect, it } from 'vitest';
import { decide, gateSetup } from './testing';

const ENV = 'wasi:cli/environment';

describe('wasi:cli/environment', () => {
  it('gives the guest exactly the manifest env, under the rule "env"', async () => {
    const { gates } = await gateSetup({ env: { A: '1', B: 'two' } });
    expect(decide(gates, ENV, 'get-environment')).toEqual({
      verdict: 'granted',
      rule: 'env',
      value: {
        value: [
          ['A', '1'],
          ['B', 'two'],
        ],
      },
    });
  });

  it('answers an empty environment as a denial with an empty list (the guest goes on)', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, ENV, 'get-environment')).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      reason: 'no environment variables are granted',
      value: { value: [] },
    });
  });

  it('names whether args and cwd come from the manifest or the default', async () => {
    const none = (await gateSetup({})).gates;
    expect(decide(none, ENV, 'get-arguments')).toEqual({
      verdict: 'granted',
      rule: 'default: no arguments',
    });
    expect(decide(none, ENV, 'initial-cwd')).toEqual({
      verdict: 'granted',
      rule: 'default: no cwd',
    });
    const some = (
      await gateSetup({ args: ['x'], cwd: '/d', mounts: [{ guest: '/d', access: 'read-only' }] })
    ).gates;
    expect(decide(some, ENV, 'get-arguments')).toEqual({ verdict: 'granted', rule: 'args' });
    expect(decide(some, ENV, 'initial-cwd')).toEqual({ verdict: 'granted', rule: 'cwd' });
  });
});
