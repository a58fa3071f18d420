import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64';
import { deflateBomb } from './deflate-bomb';
import { inflateRawCapped, MAX_INFLATED_BYTES } from './inflate';
import {
  buildShareUrl,
  classifyLinkSize,
  decodeSandboxFromLocation,
  decodeSandboxParam,
  encodeSandbox,
  LINK_MAX_BYTES,
  LINK_WARN_BYTES,
  linkSize,
  MAX_PAYLOAD_CHARS,
  prepareShareLink,
  type DecodeResult,
} from './link';
import { sanitizeUploadName, type Sandbox } from './sandbox';

const MANIFEST = `// Read one file, nothing else.
{
  "mounts": [
    { "guest": "/data", "access": "read-only", "files": { "in.txt": "héllo ✓\\n" } } // seed
  ],
  /* no clocks */
  "args": ["--verbose"]
}
`;

const SANDBOX: Sandbox = {
  manifestText: MANIFEST,
  component: { kind: 'sample', id: 'read-file' },
  files: { '/data/extra.bin': { base64: 'AAECAw==' } },
  lesson: 'read-file',
};

/** Written by the first release. It must open forever: never edit it, add new ones. */
const FROZEN_V1 =
  's=v1.TVAxbsMwDPwKwTGwraXoECCDUfQDRbcyg2wzjhCZCiylTWH4FV37gb6jP-lLStkZAgGCdMcj7zjhYMUdOKZXvibcojHwwraDIAwH57kACenopAf2kSuSiQSAcAgXSZFwC28ZAJgU7C_aKGOEprPJEhb6tG3LcSklHLV3GcR_rlSesDBZ7aRK15v8-PvjfYC_7y8iIYRZj1qLzF0ety_ybTZqDlof2lOEjVmN2bG_2cKyfOexCZEJ9yQzCRbYhuGs2USzTnhy0mnmaIezZyVd_i0WszGci9VgLl3yGN3RaKvGSYYaG_nxQRV1_fxUf-x2OKtC62NQ_r7PPw';

function at(hash: string, search = ''): DecodeResult {
  return decodeSandboxFromLocation({ hash, search });
}

/** A v1 link whose payload is `json` (any text), deflated as the encoder would. */
function linkOf(json: string): string {
  return `#s=v1.${encodeBase64Url(deflateSync(new TextEncoder().encode(json), { level: 9 }))}`;
}

function reasonOf(r: DecodeResult): string {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r).slice(0, 200)}`);
  return r.reason;
}

describe('link round trip', () => {
  it('restores the sandbox exactly, comments and all', () => {
    const r = at(`#${encodeSandbox(SANDBOX)}`);
    expect(r).toEqual({ ok: true, sandbox: SANDBOX, autorun: false, embed: false, version: 1 });
    if (r.ok && r.sandbox) expect(r.sandbox.manifestText).toBe(MANIFEST);
  });

  it('keeps every manifest text byte for byte (CRLF, tabs, emoji, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const s: Sandbox = { manifestText: text, component: { kind: 'sample', id: 'hello' } };
        const r = at(`#${encodeSandbox(s)}`);
        return r.ok && r.sandbox !== null && r.sandbox.manifestText === text;
      }),
      { numRuns: 300 },
    );
    const odd = '\r\n\t// ✓ 😀 \ud800 lone\u2028sep\u0000nul\n{ }';
    const r = at(
      `#${encodeSandbox({ manifestText: odd, component: { kind: 'sample', id: 'x' } })}`,
    );
    expect(r.ok && r.sandbox?.manifestText).toBe(odd);
  });

  it('round-trips every component kind', () => {
    const kinds: Sandbox['component'][] = [
      { kind: 'sample', id: 'hello' },
      { kind: 'upload', sha256: 'a'.repeat(64), name: 'my app.wasm', size: 1234 },
      { kind: 'url', url: 'https://example.com/c/app.wasm?v=2' },
    ];
    for (const component of kinds) {
      const r = at(`#${encodeSandbox({ manifestText: '{}', component })}`);
      expect(r.ok && r.sandbox?.component).toEqual(component);
    }
  });

  it('gives the same link for the same sandbox, whatever the key order', () => {
    const reordered = {
      lesson: SANDBOX.lesson,
      files: SANDBOX.files,
      component: { id: 'read-file', kind: 'sample' as const },
      manifestText: MANIFEST,
    };
    expect(encodeSandbox(reordered)).toBe(encodeSandbox(SANDBOX));
  });

  it('refuses to encode an invalid sandbox (a caller bug)', () => {
    expect(() =>
      encodeSandbox({ manifestText: '{}', component: { kind: 'url', url: 'http://x.org/a.wasm' } }),
    ).toThrow(TypeError);
  });
});

