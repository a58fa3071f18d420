/**
 * The HTTP gates: `handle` asks the policy about the request's origin; the response future is
 * labelled with its status, and a request that failed on the way (a CORS refusal) carries the
 * engine's whole explanation as the call's reason, past the 80 characters a result shows.
 */
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import { Interceptor } from '../../intercept/interceptor';
import { WIT_TABLE } from '../../wit/wit-table.generated';
import { requestFailure } from './http';
import { decide, gateSetup } from './testing';

const HANDLER = 'wasi:http/outgoing-handler';
const TYPES = 'wasi:http/types';
const GET = '[method]future-incoming-response.get';

function request(url: string, method = 'get') {
  const u = new URL(url);
  return {
    method: () => ({ tag: method }),
    scheme: () => ({ tag: u.protocol === 'http:' ? 'HTTP' : 'HTTPS' }),
    authority: () => u.host,
    pathWithQuery: () => `${u.pathname}${u.search}`,
  };
}

const manifest = { http: { allow: ['https://api.example.com'] } };
const CORS =
  'https://api.example.com could not be reached from the browser: either it is offline or it does not allow cross-origin requests (CORS) from this page. (Failed to fetch)';
const corsResult = { tag: 'ok', val: { tag: 'err', val: { tag: 'internal-error', val: CORS } } };

describe('outgoing-handler.handle', () => {
  it('grants an allowed origin and labels the request and its future with method and URL', async () => {
    const { gates, ctx } = await gateSetup(manifest);
    const req = request('https://api.example.com/v1?q=1');
    const ruling = decide(gates, HANDLER, 'handle', undefined, req);
    expect(ruling).toMatchObject({
      verdict: 'granted',
      facts: { url: 'https://api.example.com/v1?q=1', method: 'GET' },
    });
    expect(ctx.labels.get(req)).toBe('GET https://api.example.com/v1?q=1');
    const future = {};
    if (ruling.verdict === 'granted') ruling.after?.(future);
    expect(ctx.labels.get(future)).toBe('GET https://api.example.com/v1?q=1');
  });

  it('denies an origin outside http.allow with HTTP-request-denied', async () => {
    const { gates } = await gateSetup(manifest);
    const ruling = decide(
      gates,
      HANDLER,
      'handle',
      undefined,
      request('https://evil.example.net/'),
    );
    expect(ruling).toMatchObject({
      verdict: 'denied',
      error: 'HTTP-request-denied',
      facts: { url: 'https://evil.example.net/', method: 'GET' },
    });
  });

  it('stops the guest when an allowed request cannot be made here (no JSPI)', async () => {
    const { gates } = await gateSetup(manifest, { jspi: false });
    expect(
      decide(gates, HANDLER, 'handle', undefined, request('https://api.example.com/')),
    ).toMatchObject({
      verdict: 'trapped',
      reason: 'outgoing HTTP needs JSPI (WebAssembly stack switching), which this host lacks',
    });
  });
});

/** An interceptor over the gates of `manifest`, and the events it records. */
async function intercepted() {
  const { gates } = await gateSetup(manifest);
  const events: CallEvent[] = [];
  const interceptor = new Interceptor({
    witTable: WIT_TABLE,
    gates,
    defaultRule: () => 'default',
    record: (e) => events.push(e),
    now: () => 0,
    trapOnDenied: false,
  });
  return { interceptor, events };
}

describe('future-incoming-response.get', () => {
  it('labels a response with its status and the request it answers', async () => {
    const { gates, ctx } = await gateSetup(manifest);
    const future = {};
    ctx.labels.set(future, 'GET https://api.example.com/');
    const response = { status: () => 201 };
    const ruling = decide(gates, TYPES, GET, future);
    expect(ruling).toMatchObject({ verdict: 'granted', rule: 'http response' });
    if (ruling.verdict !== 'granted') return;
    expect(ruling.after?.({ tag: 'ok', val: { tag: 'ok', val: response } })).toBeUndefined();
    expect(ctx.labels.get(response)).toBe('201 ← GET https://api.example.com/');
  });

  it('explains a failed request: the error code with the engine message', () => {
    expect(requestFailure(corsResult)).toBe(`the request failed: internal-error: ${CORS}`);
    expect(
      requestFailure({ tag: 'ok', val: { tag: 'err', val: { tag: 'connection-refused' } } }),
    ).toBe('the request failed: connection-refused');
    expect(requestFailure(undefined)).toBeUndefined();
    expect(requestFailure({ tag: 'err' })).toBeUndefined();
    expect(requestFailure({ tag: 'ok', val: { tag: 'ok', val: {} } })).toBeUndefined();
  });

  it('records the whole explanation as the reason of the call (a CORS refusal is not silent)', async () => {
    const { interceptor, events } = await intercepted();
    const result = interceptor.call(TYPES, GET, {}, () => corsResult, []);
    expect(result).toBe(corsResult);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ verdict: 'granted', rule: 'http response' });
    expect(events[0]!.reason).toContain(
      'does not allow cross-origin requests (CORS) from this page',
    );
  });

  it('records the explanation when the result arrives later (a pending call)', async () => {
    const { interceptor, events } = await intercepted();
    await interceptor.call(TYPES, GET, {}, () => Promise.resolve(corsResult), []);
    expect(events[0]!.reason).toContain('(CORS)');
  });
});
