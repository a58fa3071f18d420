import { describe, expect, it } from 'vitest';
import { askedVsGranted } from './capabilities';

const HELLO_IMPORTS = [
  'wasi:cli/environment',
  'wasi:cli/exit',
  'wasi:io/error',
  'wasi:io/streams',
  'wasi:cli/stdin',
  'wasi:cli/stdout',
  'wasi:cli/stderr',
  'wasi:filesystem/types',
  'wasi:filesystem/preopens',
];

describe('askedVsGranted', () => {
  it('lists what is asked but not granted first', () => {
    const rows = askedVsGranted(HELLO_IMPORTS, { env: { NAME: 'Ada' } });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.environment?.status).toBe('granted');
    expect(byId.environment?.grant).toBe('env NAME');
    expect(byId.filesystem?.status).toBe('asked-not-granted');
    expect(byId.filesystem?.imports).toEqual(['wasi:filesystem/types', 'wasi:filesystem/preopens']);
    expect(byId.stdin?.status).toBe('asked-not-granted');
    expect(byId.stdout?.status).toBe('granted');
    expect(rows[0]?.status).toBe('asked-not-granted');
  });

  it('reports grants the component never asks for', () => {
    const rows = askedVsGranted(['wasi:cli/stdout', 'wasi:io/streams'], {
      mounts: [{ guest: '/data', access: 'read-write' }],
      random: { seed: 7 },
      clocks: { wall: 'frozen:2024-01-01T00:00:00Z' },
    });
    const unused = rows.filter((r) => r.status === 'granted-not-asked').map((r) => [r.id, r.grant]);
    expect(unused).toEqual([
      ['filesystem', '/data read-write'],
      ['wall-clock', 'frozen at 2024-01-01T00:00:00Z'],
      ['random', 'seeded (7)'],
    ]);
  });

  it('treats stdout turned off as asked but not granted', () => {
    const rows = askedVsGranted(['wasi:cli/stdout'], { stdout: false });
    expect(rows.find((r) => r.id === 'stdout')?.status).toBe('asked-not-granted');
  });

  it('never grants sockets and marks plumbing and unknown imports', () => {
    const rows = askedVsGranted(
      ['wasi:sockets/tcp', 'wasi:io/poll', 'wasi:cli/exit', 'acme:thing/api'],
      {
        sockets: 'deny',
      },
    );
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['unknown:acme:thing/api', 'unknown'],
      ['sockets', 'asked-not-granted'],
      ['streams-and-polling', 'always'],
      ['exit', 'always'],
    ]);
  });

  it('reads an unparseable manifest (null) as granting nothing', () => {
    const rows = askedVsGranted(['wasi:cli/environment', 'wasi:cli/stdout'], null);
    expect(rows.every((r) => r.status === 'asked-not-granted')).toBe(true);
  });

  it('describes http grants and mocks', () => {
    const rows = askedVsGranted(['wasi:http/outgoing-handler', 'wasi:http/types'], {
      http: { allow: ['https://api.example.com'], mock: { 'https://x.test/a': { status: 200 } } },
    });
    expect(rows[0]).toMatchObject({
      id: 'http',
      status: 'granted',
      grant: 'https://api.example.com; 1 mocked URL',
    });
  });
});
