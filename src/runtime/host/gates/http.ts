/**
 * Gates for `wasi:http`: `outgoing-handler.handle` asks src/policy about the request's origin
 * (http.allow, mocks); the response future is labelled with its status for the log, and a
 * request that failed on the way (offline, refused by CORS) gets the engine's whole
 * explanation as the call's reason.
 */
import { decideHttpRequest } from '../../../policy';
import { unobserved, type Gate, type Gates } from '../../intercept/interceptor';
import type { CallFacts } from '../../events';
import { ruling, type GateContext } from './context';

interface OutgoingRequest {
  method: () => { tag: string; val?: string };
  scheme: () => { tag: string; val?: string } | undefined;
  authority: () => string | undefined;
  pathWithQuery: () => string | undefined;
}

/** A request's method and URL, read without recording the reads as guest calls. */
export function requestOf(request: OutgoingRequest) {
  return unobserved(() => {
    const method = request.method();
    const scheme = request.scheme();
    return {
      method: method.tag === 'other' ? String(method.val) : method.tag.toUpperCase(),
      scheme: (scheme?.tag === 'HTTP'
        ? 'http'
        : scheme?.tag === 'other'
          ? String(scheme.val)
          : 'https') as 'http' | 'https',
      authority: request.authority() ?? '',
      pathWithQuery: request.pathWithQuery() ?? '/',
    };
  });
}

type Tagged = { tag?: string; val?: unknown };

/**
 * What `future-incoming-response.get` returned when the request failed: its error code, with
 * the message the engine gave (an `internal-error` carries why the browser refused the fetch).
 * Undefined for a response, for a future not ready yet, and for a second `get`.
 */
export function requestFailure(result: unknown): string | undefined {
  const outer = result as { tag?: string; val?: Tagged } | undefined;
  if (outer?.tag !== 'ok' || outer.val?.tag !== 'err') return undefined;
  const code = outer.val.val as Tagged | undefined;
  if (!code || typeof code.tag !== 'string') return undefined;
  return typeof code.val === 'string' && code.val !== ''
    ? `the request failed: ${code.tag}: ${code.val}`
    : `the request failed: ${code.tag}`;
}

export function httpGates(ctx: GateContext): Gates {
  const { resolved, labels } = ctx;

  const handle: Gate = (site) => {
    const request = site.args[0] as OutgoingRequest;
    const facts = requestOf(request);
    const url = `${facts.scheme}://${facts.authority}${facts.pathWithQuery}`;
    labels.set(request, `${facts.method} ${url}`);
    const callFacts: CallFacts = { url, method: facts.method };
    const decision = decideHttpRequest(resolved, facts);
    if (decision.verdict === 'granted' && !ctx.jspi) {
      return {
        verdict: 'trapped',
        rule: decision.rule,
        reason: 'outgoing HTTP needs JSPI (WebAssembly stack switching), which this host lacks',
        facts: callFacts,
      };
    }
    return ruling(decision, {
      facts: callFacts,
      after: (future) => {
        if (future && typeof future === 'object') labels.set(future, `${facts.method} ${url}`);
      },
    });
  };

  /** The response to a request, labelled with its status for the log; a failure, explained. */
  const response: Gate = (site) => ({
    verdict: 'granted',
    rule: 'http response',
    after: (result) => {
      const failure = requestFailure(result);
      if (failure) return { reason: failure };
      const outer = result as { tag?: string; val?: Tagged } | undefined;
      const value = outer?.tag === 'ok' && outer.val?.tag === 'ok' ? outer.val.val : undefined;
      if (!value || typeof value !== 'object') return;
      const status = unobserved(() => (value as { status: () => number }).status());
      const request = site.self ? labels.get(site.self) : undefined;
      labels.set(value, request ? `${status} ← ${request}` : String(status));
    },
  });

  return {
    'wasi:http/outgoing-handler': { handle },
    'wasi:http/types': { '[method]future-incoming-response.get': response },
  };
}
