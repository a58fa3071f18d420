import { describe, expect, it } from 'vitest';
import { findMount, normalizeGuestPath, resolveAt, resolveSymlinks } from './paths';
import { links, resolved } from './test-helpers';

describe('normalizeGuestPath', () => {
  it('collapses //, . and .., never above /', () => {
    expect(normalizeGuestPath('/data//a/./b/')).toBe('/data/a/b');
    expect(normalizeGuestPath('/data/a/../b')).toBe('/data/b');
    expect(normalizeGuestPath('/../../etc')).toBe('/etc');
    expect(normalizeGuestPath('/')).toBe('/');
    expect(normalizeGuestPath('')).toBe('/');
    expect(normalizeGuestPath('data')).toBe('/data');
  });
});

describe('findMount', () => {
  const r = resolved({
    mounts: [{ guest: '/data' }, { guest: '/data/out', access: 'read-write' }, { guest: '/tmp/' }],
  });
  it('takes the longest mount on a component boundary', () => {
    expect(findMount(r, '/data/x')?.index).toBe(0);
    expect(findMount(r, '/data')?.index).toBe(0);
    expect(findMount(r, '/data/out/x')?.index).toBe(1);
    expect(findMount(r, '/data/outside')?.index).toBe(0);
    expect(findMount(r, '/tmp')?.index).toBe(2);
    expect(findMount(r, '/database')).toBeUndefined();
    expect(findMount(r, '/etc/passwd')).toBeUndefined();
    expect(findMount(r, '/data/../etc')).toBeUndefined();
  });
  it('a mount at / holds everything', () => {
    expect(findMount(resolved({ mounts: [{ guest: '/' }] }), '/etc/passwd')?.index).toBe(0);
  });
});

describe('resolveAt: every escape trick is refused', () => {
  it('stays inside: plain, ./, //, and .. that climbs within the mount', () => {
    expect(resolveAt('/data', 'in.txt')).toEqual({ ok: true, path: '/data/in.txt' });
    expect(resolveAt('/data', './a//b/./c')).toEqual({ ok: true, path: '/data/a/b/c' });
    expect(resolveAt('/data', 'docs/../public.txt')).toEqual({
      ok: true,
      path: '/data/public.txt',
    });
    expect(resolveAt('/data/docs', '../public.txt')).toEqual({
      ok: true,
      path: '/data/public.txt',
    });
    expect(resolveAt('/data', '.')).toEqual({ ok: true, path: '/data' });
    expect(resolveAt('/data/a/b', '../../x', '/data')).toEqual({ ok: true, path: '/data/x' });
  });

  it('.. chains that climb out are not-permitted', () => {
    for (const path of [
      '..',
      '../etc/passwd',
      'a/../../x',
      'docs/../../../../etc/passwd',
      '../data/x',
      './..',
    ]) {
      const r = resolveAt('/data', path);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.error, path).toBe('not-permitted');
    }
    const r = resolveAt('/data', '../../etc/passwd');
    expect(r.ok ? '' : r.reason).toBe(
      '"../../etc/passwd" climbs above the mount /data (to /etc/passwd)',
    );
    expect(resolveAt('/data/docs', '../../x').ok).toBe(false);
    expect(resolveAt('/data', '../'.repeat(1000) + 'etc').ok).toBe(false);
  });

  it('the mount root comes from the resolved manifest when given (nested mounts)', () => {
    const r = resolved({
      mounts: [{ guest: '/data' }, { guest: '/data/out', access: 'read-write' }],
    });
    expect(resolveAt('/data/out/sub', '../x', r)).toEqual({ ok: true, path: '/data/out/x' });
    expect(resolveAt('/data/out', '../x', r).ok).toBe(false);
    expect(resolveAt('/data/out', '../x', '/data')).toEqual({ ok: true, path: '/data/x' });
    const none = resolveAt('/etc', 'passwd', r);
    expect(none.ok ? '' : none.error).toBe('not-permitted');
  });

  it('absolute paths are not-permitted', () => {
    for (const path of ['/etc/passwd', '/data/in.txt', '//data', '/']) {
      const r = resolveAt('/data', path);
      expect(r.ok ? '' : r.error, path).toBe('not-permitted');
    }
  });

  it('NUL bytes are invalid, empty paths no-entry', () => {
    const nul = resolveAt('/data', 'in.txt\0../../etc/passwd');
    expect(nul.ok ? '' : nul.error).toBe('invalid');
    const empty = resolveAt('/data', '');
    expect(empty.ok ? '' : empty.error).toBe('no-entry');
  });

  it('very long names are name-too-long', () => {
    const long = resolveAt('/data', 'a'.repeat(256));
    expect(long.ok ? '' : long.error).toBe('name-too-long');
    expect(resolveAt('/data', 'a'.repeat(255)).ok).toBe(true);
    const multibyte = resolveAt('/data', 'é'.repeat(128)); // 256 bytes in UTF-8
    expect(multibyte.ok ? '' : multibyte.error).toBe('name-too-long');
    const deep = resolveAt('/data', 'abcdefgh/'.repeat(500));
    expect(deep.ok ? '' : deep.error).toBe('name-too-long');
  });
});

