import { describe, expect, it } from 'vitest';
import { describeManifest } from './format';
import { manifestJsonSchema } from './json-schema';
import { parseManifest } from './parse';
import { resolveManifest } from './resolve';
import { DEFAULT_LIMITS, manifestSchema } from './schema';

function resolvedOf(text: string) {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.resolved;
}

describe('resolveManifest', () => {
  it('{} grants nothing but stdout and stderr', () => {
    const r = resolveManifest({});
    expect(r).toMatchObject({
      args: [],
      env: [],
      cwd: undefined,
      stdin: { kind: 'closed' },
      stdout: true,
      stderr: true,
      mounts: [],
      clocks: { wall: { kind: 'deny' }, monotonic: 'deny' },
      random: { kind: 'deny' },
      http: { allow: [], mocks: {} },
      sockets: 'deny',
      limits: DEFAULT_LIMITS,
      onDenied: 'error',
    });
    expect(describeManifest(r)).toEqual(['nothing but stdout and stderr']);
  });

  it('normalises mounts, decodes seeds, compiles patterns and mocks', () => {
    const r = resolvedOf(`{
      "mounts": [{ "guest": "/data/", "files": { "a.txt": "hé", "./bin/x.bin": { "base64": "AAH/" }, "sub/dir/": {} } },
                 { "guest": "/out", "access": "read-write" }],
      "cwd": "/data//sub",
      "env": { "HOME": "/data", "USER": "ada" },
      "clocks": { "wall": "frozen:2024-01-01T00:00:00Z" },
      "random": { "seed": -7 },
      "http": { "allow": ["https://*.Example.org:8443"], "mock": { "HTTPS://API.example.com": { "status": 201 } } },
      "limits": { "timeoutMs": 100 },
      "stdin": "line\\n"
    }`);
    expect(r.mounts[0]).toMatchObject({
      index: 0,
      guest: '/data',
      access: 'read-only',
      rule: 'mounts[0] read-only',
    });
    expect(r.mounts[0]?.seeds).toEqual([
      {
        kind: 'file',
        name: 'a.txt',
        path: 'a.txt',
        guestPath: '/data/a.txt',
        bytes: new Uint8Array([0x68, 0xc3, 0xa9]),
      },
      {
        kind: 'file',
        name: './bin/x.bin',
        path: 'bin/x.bin',
        guestPath: '/data/bin/x.bin',
        bytes: new Uint8Array([0, 1, 255]),
      },
      { kind: 'directory', name: 'sub/dir/', path: 'sub/dir', guestPath: '/data/sub/dir' },
    ]);
    expect(r.mounts[0]?.files['a.txt']).toBe('hé');
    expect(r.mounts[1]?.rule).toBe('mounts[1] read-write');
    expect(r.cwd).toBe('/data/sub');
    expect(r.env).toEqual([
      ['HOME', '/data'],
      ['USER', 'ada'],
    ]);
    expect(r.clocks.wall).toEqual({
      kind: 'frozen',
      seconds: 1704067200n,
      nanoseconds: 0,
      text: '2024-01-01T00:00:00Z',
    });
    expect(r.random).toEqual({ kind: 'seed', seed: -7 });
    expect(r.http.allow).toEqual([
      {
        index: 0,
        source: 'https://*.Example.org:8443',
        scheme: 'https',
        host: 'example.org',
        wildcard: true,
        port: 8443,
        rule: 'http.allow[0] https://*.Example.org:8443',
      },
    ]);
    expect(r.http.mocks['https://api.example.com/']).toEqual({
      key: 'HTTPS://API.example.com',
      url: 'https://api.example.com/',
      status: 201,
      headers: {},
      body: '',
      rule: 'http.mock["HTTPS://API.example.com"]',
    });
    expect(r.limits).toEqual({ ...DEFAULT_LIMITS, timeoutMs: 100 });
    expect(r.stdin).toEqual({ kind: 'text', text: 'line\n' });
    expect(structuredClone(r)).toEqual(r);
    expect(describeManifest(r)).toEqual([
      'env: HOME, USER',
      'reads /data (2 seed files)',
      'reads and writes /out',
      'starts in /data/sub',
      'stdin: 5 characters of text',
      'clock frozen at 2024-01-01T00:00:00Z',
      'random: seeded with -7',
      'HTTP to https://*.example.org:8443',
      'HTTP mocked: HTTPS://API.example.com (201)',
      'timeout 0.1 s',
    ]);
  });

  it('manifestSchema itself runs the cross-field checks', () => {
    const r = manifestSchema.safeParse({ cwd: '/tmp', http: { allow: ['ftp://x'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['cwd', 'http.allow.0']);
  });
});

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema() as {
    type: string;
    additionalProperties: boolean;
    properties: Record<
      string,
      {
        description?: string;
        markdownDescription?: string;
        items?: { additionalProperties?: boolean };
      }
    >;
  };
  it('is a closed object with hover docs for every field', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    for (const field of [
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
    ]) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
      expect(schema.properties[field]?.markdownDescription, field).toBeTruthy();
    }
    expect(schema.properties.mounts?.items?.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain('"read-write"');
  });
});
