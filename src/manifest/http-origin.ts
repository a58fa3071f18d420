/**
 * HTTP origins and URLs as the manifest writes them (`http.allow` patterns, `http.mock` keys)
 * and as a guest sends them (scheme + authority + path-with-query). Pure string parsing, no
 * `URL` object: every rule here is spelled out so that the policy and its messages agree.
 */

export type HttpScheme = 'http' | 'https';

export const DEFAULT_PORTS: Readonly<Record<HttpScheme, number>> = { http: 80, https: 443 };

/** A compiled `http.allow` entry. */
export interface OriginPattern {
  /** The entry as written. */
  source: string;
  scheme: HttpScheme;
  /** Lower-case host; for a wildcard, the domain after "*." (which the host must lie below). */
  host: string;
  /** `*.example.org`: any host with one or more labels in front of `example.org`. */
  wildcard: boolean;
  /** The explicit port, or the scheme's default (80, 443). */
  port: number;
}

/** A parsed absolute http(s) URL (an `http.mock` key). */
export interface HttpUrl {
  scheme: HttpScheme;
  host: string;
  port: number;
  /** Starts with "/" (an empty path becomes "/"). */
  pathWithQuery: string;
  /** Canonical form for exact matching: lower-case scheme and host, default port dropped. */
  url: string;
}

/** A parse failure; `index`/`length` locate the culprit inside the text. */
export interface TextProblem {
  ok: false;
  message: string;
  index: number;
  length: number;
}

const PATTERN_EXAMPLE = '"https://api.example.com"';

function problem(message: string, index: number, length = 1): TextProblem {
  return { ok: false, message, index, length: Math.max(0, length) };
}

/** The origin as a person reads it: "https://api.example.com", ":8080" only when not default. */
export function originText(scheme: string, host: string, port: number): string {
  const def = scheme === 'http' || scheme === 'https' ? DEFAULT_PORTS[scheme] : -1;
  return `${scheme}://${host}${port === def ? '' : `:${port}`}`;
}

type HostResult = { ok: true; host: string; wildcard: boolean } | TextProblem;

/** Validates a host (offset = where it starts in the whole text, for positions). */
function parseHost(raw: string, offset: number, allowWildcard: boolean): HostResult {
  if (raw === '') return problem('A host is required, e.g. "api.example.com".', offset, 0);
  if (raw.startsWith('[')) {
    if (!raw.endsWith(']') || !/^\[[0-9A-Fa-f:.]+\]$/.test(raw) || !raw.includes(':'))
      return problem(`"${raw}" is not a valid IPv6 address in brackets.`, offset, raw.length);
    return { ok: true, host: raw.toLowerCase(), wildcard: false };
  }
  let host = raw;
  let wildcard = false;
  let base = offset;
  const star = host.indexOf('*');
  if (star >= 0) {
    if (!allowWildcard)
      return problem('A wildcard "*" is not allowed here: write the exact host.', offset + star);
    if (!host.startsWith('*.') || host.indexOf('*', 1) >= 0 || host.length === 2) {
      const at = host.startsWith('*.') ? host.indexOf('*', 1) : star;
      return problem(
        host === '*'
          ? 'A lone "*" would allow every host; write a domain after it, as in "*.example.org".'
          : 'A wildcard "*" may only be the whole first label, as in "*.example.org".',
        offset + Math.max(0, at),
      );
    }
    wildcard = true;
    host = host.slice(2);
    base += 2;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') return problem('A host is required, e.g. "api.example.com".', base, 0);
  if (host.length > 253)
    return problem('This host name is longer than 253 characters.', base, raw.length);
  let pos = base;
  for (const label of host.split('.')) {
    if (label === '') return problem('A host name cannot contain an empty label ("..").', pos);
    if (label.length > 63)
      return problem('A label of a host name is at most 63 characters long.', pos, label.length);
    for (let i = 0; i < label.length; i++) {
      const ch = label[i] ?? '';
      if (/[A-Za-z0-9_-]/.test(ch)) continue;
      const code = ch.charCodeAt(0);
      return problem(
        code > 0x7f
          ? 'Write an international domain name in its ASCII ("xn--…") form.'
          : `${JSON.stringify(ch)} cannot appear in a host name.`,
        pos + i,
      );
    }
    pos += label.length + 1;
  }
  return { ok: true, host: host.toLowerCase(), wildcard };
}

type PortResult = { ok: true; port: number } | TextProblem;

function parsePort(
  raw: string,
  offset: number,
  scheme: HttpScheme,
  allowEmpty: boolean,
): PortResult {
  if (raw === '') {
    if (allowEmpty) return { ok: true, port: DEFAULT_PORTS[scheme] };
    return problem('Write a port number after ":" (or leave out the ":").', offset - 1, 1);
  }
  if (!/^\d+$/.test(raw) || raw.length > 5 || Number(raw) < 1 || Number(raw) > 65535)
    return problem(
      `The port must be a number from 1 to 65535, not ${JSON.stringify(raw)}.`,
      offset,
      raw.length,
    );
  return { ok: true, port: Number(raw) };
}

type AuthorityResult = { ok: true; host: string; wildcard: boolean; port: number } | TextProblem;

function parseAuthority(
  authority: string,
  offset: number,
  scheme: HttpScheme,
  opts: { wildcard: boolean; emptyPort: boolean; what: string },
): AuthorityResult {
  const at = authority.lastIndexOf('@');
  if (at >= 0)
    return problem(
      `${opts.what} must not contain a user name ("${authority.slice(0, at + 1)}"): the host would be "${authority.slice(at + 1)}".`,
      offset,
      at + 1,
    );
  let hostPart = authority;
  let portPart: string | undefined;
  let portOffset = 0;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close >= 0 && close + 1 < authority.length) {
      if (authority[close + 1] !== ':')
        return problem('Expected ":" and a port after the IPv6 address.', offset + close + 1);
      hostPart = authority.slice(0, close + 1);
      portPart = authority.slice(close + 2);
      portOffset = close + 2;
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      hostPart = authority.slice(0, colon);
      portPart = authority.slice(colon + 1);
      portOffset = colon + 1;
    }
  }
  const host = parseHost(hostPart, offset, opts.wildcard);
  if (!host.ok) return host;
  let port = DEFAULT_PORTS[scheme];
  if (portPart !== undefined) {
    const p = parsePort(portPart, offset + portOffset, scheme, opts.emptyPort);
    if (!p.ok) return p;
    port = p.port;
  }
  return { ok: true, host: host.host, wildcard: host.wildcard, port };
}

