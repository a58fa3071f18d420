import { describe, expect, it } from 'vitest';
import { decideHttpRequest, parseOriginPattern, type HttpRequestFacts } from './http';
import { resolved } from './test-helpers';

const r = resolved({
  http: {
    allow: [
      'https://api.example.com',
      'https://*.example.org',
      'http://localhost:8080',
      'https://Ports.Example.net:8443',
    ],
    mock: {
      'https://api.example.com/x': { status: 200, body: 'mocked' },
      'https://offline.test/data?id=1': { status: 404, headers: { 'content-type': 'text/plain' } },
    },
  },
});

const req = (url: string, method = 'GET'): HttpRequestFacts => {
  const m = /^(\w+):\/\/([^/?]*)(.*)$/.exec(url);
  if (!m) throw new Error(url);
  return {
    method,
    scheme: m[1] as 'http' | 'https',
    authority: m[2] ?? '',
    pathWithQuery: m[3] ?? '',
  };
};

describe('parseOriginPattern', () => {
  it('compiles scheme, lower-case host, wildcard and default port', () => {
    expect(parseOriginPattern('HTTPS://API.Example.com/')).toEqual({
      ok: true,
      pattern: {
        source: 'HTTPS://API.Example.com/',
        scheme: 'https',
        host: 'api.example.com',
        wildcard: false,
        port: 443,
      },
    });
    expect(parseOriginPattern('http://*.example.org:8080')).toMatchObject({
      ok: true,
      pattern: { scheme: 'http', host: 'example.org', wildcard: true, port: 8080 },
    });
    expect(parseOriginPattern('http://[::1]:3000')).toMatchObject({
      ok: true,
      pattern: { host: '[::1]', port: 3000 },
    });
  });
  it('refuses what is not an origin', () => {
    for (const bad of [
      'ws://x.com',
      'x.com',
      'https://',
      'https://*',
      'https://a*.b.com',
      'https://a.*.com',
      'https://x.com:0',
      'https://x.com:99999',
      'https://x.com/path',
      'https://u:p@x.com',
      'https://x..com',
      '*://x.com',
    ])
      expect(parseOriginPattern(bad).ok, bad).toBe(false);
  });
});

describe('decideHttpRequest', () => {
  it('an exact mock answers first, with the mock', () => {
    const d = decideHttpRequest(r, req('https://api.example.com/x'));
    expect(d).toMatchObject({ verdict: 'granted', rule: 'http.mock["https://api.example.com/x"]' });
    expect(d.mock?.body).toBe('mocked');
    expect(decideHttpRequest(r, req('https://API.EXAMPLE.COM:443/x')).mock?.status).toBe(200);
    // Mocks match exactly: another path of the same origin goes to the allow list.
    expect(decideHttpRequest(r, req('https://api.example.com/y'))).toEqual({
      verdict: 'granted',
      rule: 'http.allow[0] https://api.example.com',
      url: 'https://api.example.com/y',
    });
    // A mocked URL needs no allow entry, but only that URL is granted.
    expect(decideHttpRequest(r, req('https://offline.test/data?id=1')).mock?.status).toBe(404);
    expect(decideHttpRequest(r, req('https://offline.test/data?id=2')).verdict).toBe('denied');
  });

  it('allow patterns: exact host, wildcard depth, ports, case', () => {
    const rule = (url: string) => {
      const d = decideHttpRequest(r, req(url));
      return d.verdict === 'granted' ? d.rule : d.verdict;
    };
    expect(rule('https://a.example.org/')).toBe('http.allow[1] https://*.example.org');
    expect(rule('https://a.b.example.org/x')).toBe('http.allow[1] https://*.example.org');
    expect(rule('https://example.org/')).toBe('denied');
    expect(rule('https://evilexample.org/')).toBe('denied');
    expect(rule('https://example.org.evil.com/')).toBe('denied');
    expect(rule('http://localhost:8080/')).toBe('http.allow[2] http://localhost:8080');
    expect(rule('http://localhost/')).toBe('denied');
    expect(rule('http://localhost:8081/')).toBe('denied');
    expect(rule('https://api.example.com:443/')).toBe('http.allow[0] https://api.example.com');
    expect(rule('https://api.example.com:8443/')).toBe('denied');
    expect(rule('https://PORTS.example.NET:8443/')).toBe(
      'http.allow[3] https://Ports.Example.net:8443',
    );
    expect(rule('https://api.example.com./')).toBe('http.allow[0] https://api.example.com');
  });

  it('scheme mismatch is denied', () => {
    expect(decideHttpRequest(r, req('http://api.example.com/'))).toEqual({
      verdict: 'denied',
      rule: 'default deny',
      error: 'HTTP-request-denied',
      reason: 'http://api.example.com is not in http.allow',
      url: 'http://api.example.com/',
    });
    expect(
      decideHttpRequest(r, { ...req('https://localhost:8080/'), scheme: 'https' }).verdict,
    ).toBe('denied');
  });

  it('an unknown host is denied with the origin in the reason', () => {
    expect(decideHttpRequest(r, req('https://evil.example/steal'))).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      error: 'HTTP-request-denied',
      reason: 'https://evil.example is not in http.allow',
    });
    expect(decideHttpRequest(resolved({}), req('https://api.example.com/')).verdict).toBe('denied');
  });

  it('user info tricks never reach the allowed host check', () => {
    for (const authority of [
      'api.example.com@evil.com',
      'api.example.com:443@evil.com',
      'user:pass@api.example.com',
    ]) {
      const d = decideHttpRequest(r, {
        method: 'GET',
        scheme: 'https',
        authority,
        pathWithQuery: '/',
      });
      expect(d.verdict, authority).toBe('denied');
      if (d.verdict === 'denied') expect(d.error).toBe('HTTP-request-denied');
    }
    const d = decideHttpRequest(r, {
      method: 'GET',
      scheme: 'https',
      authority: 'api.example.com@evil.com',
      pathWithQuery: '/',
    });
    expect(d.verdict === 'denied' && d.reason).toContain('would really go to https://evil.com');
  });

  it('malformed authorities and paths are refused', () => {
    for (const authority of [
      '',
      'api.example.com/x',
      'api.example.com:99999',
      'api.example.com:abc',
      'a b.com',
      'api.example.com\\@evil.com',
      'api%2eexample.com',
    ]) {
      const d = decideHttpRequest(r, {
        method: 'GET',
        scheme: 'https',
        authority,
        pathWithQuery: '/',
      });
      expect(d.verdict, authority).toBe('denied');
    }
    expect(
      decideHttpRequest(r, {
        method: 'GET',
        scheme: 'https',
        authority: 'api.example.com',
        pathWithQuery: 'x',
      }),
    ).toMatchObject({
      error: 'HTTP-request-URI-invalid',
    });
    expect(
      decideHttpRequest(r, {
        method: 'GET',
        scheme: 'ftp' as 'http',
        authority: 'api.example.com',
        pathWithQuery: '/',
      }),
    ).toMatchObject({
      error: 'HTTP-request-denied',
    });
  });
});
