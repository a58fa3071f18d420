import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { locatePath, parseManifest, type Diagnostic } from './parse';

/** Diagnostics of a manifest that must fail. */
function errorsOf(text: string): Diagnostic[] {
  const r = parseManifest(text);
  if (r.ok) throw new Error(`expected diagnostics for ${text}`);
  return r.diagnostics;
}

/** The one diagnostic of a manifest, and the text it underlines. */
function only(text: string): Diagnostic & { underlined: string } {
  const diagnostics = errorsOf(text);
  expect(diagnostics, JSON.stringify(diagnostics, null, 1)).toHaveLength(1);
  const d = diagnostics[0]!;
  const lines = text.split('\n');
  const underlined =
    d.line === d.endLine
      ? (lines[d.line - 1] ?? '').slice(d.column - 1, d.endColumn - 1)
      : `${(lines[d.line - 1] ?? '').slice(d.column - 1)}…`;
  return { ...d, underlined };
}

describe('parseManifest: what a valid manifest gives', () => {
  it('treats empty text, blank text and comment-only text as {}', () => {
    for (const text of ['', '   \n\t', '// nothing yet\n', '/* block */']) {
      const r = parseManifest(text);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.manifest).toEqual({});
        expect(r.resolved.stdout).toBe(true);
        expect(r.resolved.mounts).toEqual([]);
      }
    }
  });

  it('accepts comments, trailing commas and a byte order mark', () => {
    const r = parseManifest(
      '\uFEFF{\n  // who may read\n  "args": ["a", "b",],\n  "env": { "HOME": "/data", },\n}\n',
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.manifest).toEqual({ args: ['a', 'b'], env: { HOME: '/data' } });
  });

  it('accepts every field of the spec at once', () => {
    const r = parseManifest(`{
      "$schema": "./manifest.schema.json",
      "args": ["--verbose"], "env": { "USER": "ada" }, "cwd": "/data/sub",
      "stdin": { "interactive": true }, "stdout": true, "stderr": false,
      "mounts": [{ "guest": "/data", "access": "read-write",
        "files": { "input.txt": "text", "img.bin": { "base64": "AAEC" }, "sub/dir/": {} } }],
      "clocks": { "wall": "frozen:2024-01-01T00:00:00Z", "monotonic": "real" },
      "random": { "seed": 42 },
      "http": { "allow": ["https://api.example.com", "https://*.example.org:443"],
        "mock": { "https://api.example.com/x": { "status": 200, "headers": { "content-type": "text/plain" }, "body": "hi" } } },
      "sockets": "deny",
      "limits": { "timeoutMs": 5000, "maxOutputBytes": 1048576, "maxMemoryMiB": 256 },
      "onDenied": "trap"
    }`);
    expect(r.ok ? r.warnings : r.diagnostics).toEqual([]);
  });
});