type SchemeSplit = { ok: true; scheme: HttpScheme; rest: string; restOffset: number } | TextProblem;

function splitScheme(text: string, what: string, example: string): SchemeSplit {
  const sep = text.indexOf('://');
  if (sep < 0) {
    const looksLikeHost =
      /^[A-Za-z0-9*[][^\s]*$/.test(text) && !/^[A-Za-z][A-Za-z0-9+.-]*:[^0-9]/.test(text);
    return problem(
      looksLikeHost && text !== ''
        ? `${what} needs a scheme: write "https://${text}".`
        : `${what} must start with "http://" or "https://", as in ${example}.`,
      0,
      text.length,
    );
  }
  const scheme = text.slice(0, sep).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return problem(
      scheme === '*'
        ? 'The scheme cannot be a wildcard: list "http://…" and "https://…" separately.'
        : `The scheme must be "http" or "https", not "${text.slice(0, sep)}".`,
      0,
      sep,
    );
  return { ok: true, scheme, rest: text.slice(sep + 3), restOffset: sep + 3 };
}

function findSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return i;
  }
  return -1;
}

/**
 * Parses an `http.allow` entry: `scheme://host[:port]` with an optional trailing "/". The scheme
 * is http or https, the host is required, a wildcard may only be a leading `*.` label, and the
 * port (1 to 65535) defaults to the scheme's.
 */
export function parseOriginPattern(
  text: string,
): { ok: true; pattern: OriginPattern } | TextProblem {
  const what = 'An http.allow entry';
  const sp = findSpace(text);
  if (sp >= 0) return problem(`${what} must not contain spaces or control characters.`, sp);
  const split = splitScheme(text, what, PATTERN_EXAMPLE);
  if (!split.ok) return split;
  const { rest, restOffset, scheme } = split;
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const auth = parseAuthority(authority, restOffset, scheme, {
    wildcard: true,
    emptyPort: false,
    what,
  });
  if (!auth.ok) return auth;
  if (tail !== '' && tail !== '/')
    return problem(
      `${what} is an origin (scheme, host and port) without a path or query: remove "${tail}".`,
      restOffset + authority.length,
      tail.length,
    );
  return {
    ok: true,
    pattern: { source: text, scheme, host: auth.host, wildcard: auth.wildcard, port: auth.port },
  };
}

/** Canonical URL text used for exact (mock) matching. */
function canonicalUrl(
  scheme: HttpScheme,
  host: string,
  port: number,
  pathWithQuery: string,
): string {
  return originText(scheme, host, port) + pathWithQuery;
}