describe('frozen links', () => {
  it('still decodes the v1 link written by the first release', () => {
    expect(at(`#${FROZEN_V1}`)).toEqual({
      ok: true,
      sandbox: SANDBOX,
      autorun: false,
      embed: false,
      version: 1,
    });
  });
});

describe('location parsing', () => {
  it('reads autorun and embed from the query', () => {
    const hash = `#${encodeSandbox(SANDBOX)}`;
    expect(at(hash, '?autorun=1')).toMatchObject({ ok: true, autorun: true, embed: false });
    expect(at(hash, '?embed=1&autorun=1')).toMatchObject({ ok: true, autorun: true, embed: true });
    expect(at(hash, '?autorun=0&embed=no')).toMatchObject({
      ok: true,
      autorun: false,
      embed: false,
    });
  });

  it('reports "no sandbox" for an empty or foreign hash', () => {
    for (const hash of ['', '#', '#intro', '#x=1&y=2']) {
      expect(at(hash, '?embed=1')).toEqual({
        ok: true,
        sandbox: null,
        autorun: false,
        embed: true,
      });
    }
  });

  it('finds s= among other hash parameters', () => {
    const r = at(`#foo=1&${encodeSandbox(SANDBOX)}&bar`);
    expect(r.ok && r.sandbox).toEqual(SANDBOX);
  });

  it('builds the Share URL', () => {
    const url = buildShareUrl('https://airlock.dev/play/?old=1#s=v1.old', SANDBOX, {
      autorun: true,
    });
    expect(url).toBe(`https://airlock.dev/play/?autorun=1#${encodeSandbox(SANDBOX)}`);
    const u = new URL(url);
    expect(at(u.hash, u.search)).toMatchObject({ ok: true, autorun: true, sandbox: SANDBOX });
    expect(buildShareUrl('https://airlock.dev/', SANDBOX, { embed: true })).toMatch(
      /^https:\/\/airlock\.dev\/\?embed=1#s=v1\./,
    );
  });
});

describe('link size', () => {
  it('classifies with the 8 KB and 32 KB thresholds', () => {
    expect(classifyLinkSize(100)).toBe('ok');
    expect(classifyLinkSize(LINK_WARN_BYTES)).toBe('ok');
    expect(classifyLinkSize(LINK_WARN_BYTES + 1)).toBe('warn');
    expect(classifyLinkSize(LINK_MAX_BYTES)).toBe('warn');
    expect(classifyLinkSize(LINK_MAX_BYTES + 1)).toBe('too-big');
  });

  it('measures the hash, "#" included', () => {
    expect(linkSize(SANDBOX)).toBe(encodeSandbox(SANDBOX).length + 1);
    // Incompressible seed data makes a big link.
    const noise = Array.from({ length: 40_000 }, (_, i) => ((i * 7919) % 65_521).toString(36)).join(
      '',
    );
    const big: Sandbox = { ...SANDBOX, files: { '/data/noise.txt': noise } };
    expect(classifyLinkSize(linkSize(big))).not.toBe('ok');
  });
});

