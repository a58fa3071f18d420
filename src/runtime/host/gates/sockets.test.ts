import { describe, expect, it } from 'vitest';
import { decide, gateSetup } from './testing';

describe('wasi:sockets', () => {
  it.each([
    ['wasi:sockets/tcp-create-socket', 'create-tcp-socket'],
    ['wasi:sockets/udp-create-socket', 'create-udp-socket'],
    ['wasi:sockets/ip-name-lookup', 'resolve-addresses'],
    ['wasi:sockets/tcp', '[method]tcp-socket.start-connect'],
    ['wasi:sockets/udp', '[method]udp-socket.start-bind'],
  ])('denies %s %s with access-denied and says why', async (iface, fn) => {
    const { gates } = await gateSetup({ sockets: 'deny' });
    const ruling = decide(gates, iface, fn);
    expect(ruling).toMatchObject({
      verdict: 'denied',
      rule: 'sockets: deny',
      error: 'access-denied',
    });
    expect(ruling.verdict === 'denied' && ruling.reason).toMatch(/sockets/);
  });

  it('hands out the network handle itself (it reaches nothing)', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, 'wasi:sockets/instance-network', 'instance-network')).toEqual({
      verdict: 'granted',
      rule: 'sockets: network handle only',
    });
  });
});