function canonicalPath(pathWithQuery: string): string {
  if (pathWithQuery === '') return '/';
  if (pathWithQuery.startsWith('?')) return '/' + pathWithQuery;
  return pathWithQuery;
}

/** Parses an absolute http(s) URL without user info or fragment (an `http.mock` key). */
export function parseHttpUrl(text: string): { ok: true; url: HttpUrl } | TextProblem {
  const what = 'A mock URL';
  const sp = findSpace(text);
  if (sp >= 0)
    return problem(`${what} must not contain spaces or control characters (write %20).`, sp);
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) > 0x7e)
      return problem(`${what} must be ASCII: percent-encode other characters (%C3%A9).`, i);
  const split = splitScheme(text, what, '"https://api.example.com/v1/items"');
  if (!split.ok) return split;
  const { rest, restOffset, scheme } = split;
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const auth = parseAuthority(authority, restOffset, scheme, {
    wildcard: false,
    emptyPort: true,
    what,
  });
  if (!auth.ok) return auth;
  const hash = tail.indexOf('#');
  if (hash >= 0)
    return problem(
      `${what} cannot have a "#fragment": browsers never send it, so it could never match.`,
      restOffset + authority.length + hash,
      tail.length - hash,
    );
  const pathWithQuery = canonicalPath(tail);
  return {
    ok: true,
    url: {
      scheme,
      host: auth.host,
      port: auth.port,
      pathWithQuery,
      url: canonicalUrl(scheme, auth.host, auth.port, pathWithQuery),
    },
  };
}

/** What the guest asked for, parsed; `ok: false` explains why it cannot be a valid request. */
export type RequestTarget =
  | { ok: true; scheme: HttpScheme; host: string; port: number; origin: string; url: string }
  | { ok: false; reason: string; userinfo: boolean };

/**
 * Parses an outgoing request's scheme, authority and path-with-query (wasi:http fields). User
 * info in the authority ("allowed.com@evil.com") is refused outright: the request would go to
 * the host after the "@".
 */
export function parseRequestTarget(
  scheme: string,
  authority: string,
  pathWithQuery: string,
): RequestTarget {
  const s = scheme.toLowerCase();
  if (s !== 'http' && s !== 'https')
    return {
      ok: false,
      reason: `the scheme "${scheme}" is neither http nor https`,
      userinfo: false,
    };
  if (authority === '')
    return { ok: false, reason: 'the request has no authority (host)', userinfo: false };
  if (findSpace(authority) >= 0 || /[/?#\\%]/.test(authority))
    return {
      ok: false,
      reason: `the authority ${JSON.stringify(authority)} is not a valid host[:port]`,
      userinfo: false,
    };
  const at = authority.lastIndexOf('@');
  if (at >= 0)
    return {
      ok: false,
      reason: `the authority "${authority}" carries user info ("${authority.slice(0, at + 1)}"): the request would really go to ${s}://${authority.slice(at + 1)}`,
      userinfo: true,
    };
  const auth = parseAuthority(authority, 0, s, {
    wildcard: false,
    emptyPort: true,
    what: 'The authority',
  });
  if (!auth.ok)
    return {
      ok: false,
      reason: `the authority "${authority}" is invalid: ${auth.message}`,
      userinfo: false,
    };
  if (pathWithQuery !== '' && !pathWithQuery.startsWith('/') && !pathWithQuery.startsWith('?'))
    return {
      ok: false,
      reason: `the path ${JSON.stringify(pathWithQuery)} does not start with "/"`,
      userinfo: false,
    };
  if (findSpace(pathWithQuery) >= 0 || pathWithQuery.includes('#'))
    return {
      ok: false,
      reason: `the path ${JSON.stringify(pathWithQuery)} contains spaces, control characters or "#"`,
      userinfo: false,
    };
  const path = canonicalPath(pathWithQuery);
  return {
    ok: true,
    scheme: s,
    host: auth.host,
    port: auth.port,
    origin: originText(s, auth.host, auth.port),
    url: canonicalUrl(s, auth.host, auth.port, path),
  };
}

/** Whether a host (lower case) and port under a scheme match an allow pattern. */
export function originMatches(
  p: OriginPattern,
  scheme: HttpScheme,
  host: string,
  port: number,
): boolean {
  if (p.scheme !== scheme || p.port !== port) return false;
  if (!p.wildcard) return host === p.host;
  return host.length > p.host.length + 1 && host.endsWith('.' + p.host);
}
