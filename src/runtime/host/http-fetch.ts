/**
 * The only door to the network inside a run: the shim's wasi:http implementation calls
 * `fetch`, and during a run `fetch` is this function. Mocked URLs are answered from the
 * manifest without any network; other URLs reach the real network only when an allow pattern
 * matches (the gate on `outgoing-handler.handle` has already said so in the log); anything else
 * is refused here as well, so a bypass of the gate still reaches nothing.
 */
import type { ResolvedManifest } from '../../manifest/resolve';
import { decideHttpRequest } from '../../policy';

export interface PolicyFetch {
  /** Replaces `globalThis.fetch` for the run; returns the function that restores it. */
  install: () => () => void;
}

export function requestFacts(url: URL, method: string) {
  return {
    method,
    scheme: url.protocol.replace(':', '') as 'http' | 'https',
    authority: url.host,
    pathWithQuery: `${url.pathname}${url.search}`,
  };
}

export function createPolicyFetch(
  resolved: ResolvedManifest,
  realFetch: typeof fetch | undefined,
): PolicyFetch {
  const policyFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const decision = decideHttpRequest(resolved, requestFacts(url, request.method));
    if (decision.verdict !== 'granted') {
      throw new TypeError(`Airlock refused ${url.href}: not allowed by the manifest`);
    }
    const mock = resolved.http.mocks[url.href] ?? resolved.http.mocks[url.href.replace(/\/$/, '')];
    if (mock) {
      return new Response(mock.body ?? '', { status: mock.status, headers: mock.headers ?? {} });
    }
    if (!realFetch)
      throw new TypeError(`Airlock has no network here; mock ${url.href} in the manifest`);
    try {
      return await realFetch(request);
    } catch (error) {
      // A browser reports CORS and network failures alike as an opaque TypeError.
      throw new TypeError(
        `${url.origin} could not be reached from the browser: either it is offline or it does not allow cross-origin requests (CORS) from this page. (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
  };
  return {
    install() {
      const previous = globalThis.fetch;
      globalThis.fetch = policyFetch as typeof fetch;
      return () => {
        globalThis.fetch = previous;
      };
    },
  };
}