describe('parseManifest: learner messages at the right place', () => {
  it('unknown field: points at the key and suggests the closest field', () => {
    const d = only('{\n  "mount": []\n}');
    expect(d.message).toBe('Unknown field "mount". Did you mean "mounts"?');
    expect([d.line, d.column, d.endLine, d.endColumn]).toEqual([2, 3, 2, 10]);
    expect(d.underlined).toBe('"mount"');
    expect(d.path).toEqual(['mount']);
    expect(d.severity).toBe('error');
  });

  it('unknown field suggestions: case, separators, prefixes, typos, nesting', () => {
    expect(only('{"OnDenied": "trap"}').message).toContain('Did you mean "onDenied"?');
    expect(only('{"on_denied": "trap"}').message).toContain('Did you mean "onDenied"?');
    expect(only('{"limits": {"timeout": 5}}').message).toBe(
      'Unknown field "timeout" in limits. Did you mean "timeoutMs"?',
    );
    expect(only('{"mounts": [{"guest": "/d", "acess": "read-only"}]}').message).toBe(
      'Unknown field "acess" in mounts[0]. Did you mean "access"?',
    );
    const none = only('{"colour": 1}').message;
    expect(none).toContain('Unknown field "colour".');
    expect(none).toContain('args, env, cwd');
  });

  it('wrong enum value: points at the value and lists the choices', () => {
    const d = only('{ "mounts": [ { "guest": "/data", "access": "rw" } ] }');
    expect(d.message).toBe('mounts[0].access must be "read-only" or "read-write", not "rw".');
    expect(d.underlined).toBe('"rw"');
    expect(d.path).toEqual(['mounts', 0, 'access']);
    expect(only('{ "mounts": [ { "guest": "/d", "access": "read_only" } ] }').message).toContain(
      'Did you mean "read-only"?',
    );
  });

  it('wrong types, in words', () => {
    expect(only('{"stdout": "yes"}').message).toBe('stdout must be true or false, not "yes".');
    expect(only('{"args": "a b"}').message).toBe(
      'args must be a list of strings, like ["a", "b"], not "a b".',
    );
    expect(only('{"args": ["a", 2]}').message).toBe('args[1] must be a string, not 2.');
    expect(only('{"env": {"HOME": 1}}').message).toBe('env.HOME must be a string, not 1.');
    expect(only('{"limits": {"timeoutMs": 0}}').message).toBe(
      'limits.timeoutMs must be a whole number from 1 to 600000, not 0.',
    );
    expect(only('{"random": {"seed": 1.5}}').message).toBe(
      'random.seed must be a whole number, not 1.5.',
    );
    expect(only('{"random": "Real"}').message).toBe(
      'random must be "real", "deny" or { "seed": <whole number> }, not "Real". Did you mean "real"?',
    );
    expect(only('{"stdin": 5}').message).toBe(
      'stdin must be a string or { "interactive": true }, not 5.',
    );
    expect(only('{"stdin": {"interactive": false}}').message).toBe(
      'stdin.interactive must be true, not false.',
    );
    expect(only('{"cwd": null}').message).toBe(
      'cwd must be a string, not null. To leave it out, delete the field.',
    );
    expect(only('{"sockets": "allow"}').message).toContain('A browser has no raw sockets');
    expect(only('[]').message).toBe('The manifest must be an object { … }, not a list.');
    expect(only('{"mounts": {"guest": "/d"}}').message).toBe(
      'mounts must be a list of objects, like [ { … } ], not an object.',
    );
    expect(only('{"clocks": {"wall": "frozn:2024-01-01T00:00:00Z"}}').message).toContain(
      'clocks.wall must be "real", "deny" or "frozen:<time>"',
    );
  });

  it('seed files: a typo in "base64" and a wrong base64 type', () => {
    expect(only('{"mounts":[{"guest":"/d","files":{"a":{"bas64":"x"}}}]}').message).toBe(
      'Unknown field "bas64" in mounts[0].files.a. Did you mean "base64"?',
    );
    expect(only('{"mounts":[{"guest":"/d","files":{"a":{"base64":1}}}]}').message).toBe(
      'mounts[0].files.a.base64 must be a string, not 1.',
    );
    expect(only('{"mounts":[{"guest":"/d","files":{"a":{"size":1}}}]}').message).toContain(
      'Expected text, { "base64": "…" } for bytes, or {} for a directory.',
    );
  });

  it('missing required field: at the object, with the field docs', () => {
    const d = only('{"mounts": [{}]}');
    expect(d.message).toMatch(/^mounts\[0\] needs a "guest" field: Where the guest sees/);
    expect(d.underlined).toBe('{');
    // A misspelt required field gives one message, not two.
    expect(only('{"random": {"sed": 1}}').message).toBe(
      'Unknown field "sed" in random. Did you mean "seed"?',
    );
    expect(only('{"mounts": [{"guest": ""}]}').message).toBe('mounts[0].guest must not be empty.');
  });

  it('duplicate fields are errors, at the second key', () => {
    const d = only('{"args": [],\n "args": ["x"]}');
    expect(d.message).toContain('Duplicate field "args"');
    expect(d.line).toBe(2);
    expect(errorsOf('{"env": {"A": "1", "A": "2"}}')[0]?.message).toContain('Duplicate name "A"');
  });

  it('syntax errors: position and plain words', () => {
    const single = only("{'args': []}");
    expect(single.message).toContain('Use double quotes');
    expect([single.line, single.column]).toEqual([1, 2]);
    expect(only('{args: []}').message).toBe(
      'Field names and text need double quotes: write "args".',
    );
    expect(only('{"stdout": True}').message).toBe('Write true in lower case.');
    const comma = only('{\n  "args": []\n  "env": {}\n}');
    expect(comma.message).toBe('Expected a comma "," between two entries.');
    // On the line that lacks it (after `[]`), not at the next key.
    expect([comma.line, comma.column]).toEqual([2, 13]);
    const afterComment = only('{\n  "args": [] // list\n  "env": {}\n}');
    expect(afterComment.line).toBe(2);
    expect(only('{"args": ["a"').message).toMatch(/Expected "\]"|Expected "}"/);
    expect(only('{"cwd": "/data}').message).toBe(
      'This string is never closed: add a double quote ".',
    );
    expect(only('{} {}').message).toContain('Unexpected text after the end');
    expect(only('/* open').message).toBe('This comment is never closed: add "*/".');
  });

  it('columns are UTF-16 code units and lines count \\r\\n once', () => {
    const d = only('{\r\n  "env": {"\u{1F600}": 1}\r\n}');
    expect([d.line, d.column]).toEqual([2, 17]);
  });

  it('"__proto__" as a name is refused, not silently lost', () => {
    expect(only('{"env": {"__proto__": "x"}}').message).toBe(
      '"__proto__" cannot be used as a name in env.',
    );
  });

  it('large manifests stay linear (20,000 seed files cost about 4x 5,000)', () => {
    // A ratio against a smaller run in the same process, not a wall-clock bound: a loaded CI
    // machine slows both alike, a quadratic step makes the ratio 16.
    const text = (n: number) =>
      JSON.stringify({
        mounts: [
          {
            guest: '/d',
            files: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.txt`, 'text'])),
          },
        ],
      });
    const median = (t: string) => {
      const times = [0, 1, 2].map(() => {
        const started = performance.now();
        expect(parseManifest(t).ok).toBe(true);
        return performance.now() - started;
      });
      return times.sort((a, b) => a - b)[1]!;
    };
    const small = text(5_000);
    const large = text(20_000);
    median(small); // warm up
    expect(median(large) / median(small)).toBeLessThan(10);
  });

  it('hostile nesting is a diagnostic, not a stack overflow', () => {
    const d = only('['.repeat(100_000));
    expect(d.message).toContain('nested more than');
  });
});

describe('parseManifest: semantic checks with positions', () => {
  it('cwd outside every mount', () => {
    const d = only('{"mounts": [{"guest": "/data"}], "cwd": "/tmp"}');
    expect(d.message).toBe(
      'cwd "/tmp" is not inside any mount (/data): the guest could not open it.',
    );
    expect(d.underlined).toBe('"/tmp"');
    expect(only('{"cwd": "/data"}').message).toContain('there are no mounts');
    expect(only('{"mounts": [{"guest": "/data"}], "cwd": "data"}').message).toContain(
      'cwd must be an absolute path',
    );
    expect(only('{"mounts": [{"guest": "/data"}], "cwd": "/database"}').message).toContain(
      'not inside any mount',
    );
    expect(parseManifest('{"mounts": [{"guest": "/data"}], "cwd": "/data/sub/.."}').ok).toBe(true);
  });

  it('mount guest paths: absolute, no "..", not repeated', () => {
    expect(only('{"mounts": [{"guest": "data"}]}').message).toBe(
      'mounts[0].guest must be an absolute path (starting with "/"): write "/data".',
    );
    expect(only('{"mounts": [{"guest": "/data/../etc"}]}').message).toContain(
      'must not contain ".."',
    );
    const dup = only('{"mounts": [{"guest": "/data"}, {"guest": "//data/"}]}');
    expect(dup.message).toBe(
      'mounts[1].guest "//data/" is the same directory as mounts[0].guest: mount each directory once.',
    );
    expect(dup.path).toEqual(['mounts', 1, 'guest']);
  });

  it('nested mounts are a warning, not an error', () => {
    const r = parseManifest(
      '{"mounts": [{"guest": "/data"}, {"guest": "/data/out", "access": "read-write"}]}',
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]?.severity).toBe('warning');
      expect(r.warnings[0]?.message).toContain('lies inside mounts[0] /data');
    }
  });

  it('http allow patterns: scheme, host, wildcard, port, path, user info', () => {
    const cases: [string, string, string][] = [
      ['ftp://example.com', 'The scheme must be "http" or "https", not "ftp".', 'ftp'],
      [
        'example.com',
        'An http.allow entry needs a scheme: write "https://example.com".',
        'example.com',
      ],
      ['https://', 'A host is required', '"'],
      ['https://a.*.example.org', 'A wildcard "*" may only be the whole first label', '*'],
      ['https://*example.org', 'A wildcard "*" may only be the whole first label', '*'],
      ['https://*', 'A lone "*" would allow every host', '*'],
      ['https://example.com:0', 'The port must be a number from 1 to 65535, not "0".', '0'],
      ['https://example.com:65536', 'The port must be a number from 1 to 65535', '65536'],
      ['https://example.com:', 'Write a port number after ":"', ':'],
      ['https://example.com/v1', 'without a path or query: remove "/v1".', '/v1'],
      [
        'https://allowed.com@evil.com',
        'must not contain a user name ("allowed.com@")',
        'allowed.com@',
      ],
      ['https://exa mple.com', 'must not contain spaces', ' '],
      ['https://bad_host!.com', '"!" cannot appear in a host name.', '!'],
    ];
    for (const [pattern, message, underlined] of cases) {
      const d = only(`{"http": {"allow": [${JSON.stringify(pattern)}]}}`);
      expect(d.message, pattern).toContain(message);
      expect(d.underlined, pattern).toBe(underlined);
      expect(d.path).toEqual(['http', 'allow', 0]);
    }
  });

  it('mock URLs must be absolute http(s) URLs (the key is underlined)', () => {
    const d = only('{"http": {"mock": {"api.example.com/x": {"status": 200}}}}');
    expect(d.message).toContain('needs a scheme');
    expect(d.path).toEqual(['http', 'mock', 'api.example.com/x']);
    expect(d.underlined).toBe('api.example.com/x');
    expect(only('{"http": {"mock": {"https://x.com/a#top": {"status": 200}}}}').message).toContain(
      '"#fragment"',
    );
    expect(only('{"http": {"mock": {"file:///etc/passwd": {"status": 200}}}}').message).toContain(
      'not "file"',
    );
    expect(
      only(
        '{"http": {"mock": {"https://X.com/a": {"status": 200}, "https://x.com:443/a": {"status": 201}}}}',
      ).message,
    ).toContain('is the same URL as "https://X.com/a"');
    expect(only('{"http": {"mock": {"https://x.com/": {"status": 99}}}}').message).toBe(
      'http.mock["https://x.com/"].status must be a whole number from 100 to 599, not 99.',
    );
  });

  it('frozen wall clock: a valid RFC 3339 instant', () => {
    const bad: [string, string][] = [
      ['frozen:2024-01-01', 'add a time of day'],
      ['frozen:2024-01-01T00:00:00', 'add a time zone'],
      ['frozen:2024-01-01 00:00:00Z', 'with "T", not a space'],
      ['frozen:2023-02-29T00:00:00Z', '2023-02-29 does not exist (2023 is not a leap year)'],
      ['frozen:2024-13-01T00:00:00Z', 'Month 13 does not exist'],
      ['frozen:2024-01-01T24:00:00Z', 'Hour 24 does not exist'],
      ['frozen:2024-01-01T00:00:60Z', 'Leap seconds'],
      ['frozen:1969-12-31T23:59:59Z', 'before 1970'],
      ['frozen:yesterday', 'is not an RFC 3339 time'],
    ];
    for (const [wall, message] of bad) {
      const d = only(`{"clocks": {"wall": "${wall}"}}`);
      expect(d.message, wall).toContain(message);
      expect(d.underlined, wall).toBe(wall.slice('frozen:'.length));
    }
    expect(
      parseManifest('{"clocks": {"wall": "frozen:2024-02-29T12:00:00.123456789-05:30"}}').ok,
    ).toBe(true);
  });

  it('seed file names that escape the mount, and bad base64', () => {
    const files = (f: string) => `{"mounts": [{"guest": "/data", "files": ${f}}]}`;
    expect(only(files('{"../etc/passwd": "x"}')).message).toBe(
      '"../etc/passwd" would leave the mount: seed file names cannot contain "..".',
    );
    expect(only(files('{"a/../../x": "x"}')).message).toContain('would leave the mount');
    const abs = only(files('{"/etc/passwd": "x"}'));
    expect(abs.message).toBe(
      'Seed file names are relative to the mount: write "etc/passwd", not "/etc/passwd".',
    );
    expect(abs.path).toEqual(['mounts', 0, 'files', '/etc/passwd']);
    expect(only(files('{"": "x"}')).message).toContain('needs a name');
    expect(only(files('{"./": {}}')).message).toContain('names the mount itself');
    expect(only(files('{"dir/": "text"}')).message).toContain('its value must be {}');
    expect(only(files('{"a.txt": "x", "./a.txt": "y"}')).message).toContain(
      'is the same path as "a.txt"',
    );
    expect(only(files('{"a": "x", "a/b": "y"}')).message).toContain('which is a file');
    expect(only(files(`{"${'n'.repeat(256)}": "x"}`)).message).toContain('longer than 255 bytes');
    const b64 = only(files('{"img.bin": {"base64": "AAE$AA=="}}'));
    expect(b64.message).toBe(
      'Invalid base64: "$" is not a base64 character (A-Z, a-z, 0-9, +, /).',
    );
    expect(b64.underlined).toBe('$');
    expect(only(files('{"x": {"base64": "ab-_"}}')).message).toContain('base64url');
    expect(only(files('{"x": {"base64": "A"}}')).message).toContain('cut short');
    expect(only(files('{"x": {"base64": "AA=A"}}')).message).toContain('padding');
    const r = parseManifest(files('{"x": {"base64": "AAEC\\nAwQ="}, "d": {}}'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings[0]?.message).toContain('write "d/"');
  });

  it('environment variable names', () => {
    const d = only('{"env": {"A=B": "x"}}');
    expect(d.message).toBe('"A=B" cannot be a variable name: names cannot contain "=".');
    expect(d.underlined).toBe('=');
  });

  it('reports several problems at once, sorted by position', () => {
    const ds = errorsOf('{\n "mount": [],\n "stdout": 1,\n "args": [true]\n}');
    expect(ds.map((d) => d.line)).toEqual([2, 3, 4]);
  });
});

describe('locatePath', () => {
  it('finds the manifest entry a rule names', () => {
    const text = '{\n  "mounts": [\n    { "guest": "/data" }\n  ]\n}';
    expect(locatePath(text, ['mounts', 0])).toEqual({
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 25,
    });
    expect(locatePath(text, ['env'])).toBeUndefined();
  });
});

describe('parseManifest never throws (property tests)', () => {
  const wellFormed = (d: Diagnostic) =>
    d.message.length > 0 &&
    d.line >= 1 &&
    d.column >= 1 &&
    (d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)) &&
    Array.isArray(d.path);

  const holds = (text: string) => {
    const r = parseManifest(text);
    if (r.ok) return r.resolved !== undefined && r.warnings.every(wellFormed);
    return r.diagnostics.length >= 1 && r.diagnostics.every(wellFormed);
  };

  it('any string (10,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({
            unit: fc.constantFrom(...'{}[]":,/*\\ \n\rtruefalsenul0123456789-.eE\'`'),
            maxLength: 60,
          }),
        ),
        holds,
      ),
      { numRuns: 10_000 },
    );
  });

  it('any JSON value (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => holds(JSON.stringify(v) ?? 'null')),
      { numRuns: 2_000 },
    );
  });

  const fieldValue = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      'real',
      'deny',
      'read-only',
      'read-write',
      'frozen:2024-01-01T00:00:00Z',
      'trap',
      '/data',
    ),
  );
  const known = [
    'args',
    'env',
    'cwd',
    'stdin',
    'stdout',
    'stderr',
    'mounts',
    'clocks',
    'random',
    'http',
    'sockets',
    'limits',
    'onDenied',
  ];

  it('manifest-shaped objects with random field values (3,000 runs)', () => {
    const mount = fc.record(
      {
        guest: fc.oneof(fc.constantFrom('/data', '/out', 'data', '/', '/data/'), fc.string()),
        access: fc.oneof(fc.constantFrom('read-only', 'read-write'), fieldValue),
        files: fc.dictionary(
          fc.oneof(
            fc.constantFrom('a.txt', '../x', '/abs', 'd/', 'd/e', ''),
            fc.string({ maxLength: 8 }),
          ),
          fc.oneof(fc.string(), fc.record({ base64: fc.string() }), fc.constant({}), fieldValue),
        ),
      },
      { requiredKeys: [] },
    );
    const manifest = fc.dictionary(
      fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 10 })),
      fieldValue,
    );
    const shaped = fc.record(
      {
        mounts: fc.array(mount, { maxLength: 3 }),
        cwd: fc.oneof(fc.constantFrom('/data', '/data/x', '/tmp', 'rel'), fc.string()),
        http: fc.record(
          {
            allow: fc.array(
              fc.oneof(
                fc.constantFrom(
                  'https://a.com',
                  'https://*.a.com:8443',
                  'http://[::1]:80',
                  'ftp://x',
                  '*',
                ),
                fc.string(),
              ),
            ),
            mock: fc.dictionary(
              fc.oneof(fc.webUrl(), fc.string()),
              fc.record({ status: fc.integer() }),
            ),
          },
          { requiredKeys: [] },
        ),
        clocks: fc.record({
          wall: fc.oneof(
            fc.constant('frozen:'),
            fc.string().map((s) => `frozen:${s}`),
            fieldValue,
          ),
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(manifest, shaped), (m) => holds(JSON.stringify(m))),
      { numRuns: 3_000 },
    );
  });
});
