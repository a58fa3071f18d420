/**
 * wasi:http outgoing requests: an exact mock first (answered without any network), then the
 * allow patterns (scheme, host with an optional leading `*.` label, port), else denied.
 */
import {
  originMatches,
  parseOriginPattern,
  parseRequestTarget,
  type OriginPattern,
} from '../manifest/http-origin';
import type { ResolvedHttpMock, ResolvedManifest } from '../manifest/resolve';
import { DEFAULT_DENY, denied, type Decision } from './decision';

export { parseOriginPattern, type OriginPattern };

export interface HttpRequestFacts {
  method: string;
  scheme: 'http' | 'https';
  /** `host[:port]` as the guest set it. */
  authority: string;
  pathWithQuery: string;
}

/**
 * A decision with, when a mock answered, the mock to respond with; `url` is the request's
 * canonical URL (lower-case scheme and host, default port dropped).
 */
export type HttpDecision = Decision & { mock?: ResolvedHttpMock; url?: string };

export function decideHttpRequest(
  resolved: ResolvedManifest,
  facts: HttpRequestFacts,
): HttpDecision {
  const target = parseRequestTarget(facts.scheme, facts.authority, facts.pathWithQuery);
  if (!target.ok) {
    const schemeProblem = facts.scheme !== 'http' && facts.scheme !== 'https';
    return denied(
      DEFAULT_DENY,
      target.userinfo || schemeProblem ? 'HTTP-request-denied' : 'HTTP-request-URI-invalid',
      target.reason,
    );
  }
  const mocks = resolved.http.mocks;
  const mock = Object.hasOwn(mocks, target.url) ? mocks[target.url] : undefined;
  if (mock) return { verdict: 'granted', rule: mock.rule, mock, url: target.url };
  for (const pattern of resolved.http.allow) {
    if (originMatches(pattern, target.scheme, target.host, target.port))
      return { verdict: 'granted', rule: pattern.rule, url: target.url };
  }
  return {
    ...denied(DEFAULT_DENY, 'HTTP-request-denied', `${target.origin} is not in http.allow`),
    url: target.url,
  };
}
