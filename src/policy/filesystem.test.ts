import { describe, expect, it } from 'vitest';
import {
  decideMutation,
  decideOpen,
  decidePreopens,
  decideRead,
  type MutationOp,
  type OpenFacts,
} from './filesystem';
import { links, resolved } from './test-helpers';

const r = resolved({
  mounts: [
    { guest: '/data', files: { 'in.txt': 'hello', 'docs/': {} } },
    { guest: '/out', access: 'read-write' },
  ],
});

const open = (facts: Partial<OpenFacts>, readlink?: (p: string) => string | undefined) =>
  decideOpen(
    r,
    {
      base: '/data',
      path: 'in.txt',
      create: false,
      truncate: false,
      exclusive: false,
      directory: false,
      write: false,
      followSymlinks: true,
      ...facts,
    },
    readlink,
  );

describe('decideOpen', () => {
  it('grants a read inside a mount, naming the mount', () => {
    expect(open({})).toEqual({
      verdict: 'granted',
      rule: 'mounts[0] read-only',
      path: '/data/in.txt',
    });
    expect(open({ base: '/out', path: 'new.txt', create: true, write: true })).toEqual({
      verdict: 'granted',
      rule: 'mounts[1] read-write',
      path: '/out/new.txt',
    });
  });

  it('refuses write, create and truncate in a read-only mount', () => {
    for (const flags of [
      { write: true },
      { create: true },
      { truncate: true },
      { create: true, exclusive: true },
    ]) {
      expect(open(flags)).toEqual({
        verdict: 'denied',
        rule: 'mounts[0] read-only',
        error: 'read-only',
        reason: 'mounts[0] /data is read-only',
      });
    }
  });

  it('refuses every escape with not-permitted (or the path error)', () => {
    const cases: [string, string, string][] = [
      ['/data', '../etc/passwd', 'not-permitted'],
      ['/data', 'docs/../../../../etc/passwd', 'not-permitted'],
      ['/data', 'a/../../x', 'not-permitted'],
      ['/data', '../out/x', 'not-permitted'],
      ['/data', '/etc/passwd', 'not-permitted'],
      ['/data', '//etc/passwd', 'not-permitted'],
      ['/data/docs', '../../etc/passwd', 'not-permitted'],
      ['/data', 'in.txt\0', 'invalid'],
      ['/data', 'x'.repeat(300), 'name-too-long'],
    ];
    for (const [base, path, error] of cases) {
      const d = open({ base, path });
      expect(d.verdict, `${base} + ${path}`).toBe('denied');
      if (d.verdict === 'denied') {
        expect(d.error, `${base} + ${path}`).toBe(error);
        expect(d.rule).toBe('mounts[0] read-only');
      }
    }
  });

  it('climbing inside the mount is fine', () => {
    expect(open({ base: '/data/docs', path: '../in.txt' })).toMatchObject({
      verdict: 'granted',
      path: '/data/in.txt',
    });
    expect(open({ path: './docs//../in.txt' })).toMatchObject({
      verdict: 'granted',
      path: '/data/in.txt',
    });
  });

  it('follows symlinks: inside is fine, outside is not-permitted, loops are loop', () => {
    const readlink = links({
      '/data/ok': 'in.txt',
      '/data/passwd': '/etc/passwd',
      '/data/loop': 'loop',
      '/data/to-out': '/out/x',
    });
    expect(open({ path: 'ok' }, readlink)).toMatchObject({
      verdict: 'granted',
      path: '/data/in.txt',
    });
    expect(open({ path: 'passwd' }, readlink)).toEqual({
      verdict: 'denied',
      rule: 'mounts[0] read-only',
      error: 'not-permitted',
      reason: 'symlink /data/passwd points outside the mount (to /etc/passwd)',
    });
    expect(open({ path: 'loop' }, readlink)).toMatchObject({ verdict: 'denied', error: 'loop' });
    // A link into another mount is still a way out of this one.
    expect(open({ path: 'to-out', write: true }, readlink)).toMatchObject({
      error: 'not-permitted',
    });
    // Without symlink-follow the link itself is opened.
    expect(open({ path: 'passwd', followSymlinks: false }, readlink)).toMatchObject({
      verdict: 'granted',
    });
  });

  it('a base outside every mount is default deny', () => {
    expect(open({ base: '/etc', path: 'passwd' })).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      error: 'access',
    });
    const none = resolved({});
    expect(
      decideOpen(none, {
        base: '/',
        path: 'x',
        create: false,
        truncate: false,
        exclusive: false,
        directory: false,
        write: false,
        followSymlinks: false,
      }),
    ).toMatchObject({ rule: 'default deny' });
  });

  it('a nested read-write mount inside a read-only one decides for its own files', () => {
    const nested = resolved({
      mounts: [{ guest: '/data' }, { guest: '/data/out', access: 'read-write' }],
    });
    const facts = {
      base: '/data',
      path: 'out/x',
      create: true,
      truncate: false,
      exclusive: false,
      directory: false,
      write: true,
      followSymlinks: true,
    };
    expect(decideOpen(nested, facts)).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[1] read-write',
    });
    expect(decideOpen(nested, { ...facts, path: 'x' })).toMatchObject({
      verdict: 'denied',
      error: 'read-only',
    });
  });
});