describe('tampered links', () => {
  const good = `#${encodeSandbox(SANDBOX)}`;

  it('truncated', () => {
    expect(reasonOf(at(good.slice(0, Math.floor(good.length / 2))))).toMatch(/cut off|altered/);
    expect(reasonOf(at(good.slice(0, good.length - 1)))).toMatch(/cut off|altered|damaged/);
    expect(reasonOf(at('#s=v1.'))).toMatch(/no sandbox data/);
  });

  it('wrong version or prefix', () => {
    expect(reasonOf(at(good.replace('s=v1.', 's=v2.')))).toMatch(/format v2.*newer Airlock/);
    expect(reasonOf(at(good.replace('s=v1.', 's=v0.')))).toMatch(/v0, which never existed/);
    expect(reasonOf(at(good.replace('s=v1.', 's=1.')))).toMatch(/not an Airlock sandbox link/);
    expect(reasonOf(at('#s=v1'))).toMatch(/not an Airlock sandbox link/);
    expect(reasonOf(at('#s=v99999999999.abc'))).toMatch(/not an Airlock sandbox link/);
  });

  it('bad base64', () => {
    expect(reasonOf(at('#s=v1.abc$def'))).toMatch(/Invalid base64url at character 4: "\$"/);
    expect(reasonOf(at('#s=v1.ab+/'))).toMatch(/standard base64/);
    expect(reasonOf(at('#s=v1.abcd==='))).toMatch(/padding/);
    expect(reasonOf(at('#s=v1.ab%2Bcd'))).toMatch(/percent-encoded/);
    expect(reasonOf(at('#s=v1.abcde'))).toMatch(/cut off/);
    expect(reasonOf(at('#s=v1.\u00e9'))).toMatch(/Invalid base64url/);
  });

  it('data that is not deflate', () => {
    expect(
      reasonOf(at(`#s=v1.${encodeBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff]))}`)),
    ).toMatch(/damaged or cut off/);
  });

  it('invalid UTF-8 or invalid JSON', () => {
    const badUtf8 = `#s=v1.${encodeBase64Url(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))}`;
    expect(reasonOf(at(badUtf8))).toMatch(/not valid UTF-8/);
    expect(reasonOf(at(linkOf('{"manifestText": "x", ')))).toMatch(/not valid JSON/);
    expect(reasonOf(at(linkOf('[1, 2]')))).toMatch(/not a JSON object/);
    expect(reasonOf(at(linkOf('null')))).toMatch(/not a JSON object/);
  });

  it('schema violations', () => {
    const base = { manifestText: '{}', component: { kind: 'sample', id: 'hello' } };
    const cases: [unknown, RegExp][] = [
      [{ component: base.component }, /manifestText: .*required|manifest text is missing/],
      [{ ...base, extra: 1 }, /unknown field "extra"/],
      [{ ...base, component: { kind: 'file', path: '/etc/passwd' } }, /component/],
      [{ ...base, component: { kind: 'url', url: 'http://example.com/a.wasm' } }, /only https/],
      [{ ...base, component: { kind: 'url', url: 'javascript:alert(1)' } }, /only https/],
      [
        { ...base, component: { kind: 'url', url: 'https://user:pw@example.com/a.wasm' } },
        /user name/,
      ],
      [
        { ...base, component: { kind: 'upload', sha256: 'abc', name: 'a.wasm', size: 1 } },
        /SHA-256/,
      ],
      [
        {
          ...base,
          component: { kind: 'upload', sha256: 'a'.repeat(64), name: 'a.wasm', size: -1 },
        },
        /negative/,
      ],
      [{ ...base, files: { 'relative.txt': 'x' } }, /absolute guest path/],
      [{ ...base, files: { '/data/../etc/passwd': 'x' } }, /"\.\."/],
      [{ ...base, files: { '/data/x': { base64: 'not base64!' } } }, /base64/],
      [{ ...base, files: { '/data/x': 42 } }, /seed file is text/],
      [{ ...base, lesson: 42 }, /lesson/],
      [{ ...base, manifestText: 'a'.repeat(300 * 1024) }, /longer than/],
    ];
    for (const [raw, pattern] of cases)
      expect(reasonOf(at(linkOf(JSON.stringify(raw))))).toMatch(pattern);
  });

  it('markup in identifier fields is refused', () => {
    const script = '<script>alert(1)</script>';
    const base = { manifestText: '{}', component: { kind: 'sample', id: 'hello' } };
    const cases: unknown[] = [
      { ...base, component: { kind: 'sample', id: script } },
      {
        ...base,
        component: {
          kind: 'upload',
          sha256: 'a'.repeat(64),
          name: `<img src=x onerror=alert(1)>.wasm`,
          size: 1,
        },
      },
      { ...base, component: { kind: 'url', url: `https://example.com/"><script>` } },
      { ...base, lesson: script },
      { ...base, files: { [script]: 'x' } },
    ];
    for (const raw of cases) expect(reasonOf(at(linkOf(JSON.stringify(raw))))).toMatch(/not valid/);
  });

  it('markup in free text stays inert text (the UI never renders it as HTML)', () => {
    const text = '// <script>alert(1)</script>\n{ "env": { "X": "<img src=x onerror=alert(1)>" } }';
    const r = at(
      `#${encodeSandbox({ manifestText: text, component: { kind: 'sample', id: 'hello' } })}`,
    );
    expect(r.ok && r.sandbox?.manifestText).toBe(text);
  });

  it('__proto__ keys cannot pollute anything', () => {
    const raw =
      '{"manifestText":"{}","component":{"kind":"sample","id":"hello"},"__proto__":{"polluted":1}}';
    expect(reasonOf(at(linkOf(raw)))).toMatch(/"__proto__" key/);
    const files =
      '{"manifestText":"{}","component":{"kind":"sample","id":"hello"},"files":{"__proto__":"x"}}';
    expect(reasonOf(at(linkOf(files)))).toMatch(/"__proto__" key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('deflate bombs', () => {
  it('the hand-made bomb really is one (sanity check of the test tool)', () => {
    const small = inflateRawCapped(deflateBomb(1000), 10 * 1024 * 1024);
    expect(small.ok && small.bytes.length).toBe(1 + 258 * 1000);
  });

  it('a 1 GiB bomb is stopped at 1 MiB, fast', () => {
    const bomb = deflateBomb(Math.ceil(2 ** 30 / 258)); // ~1 MB that inflates to 1 GiB
    const t0 = performance.now();
    const r = inflateRawCapped(bomb);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, kind: 'too-large' });
    if (!r.ok) expect(r.reason).toMatch(/more than 1 MiB.*deflate bomb/);
    expect(MAX_INFLATED_BYTES).toBe(1024 * 1024);
  });

  it('a link carrying that bomb is refused before any inflating', () => {
    const hash = `#s=v1.${encodeBase64Url(deflateBomb(Math.ceil(2 ** 30 / 258)))}`;
    const t0 = performance.now();
    expect(reasonOf(at(hash))).toMatch(/too long/);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('a link-sized bomb (~130 KB → 100 MB) fails fast with a clear reason', () => {
    const payload = encodeBase64Url(deflateBomb(400_000));
    expect(payload.length).toBeLessThan(MAX_PAYLOAD_CHARS);
    const t0 = performance.now();
    expect(reasonOf(at(`#s=v1.${payload}`))).toMatch(/expands to more than 1 MiB/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('decoder robustness (property)', () => {
  const valid = encodeSandbox(SANDBOX);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  const mutated = fc
    .tuple(
      fc.nat({ max: valid.length }),
      fc.nat({ max: 40 }),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('replace', 'delete', 'insert', 'truncate', 'flip'),
      fc.nat({ max: alphabet.length - 1 }),
    )
    .map(([pos, len, ins, op, ch]) => {
      switch (op) {
        case 'replace':
          return valid.slice(0, pos) + ins + valid.slice(pos + ins.length);
        case 'delete':
          return valid.slice(0, pos) + valid.slice(pos + len);
        case 'insert':
          return valid.slice(0, pos) + ins + valid.slice(pos);
        case 'truncate':
          return valid.slice(0, pos);
        default:
          return valid.slice(0, pos) + alphabet[ch] + valid.slice(pos + 1);
      }
    });

  const inputs = fc.oneof(
    fc.string({ maxLength: 80 }).map((s) => `#${s}`),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `#s=${s}`),
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 300 }).map((s) => `#s=v1.${s}`),
    mutated.map((s) => `#${s}`),
  );

  it('never throws: always a sandbox, "no sandbox" or a reason (10,000 links)', () => {
    fc.assert(
      fc.property(inputs, fc.string({ maxLength: 20 }), (hash, search) => {
        const r = decodeSandboxFromLocation({ hash, search });
        if (!r.ok) return typeof r.reason === 'string' && r.reason.length > 0;
        return r.sandbox === null || typeof r.sandbox.manifestText === 'string';
      }),
      { numRuns: 10_000 },
    );
  });

  it('decodeSandboxParam survives any value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (v) => {
        const r = decodeSandboxParam(v);
        return r.ok || r.reason.length > 0;
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('prepareShareLink', () => {
  it('gives the URL, size and class, or a reason', () => {
    const r = prepareShareLink('https://airlock.dev/', SANDBOX, { autorun: true });
    expect(r).toEqual({
      ok: true,
      url: `https://airlock.dev/?autorun=1#${encodeSandbox(SANDBOX)}`,
      hash: `#${encodeSandbox(SANDBOX)}`,
      size: linkSize(SANDBOX),
      sizeClass: 'ok',
    });
    const bad = prepareShareLink('https://airlock.dev/', {
      manifestText: '{}',
      component: { kind: 'upload', sha256: 'x', name: 'a.wasm', size: 1 },
    });
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/SHA-256/) });
  });

  it('sanitizeUploadName makes any file name acceptable', () => {
    expect(sanitizeUploadName('<img src=x>.wasm')).toBe('_img src=x_.wasm');
    expect(sanitizeUploadName('a/b\\c\u0000.wasm')).toBe('a_b_c_.wasm');
    expect(sanitizeUploadName('   ')).toBe('component.wasm');
    const name = sanitizeUploadName('x'.repeat(400) + '\ud800');
    expect(() =>
      encodeSandbox({
        manifestText: '',
        component: { kind: 'upload', sha256: 'a'.repeat(64), name, size: 0 },
      }),
    ).not.toThrow();
  });
});