describe('resolveSymlinks', () => {
  it('follows relative and absolute links that stay inside', () => {
    const readlink = links({
      '/data/rel': 'docs/a.txt',
      '/data/abs': '/data/docs/a.txt',
      '/data/d': 'docs',
    });
    expect(resolveSymlinks('/data/rel', readlink)).toEqual({
      ok: true,
      path: '/data/docs/a.txt',
      hops: 1,
    });
    expect(resolveSymlinks('/data/abs', readlink)).toEqual({
      ok: true,
      path: '/data/docs/a.txt',
      hops: 1,
    });
    expect(resolveSymlinks('/data/d/a.txt', readlink)).toEqual({
      ok: true,
      path: '/data/docs/a.txt',
      hops: 1,
    });
    expect(resolveSymlinks('/data/plain', readlink)).toEqual({
      ok: true,
      path: '/data/plain',
      hops: 0,
    });
  });

  it('a link to /etc/passwd is an escape', () => {
    const r = resolveSymlinks('/data/link', links({ '/data/link': '/etc/passwd' }));
    expect(r).toEqual({
      ok: false,
      error: 'not-permitted',
      reason: 'symlink /data/link points outside the mount (to /etc/passwd)',
    });
    const rel = resolveSymlinks('/data/way-out', links({ '/data/way-out': '../../etc/passwd' }));
    expect(rel.ok ? '' : rel.reason).toBe(
      'symlink /data/way-out points outside the mount (to /etc/passwd)',
    );
  });

  it('a chain that leaves and comes back is still an escape', () => {
    const absolute = links({ '/data/a': '/tmp/b', '/tmp/b': '/data/c' });
    expect(resolveSymlinks('/data/a', absolute).ok).toBe(false);
    const relative = resolveSymlinks('/data/a', links({ '/data/a': '../data/c' }));
    expect(relative.ok ? '' : relative.error).toBe('not-permitted');
    // Two hops, the second one leaves.
    const second = resolveSymlinks('/data/a', links({ '/data/a': 'b', '/data/b': '/etc' }));
    expect(second.ok ? '' : second.reason).toBe(
      'symlink /data/b points outside the mount (to /etc)',
    );
  });

  it('a link in a directory component is followed too', () => {
    const r = resolveSymlinks('/data/dir/passwd', links({ '/data/dir': '/etc' }));
    expect(r.ok ? '' : r.error).toBe('not-permitted');
  });

  it('loops are refused with loop', () => {
    const self = resolveSymlinks('/data/a', links({ '/data/a': 'a' }));
    expect(self.ok ? '' : self.error).toBe('loop');
    const pair = resolveSymlinks('/data/a', links({ '/data/a': '/data/b', '/data/b': 'a' }));
    expect(pair.ok ? '' : pair.error).toBe('loop');
    const growing = resolveSymlinks('/data/a', links({ '/data/a': 'a/a' }));
    expect(growing.ok ? '' : growing.error).toBe('loop');
    expect(resolveSymlinks('/data/a', links({ '/data/a': 'b', '/data/b': 'c' }), 1).ok).toBe(false);
  });

  it('the last component is left alone without symlink-follow', () => {
    const readlink = links({ '/data/link': '/etc/passwd' });
    expect(resolveSymlinks('/data/link', readlink, 40, { followLast: false })).toEqual({
      ok: true,
      path: '/data/link',
      hops: 0,
    });
  });

  it('uses the mount from the scope (a resolved manifest)', () => {
    const r = resolved({ mounts: [{ guest: '/data' }, { guest: '/data/out' }] });
    const out = resolveSymlinks('/data/out/l', links({ '/data/out/l': '/data/x' }), 40, {
      scope: r,
    });
    expect(out.ok ? '' : out.reason).toBe(
      'symlink /data/out/l points outside the mount (to /data/x)',
    );
  });
});
