/**
 * Granted HTTP in the browser, done by the page, never by the run worker: the run host's
 * Content-Security-Policy has `connect-src 'none'`, so the worker (where the guest and its
 * generated bindings run) cannot reach any network. The worker's policy fetch sends each
 * request it granted here; the page decides again with its own copy of the manifest (a
 * compromised worker could lie), then fetches without credentials and without following
 * redirects (a redirect could lead to an origin the manifest does not allow).
 */
import { z } from 'zod';
import type { ResolvedManifest } from '../../manifest/resolve';
import { decideHttpRequest } from '../../policy';
import { requestFacts } from '../host/http-fetch';

/** The largest response body the page relays to a guest. */
export const MAX_RELAYED_BODY_BYTES = 32 * 1024 * 1024;

export const relayRequestSchema = z.object({
  requestId: z.number().int(),
  url: z.string().max(8192),
  method: z.string().max(32),
  headers: z.array(z.tuple([z.string().max(1024), z.string().max(8192)])).max(256),
  body: z.instanceof(Uint8Array).optional(),
});
export type RelayRequest = z.infer<typeof relayRequestSchema>;

export type RelayResponse =
  | {
      ok: true;
      status: number;
      statusText: string;
      headers: [string, string][];
      body: Uint8Array;
    }
  | { ok: false; message: string };

export async function relayRequest(
  resolved: ResolvedManifest,
  request: RelayRequest,
  network: typeof fetch,
): Promise<RelayResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, message: 'Airlock refused a request with an invalid URL' };
  }
  const decision = decideHttpRequest(resolved, requestFacts(url, request.method));
  if (decision.verdict !== 'granted') {
    return { ok: false, message: `Airlock refused ${url.origin}: not allowed by the manifest` };
  }
  if (decision.mock) {
    const mock = decision.mock;
    return {
      ok: true,
      status: mock.status,
      statusText: '',
      headers: Object.entries(mock.headers ?? {}),
      body: new TextEncoder().encode(mock.body ?? ''),
    };
  }
  try {
    const response = await network(url.href, {
      method: request.method,
      headers: request.headers,
      body:
        request.body && request.method !== 'GET' && request.method !== 'HEAD'
          ? (request.body as BufferSource)
          : undefined,
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    } as RequestInit);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_RELAYED_BODY_BYTES) {
      return { ok: false, message: `${url.origin} sent more than ${MAX_RELAYED_BODY_BYTES} bytes` };
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_RELAYED_BODY_BYTES) {
      return { ok: false, message: `${url.origin} sent more than ${MAX_RELAYED_BODY_BYTES} bytes` };
    }
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
      body,
    };
  } catch (error) {
    return {
      ok: false,
      message: `${url.origin} could not be reached from the browser: either it is offline, it redirected, or it does not allow cross-origin requests (CORS) from this page. (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** The worker side: a `fetch` that asks the page (through `send`) and waits for its answer. */
export function createRelayFetch(
  send: (request: RelayRequest) => Promise<RelayResponse>,
): typeof fetch {
  let nextId = 1;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const answer = await send({
      requestId: nextId++,
      url: request.url,
      method: request.method,
      headers: [...request.headers.entries()],
      ...(body && body.byteLength ? { body } : {}),
    });
    if (!answer.ok) throw new TypeError(answer.message);
    const nullBody = [101, 204, 205, 304].includes(answer.status);
    return new Response(nullBody ? null : (answer.body as BufferSource), {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
  }) as typeof fetch;
}