describe('decideMutation', () => {
  const changes: MutationOp[] = [
    'write',
    'set-size',
    'create-directory-at',
    'unlink-file-at',
    'remove-directory-at',
    'rename-at',
    'symlink-at',
    'link-at',
    'set-times',
    'set-times-at',
    'write-via-stream',
    'append-via-stream',
  ];

  it('refuses every change inside a read-only mount', () => {
    for (const op of changes) {
      expect(
        decideMutation(r, { op, guestPath: '/data/in.txt', targetGuestPath: '/data/b' }),
        op,
      ).toEqual({
        verdict: 'denied',
        rule: 'mounts[0] read-only',
        error: 'read-only',
        reason: 'mounts[0] /data is read-only',
      });
    }
  });

  it('grants every change inside a read-write mount', () => {
    for (const op of changes) {
      // symlink-at's target is the link's text: relative, since a guest has no absolute root.
      const targetGuestPath = op === 'symlink-at' ? 'b' : '/out/b';
      expect(decideMutation(r, { op, guestPath: '/out/a', targetGuestPath }), op).toMatchObject({
        verdict: 'granted',
        rule: 'mounts[1] read-write',
      });
    }
  });

  it('refuses a symlink to an absolute path, even inside a read-write mount', () => {
    expect(
      decideMutation(r, {
        op: 'symlink-at',
        guestPath: '/out/link',
        targetGuestPath: '/etc/passwd',
      }),
    ).toMatchObject({ verdict: 'denied', error: 'not-permitted', rule: 'mounts[1] read-write' });
  });

  it('sync and advise change nothing: granted on a read-only mount', () => {
    for (const op of ['sync', 'sync-data', 'advise'] as const)
      expect(decideMutation(r, { op, guestPath: '/data/in.txt' })).toMatchObject({
        verdict: 'granted',
      });
  });

  it('rename and link check both ends', () => {
    expect(
      decideMutation(r, { op: 'rename-at', guestPath: '/out/a', targetGuestPath: '/data/a' }),
    ).toEqual({
      verdict: 'denied',
      rule: 'mounts[0] read-only',
      error: 'read-only',
      reason: 'mounts[0] /data is read-only',
    });
    expect(
      decideMutation(r, { op: 'link-at', guestPath: '/out/a', targetGuestPath: '/data/a' }),
    ).toMatchObject({
      error: 'read-only',
    });
    expect(
      decideMutation(r, { op: 'rename-at', guestPath: '/data/in.txt', targetGuestPath: '/out/a' }),
    ).toMatchObject({
      error: 'read-only',
    });
    expect(
      decideMutation(r, { op: 'rename-at', guestPath: '/out/a', targetGuestPath: '/etc/a' }),
    ).toMatchObject({
      rule: 'default deny',
      error: 'access',
    });
    const two = resolved({
      mounts: [
        { guest: '/a', access: 'read-write' },
        { guest: '/b', access: 'read-write' },
      ],
    });
    expect(
      decideMutation(two, { op: 'rename-at', guestPath: '/a/x', targetGuestPath: '/b/x' }),
    ).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[0] read-write + mounts[1] read-write',
    });
  });

  it('outside every mount: default deny', () => {
    expect(decideMutation(r, { op: 'unlink-file-at', guestPath: '/etc/passwd' })).toEqual({
      verdict: 'denied',
      rule: 'default deny',
      error: 'access',
      reason: '/etc/passwd is in no mount: the manifest grants nothing there',
    });
  });

  it('a symlinked parent directory that leaves the mount is not-permitted', () => {
    const readlink = links({ '/out/dir': '/etc' });
    expect(
      decideMutation(r, { op: 'unlink-file-at', guestPath: '/out/dir/passwd' }, readlink),
    ).toMatchObject({
      error: 'not-permitted',
    });
    // The link itself may be removed.
    expect(
      decideMutation(r, { op: 'unlink-file-at', guestPath: '/out/dir' }, readlink),
    ).toMatchObject({
      verdict: 'granted',
    });
  });
});

describe('decideRead and decidePreopens', () => {
  it('reads inside mounts are granted; outside default deny', () => {
    expect(decideRead(r, { op: 'stat', guestPath: '/data/in.txt' })).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[0] read-only',
    });
    expect(decideRead(r, { op: 'read-directory', guestPath: '/out' })).toMatchObject({
      rule: 'mounts[1] read-write',
    });
    expect(decideRead(r, { op: 'stat', guestPath: '/etc' })).toMatchObject({
      verdict: 'denied',
      error: 'access',
      rule: 'default deny',
    });
    expect(
      decideRead(
        r,
        { op: 'stat-at', guestPath: '/data/l', followSymlinks: true },
        links({ '/data/l': '/etc/passwd' }),
      ),
    ).toMatchObject({
      error: 'not-permitted',
    });
  });

  it('preopens list the mounts, or nothing (a soft denial)', () => {
    expect(decidePreopens(r)).toEqual({
      decision: { verdict: 'granted', rule: 'mounts' },
      value: [
        { index: 0, guest: '/data', access: 'read-only' },
        { index: 1, guest: '/out', access: 'read-write' },
      ],
    });
    expect(decidePreopens(resolved({})).decision).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      error: '',
    });
  });
});
