/**
 * The filesystem gates: each descriptor method's path argument is resolved as the filesystem
 * resolves it, and the ruling names the mount rule that decided it (or why it was refused).
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../manifest/schema';
import type { Descriptor } from '../filesystem';
import type { Gates } from '../../intercept/interceptor';
import { decide, gateSetup } from './testing';

const TYPES = 'wasi:filesystem/types';
const NOFOLLOW = {};
const READ = { read: true };
const WRITE = { read: true, write: true };

/** The open-at gate's ruling on `dir.openAt({}, path, openFlags, flags)`. */
function openAt(gates: Gates, dir: Descriptor | undefined, path: string, open = {}, flags = READ) {
  return decide(gates, TYPES, '[method]descriptor.open-at', dir, NOFOLLOW, path, open, flags);
}

const mounts: Manifest = {
  mounts: [
    { guest: '/in', access: 'read-only', files: { 'a.txt': 'hello', 'sub/': {} } },
    { guest: '/out', access: 'read-write', files: {} },
  ],
};

describe('preopens', () => {
  it('hands out no directory without mounts: denied, with an empty list for the guest', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, 'wasi:filesystem/preopens', 'get-directories')).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      reason: 'no mounts: the guest sees no directory at all',
      value: { value: [] },
    });
  });

  it('grants the mounts by name and labels each directory with its guest path', async () => {
    const { gates, ctx, dirs } = await gateSetup(mounts);
    expect(decide(gates, 'wasi:filesystem/preopens', 'get-directories')).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[0] /in, mounts[1] /out',
    });
    expect(dirs.map((d) => ctx.labels.get(d))).toEqual(['/in', '/out']);
  });
});

describe('open-at', () => {
  it('grants reading in a read-only mount and labels the new descriptor', async () => {
    const { gates, ctx, dirs } = await gateSetup(mounts);
    const ruling = openAt(gates, dirs[0], 'a.txt', {}, READ);
    expect(ruling).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[0] read-only',
      facts: { path: '/in/a.txt', mount: 0, mutates: false },
    });
    const file = dirs[0]!.openAt(NOFOLLOW, 'a.txt', {}, READ);
    if (ruling.verdict === 'granted') ruling.after?.(file);
    expect(ctx.labels.get(file)).toBe('/in/a.txt');
  });

  it('denies creating a file in a read-only mount with read-only, and says it mutates', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const ruling = openAt(gates, dirs[0], 'new.txt', { create: true }, WRITE);
    expect(ruling).toMatchObject({
      verdict: 'denied',
      error: 'read-only',
      facts: { path: '/in/new.txt', mount: 0, mutates: true },
    });
    expect(ruling.rule).toContain('mounts[0]');
  });

  it('grants creating a file in a read-write mount', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    expect(openAt(gates, dirs[1], 'new.txt', { create: true }, WRITE)).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[1] read-write',
      facts: { mutates: true },
    });
  });

  it('refuses a path that climbs out of its directory, naming the directory', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const sub = dirs[0]!.openAt(NOFOLLOW, 'sub', { directory: true }, READ);
    const ruling = openAt(gates, sub, '../a.txt', {}, READ);
    expect(ruling).toMatchObject({
      verdict: 'denied',
      rule: 'default deny',
      error: 'not-permitted',
    });
    expect(ruling.verdict === 'denied' && ruling.reason).toContain('leaves the directory /in/sub');
  });

  it('refuses a path outside every mount', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const ruling = openAt(gates, dirs[0], '../etc/passwd', {}, READ);
    expect(ruling).toMatchObject({ verdict: 'denied', rule: 'default deny' });
  });
});

describe('changes', () => {
  it('denies unlink, mkdir and rename in a read-only mount; grants them in a read-write one', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const [ro, rw] = dirs as [Descriptor, Descriptor];
    for (const [fn, args] of [
      ['unlink-file-at', ['a.txt']],
      ['create-directory-at', ['d']],
      ['rename-at', ['a.txt', ro, 'b.txt']],
    ] as const) {
      expect(decide(gates, TYPES, `[method]descriptor.${fn}`, ro, ...args)).toMatchObject({
        verdict: 'denied',
        error: 'read-only',
        facts: { mutates: true, mount: 0 },
      });
      const rwArgs = fn === 'rename-at' ? ['a.txt', rw, 'b.txt'] : args;
      expect(decide(gates, TYPES, `[method]descriptor.${fn}`, rw, ...rwArgs)).toMatchObject({
        verdict: 'granted',
        rule: 'mounts[1] read-write',
      });
    }
  });

  it('judges a rename or link across mounts by both ends (facts: from and target)', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const [ro, rw] = dirs as [Descriptor, Descriptor];
    expect(
      decide(gates, TYPES, '[method]descriptor.link-at', rw, NOFOLLOW, 'x', ro, 'y'),
    ).toMatchObject({ verdict: 'denied', facts: { path: '/out/x', target: '/in/y' } });
  });

  it('keeps at most 4096 characters of a symlink target in the facts', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    const ruling = decide(
      gates,
      TYPES,
      '[method]descriptor.symlink-at',
      dirs[1],
      'x'.repeat(60_000),
      'l',
    );
    expect(ruling).toMatchObject({ verdict: 'granted', facts: { path: '/out/l', mutates: true } });
    expect(ruling.facts?.target).toHaveLength(4096);
  });

  it('stops a write whose bytes would pass limits.maxMemoryMiB', async () => {
    const { gates, dirs } = await gateSetup({ ...mounts, limits: { maxMemoryMiB: 1 } });
    const file = dirs[1]!.openAt(NOFOLLOW, 'f', { create: true }, WRITE);
    expect(
      decide(gates, TYPES, '[method]descriptor.write', file, new Uint8Array(2 * 1024 * 1024), 0n),
    ).toMatchObject({
      verdict: 'trapped',
      rule: 'limits.maxMemoryMiB',
      reason: "the guest's files (kept in memory) passed limits.maxMemoryMiB = 1",
    });
  });

  it('counts sync and advise as neither reads of the tree nor changes', async () => {
    const { gates, dirs } = await gateSetup(mounts);
    expect(decide(gates, TYPES, '[method]descriptor.sync', dirs[0])).toMatchObject({
      verdict: 'granted',
      facts: { path: '/in', mutates: false },
    });
    expect(decide(gates, TYPES, '[method]descriptor.stat', dirs[0])).toMatchObject({
      verdict: 'granted',
      rule: 'mounts[0] read-only',
    });
  });
});
