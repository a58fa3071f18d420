/**
 * Airlock's wasi:filesystem, behaviour by behaviour, called as the generated bindings call it
 * (thrown error codes, flags objects, bigint sizes). Expected errors are wasmtime's on Linux
 * (crates/wasi, and its test-programs p1_* for the trailing-slash and symlink rules).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrowserShim } from '../../node/shim';
import type { ShimModules } from '../shim-types';
import { resolveManifest } from '../../../manifest/resolve';
import { Volume } from '../../vfs/volume';
import { createFilesystem, type Descriptor } from '.';

let shim: ShimModules;
beforeAll(async () => {
  shim = await loadBrowserShim();
});

const MiB = 1024 * 1024;
const RW = { read: true, write: true };
const RO = { read: true };
const NOFOLLOW = {};
const FOLLOW = { symlinkFollow: true };

function setup(limitMiB = 64, mounts = [{ guest: '/data', access: 'read-write' as const }]) {
  const resolved = resolveManifest({ mounts });
  const volume = new Volume(limitMiB * MiB);
  const fs = createFilesystem(volume, resolved.mounts, shim.io);
  const dirs = (fs.preopens.getDirectories as () => [Descriptor, string][])();
  return { volume, fs, dirs, root: dirs[0]![0] };
}

/** The error code a call throws. */
function code(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return 'no error';
}

function create(dir: Descriptor, name: string, flags: object = RW): Descriptor {
  return dir.openAt(NOFOLLOW, name, { create: true }, flags);
}

const text = (s: string) => new TextEncoder().encode(s);

describe('metadata: identity, link counts, timestamps', () => {
  it('gives every object its own metadata-hash and hard links the same one', () => {
    const { root } = setup();
    create(root, 'a');
    create(root, 'b');
    root.createDirectoryAt('d');
    const a = root.metadataHashAt(NOFOLLOW, 'a');
    expect(a).not.toEqual(root.metadataHashAt(NOFOLLOW, 'b'));
    expect(a).not.toEqual(root.metadataHashAt(NOFOLLOW, 'd'));
    expect(root.statAt(NOFOLLOW, 'a').linkCount).toBe(1n);
    root.linkAt(NOFOLLOW, 'a', root, 'a2');
    expect(root.metadataHashAt(NOFOLLOW, 'a2')).toEqual(a);
    expect(root.statAt(NOFOLLOW, 'a').linkCount).toBe(2n);
    root.unlinkFileAt('a');
    expect(root.statAt(NOFOLLOW, 'a2').linkCount).toBe(1n);
    const opened = root.openAt(NOFOLLOW, 'a2', {}, RO);
    expect(opened.metadataHash()).toEqual(a);
    expect(opened.isSameObject(root.openAt(NOFOLLOW, 'a2', {}, RO))).toBe(true);
  });

  it('counts a directory as 2 links plus one per subdirectory', () => {
    const { root } = setup();
    root.createDirectoryAt('d');
    expect(root.statAt(NOFOLLOW, 'd').linkCount).toBe(2n);
    root.createDirectoryAt('d/e');
    expect(root.statAt(NOFOLLOW, 'd').linkCount).toBe(3n);
  });

  it('moves mtime and ctime on write, atime on read, in nanoseconds', () => {
    const { root } = setup();
    const f = create(root, 'f');
    const before = f.stat();
    f.write(text('hello'), 0n);
    const written = f.stat();
    expect(written.size).toBe(5n);
    const ns = (t: { seconds: bigint; nanoseconds: number } | undefined) =>
      t!.seconds * 1_000_000_000n + BigInt(t!.nanoseconds);
    expect(ns(written.dataModificationTimestamp)).toBeGreaterThan(
      ns(before.dataModificationTimestamp),
    );
    expect(ns(written.statusChangeTimestamp)).toBeGreaterThan(ns(before.statusChangeTimestamp));
    f.read(5n, 0n);
    expect(ns(f.stat().dataAccessTimestamp)).toBeGreaterThan(ns(written.dataAccessTimestamp));
    expect(f.stat().dataModificationTimestamp).toEqual(written.dataModificationTimestamp);
  });

  it('sets times explicitly and to now; nanoseconds past a second carry (as wasmtime)', () => {
    const { root } = setup();
    create(root, 'f');
    const when = { seconds: 1_000_000n, nanoseconds: 123_456_789 };
    root.setTimesAt(NOFOLLOW, 'f', { tag: 'timestamp', val: when }, { tag: 'no-change' });
    const s = root.statAt(NOFOLLOW, 'f');
    expect(s.dataAccessTimestamp).toEqual(when);
    expect(s.dataModificationTimestamp).not.toEqual(when);
    root.setTimesAt(NOFOLLOW, 'f', { tag: 'no-change' }, { tag: 'now' });
    const now = root.statAt(NOFOLLOW, 'f').dataModificationTimestamp!;
    expect(Math.abs(Number(now.seconds) - Date.now() / 1000)).toBeLessThan(5);
    root.setTimesAt(
      NOFOLLOW,
      'f',
      { tag: 'timestamp', val: { seconds: 1n, nanoseconds: 1_500_000_000 } },
      { tag: 'no-change' },
    );
    expect(root.statAt(NOFOLLOW, 'f').dataAccessTimestamp).toEqual({
      seconds: 2n,
      nanoseconds: 500_000_000,
    });
  });

  it('sets a symlink’s own times without following it', () => {
    const { root } = setup();
    create(root, 'file');
    root.symlinkAt('file', 'link');
    const when = { seconds: 42n, nanoseconds: 0 };
    root.setTimesAt(NOFOLLOW, 'link', { tag: 'no-change' }, { tag: 'timestamp', val: when });
    expect(root.statAt(NOFOLLOW, 'link').dataModificationTimestamp).toEqual(when);
    expect(root.statAt(NOFOLLOW, 'file').dataModificationTimestamp).not.toEqual(when);
  });
});

describe('symlinks', () => {
  it('reads a link, stats it with and without following', () => {
    const { root } = setup();
    create(root, 'target').write(text('abc'), 0n);
    root.symlinkAt('target', 'link');
    expect(root.readlinkAt('link')).toBe('target');
    expect(root.statAt(NOFOLLOW, 'link').type).toBe('symbolic-link');
    expect(root.statAt(NOFOLLOW, 'link').size).toBe(6n);
    expect(root.statAt(FOLLOW, 'link')).toMatchObject({ type: 'regular-file', size: 3n });
    expect(code(() => root.readlinkAt('target'))).toBe('invalid');
  });

  it('refuses a loop, a dangling link, a no-follow open and an absolute target', () => {
    const { root } = setup();
    root.symlinkAt('loop', 'loop');
    expect(code(() => root.openAt(FOLLOW, 'loop', {}, RO))).toBe('loop');
    root.symlinkAt('nowhere', 'dangling');
    expect(code(() => root.openAt(FOLLOW, 'dangling', {}, RO))).toBe('no-entry');
    root.createDirectoryAt('dir');
    root.symlinkAt('dir', 'to-dir');
    expect(code(() => root.openAt(NOFOLLOW, 'to-dir', {}, RO))).toBe('loop');
    expect(root.openAt(FOLLOW, 'to-dir', { directory: true }, RO).getType()).toBe('directory');
    expect(code(() => root.symlinkAt('/etc/passwd', 'abs'))).toBe('not-permitted');
    expect(code(() => root.symlinkAt('', 'empty'))).toBe('no-entry');
  });

  it('follows links inside the preopen but never above it', () => {
    const { root } = setup();
    root.createDirectoryAt('sub');
    create(root, 'f').write(text('x'), 0n);
    root.symlinkAt('../f', 'sub/up');
    expect(root.openAt(FOLLOW, 'sub/up', {}, RO).read(1n, 0n)[0]).toEqual(text('x'));
    root.symlinkAt('../../outside', 'sub/out');
    expect(code(() => root.openAt(FOLLOW, 'sub/out', {}, RO))).toBe('not-permitted');
    expect(code(() => root.openAt(NOFOLLOW, '../x', {}, RO))).toBe('not-permitted');
    expect(code(() => root.openAt(NOFOLLOW, '/etc', {}, RO))).toBe('not-permitted');
  });

  it('a directory opened by open-at is its own sandbox: `..` and symlinks never climb above it (cap-std, wasi-testsuite interesting_paths)', () => {
    const { root } = setup();
    root.createDirectoryAt('outer');
    create(root, 'outer/f').write(text('x'), 0n);
    root.createDirectoryAt('outer/inner');
    const inner = root.openAt(NOFOLLOW, 'outer/inner', { directory: true }, RO);
    // Still inside the preopen, but above the descriptor: refused.
    expect(code(() => inner.openAt(NOFOLLOW, '../f', {}, RO))).toBe('not-permitted');
    expect(code(() => inner.statAt(NOFOLLOW, '..'))).toBe('not-permitted');
    root.symlinkAt('../f', 'outer/inner/up');
    expect(code(() => inner.openAt(FOLLOW, 'up', {}, RO))).toBe('not-permitted');
    // Through the preopen, the same names resolve.
    expect(root.openAt(FOLLOW, 'outer/inner/up', {}, RO).read(1n, 0n)[0]).toEqual(text('x'));
    expect(root.openAt(NOFOLLOW, 'outer/inner/../f', {}, RO).read(1n, 0n)[0]).toEqual(text('x'));
  });

  it('hard-links a dangling symlink and a looping one (the link itself)', () => {
    const { root } = setup();
    root.symlinkAt('target', 'symlink');
    root.linkAt(NOFOLLOW, 'symlink', root, 'link');
    expect(root.readlinkAt('link')).toBe('target');
    expect(code(() => root.linkAt(FOLLOW, 'symlink', root, 'link2'))).toBe('invalid');
  });
});

describe('trailing slashes (Linux)', () => {
  it('unlink, rmdir, symlink, link and open', () => {
    const { root } = setup();
    create(root, 'file');
    root.createDirectoryAt('dir');
    expect(code(() => root.unlinkFileAt('file/'))).toBe('not-directory');
    expect(code(() => root.unlinkFileAt('dir'))).toBe('is-directory');
    expect(code(() => root.unlinkFileAt('dir/'))).toBe('is-directory');
    expect(code(() => root.removeDirectoryAt('file'))).toBe('not-directory');
    expect(code(() => root.removeDirectoryAt('file/'))).toBe('not-directory');
    expect(code(() => root.symlinkAt('source', 'target/'))).toBe('no-entry');
    expect(code(() => root.symlinkAt('source', 'dir/'))).toBe('exist');
    expect(code(() => root.symlinkAt('source', 'file/'))).toBe('not-directory');
    expect(code(() => root.symlinkAt('source', 'file'))).toBe('exist');
    expect(code(() => root.linkAt(NOFOLLOW, 'file', root, 'link/'))).toBe('no-entry');
    expect(code(() => root.openAt(NOFOLLOW, 'file/', {}, RO))).toBe('not-directory');
    expect(code(() => root.openAt(NOFOLLOW, 'new/', { create: true }, RW))).toBe('is-directory');
    root.renameAt('dir/', root, 'dir2/');
    expect(root.statAt(NOFOLLOW, 'dir2').type).toBe('directory');
    expect(code(() => root.renameAt('file', root, 'file2/'))).toBe('not-directory');
    root.unlinkFileAt('file');
    root.createDirectoryAt('made/');
    expect(root.statAt(NOFOLLOW, 'made').type).toBe('directory');
  });
});

describe('rename and link', () => {
  it('renames over a file and over an empty directory, not over a full one', () => {
    const { root } = setup();
    create(root, 'a').write(text('A'), 0n);
    create(root, 'b').write(text('B'), 0n);
    root.renameAt('a', root, 'b');
    expect(code(() => root.statAt(NOFOLLOW, 'a'))).toBe('no-entry');
    expect(root.openAt(NOFOLLOW, 'b', {}, RO).read(9n, 0n)[0]).toEqual(text('A'));
    root.createDirectoryAt('src');
    root.createDirectoryAt('empty');
    root.renameAt('src', root, 'empty');
    root.createDirectoryAt('src');
    root.createDirectoryAt('full');
    create(root, 'full/x');
    expect(code(() => root.renameAt('src', root, 'full'))).toBe('not-empty');
    expect(code(() => root.renameAt('src', root, 'b'))).toBe('not-directory');
    expect(code(() => root.renameAt('b', root, 'src'))).toBe('is-directory');
    expect(code(() => root.renameAt('missing', root, 'x'))).toBe('no-entry');
  });

  it('refuses to move a directory into its own subtree', () => {
    const { root } = setup();
    root.createDirectoryAt('a');
    root.createDirectoryAt('a/b');
    expect(code(() => root.renameAt('a', root, 'a/b/c'))).toBe('invalid');
    expect(code(() => root.renameAt('a', root, 'a/c'))).toBe('invalid');
  });

  it('keeps a moved directory’s descriptor working under its new name', () => {
    const { root } = setup();
    root.createDirectoryAt('a');
    const a = root.openAt(NOFOLLOW, 'a', { directory: true }, RO);
    root.renameAt('a', root, 'z');
    create(a, 'inside');
    expect(root.statAt(NOFOLLOW, 'z/inside').type).toBe('regular-file');
  });

  it('refuses a hard link to a directory and over an existing name', () => {
    const { root } = setup();
    root.createDirectoryAt('d');
    create(root, 'f');
    expect(code(() => root.linkAt(NOFOLLOW, 'd', root, 'l'))).toBe('not-permitted');
    expect(code(() => root.linkAt(NOFOLLOW, 'f', root, 'f'))).toBe('exist');
    expect(code(() => root.linkAt(NOFOLLOW, 'f', root, 'd'))).toBe('exist');
  });
});

describe('open flags and descriptor flags', () => {
  it('checks directory, create, exclusive and truncate', () => {
    const { root } = setup();
    create(root, 'f').write(text('data'), 0n);
    root.createDirectoryAt('d');
    expect(code(() => root.openAt(NOFOLLOW, 'x', { directory: true, create: true }, RO))).toBe(
      'invalid',
    );
    expect(code(() => root.openAt(NOFOLLOW, 'f', { create: true, exclusive: true }, RW))).toBe(
      'exist',
    );
    expect(code(() => root.openAt(NOFOLLOW, 'f', { directory: true }, RO))).toBe('not-directory');
    expect(code(() => root.openAt(NOFOLLOW, 'missing', {}, RO))).toBe('no-entry');
    expect(code(() => root.openAt(NOFOLLOW, 'd', {}, RW))).toBe('is-directory');
    expect(code(() => root.openAt(NOFOLLOW, 'f/x', {}, RO))).toBe('not-directory');
    root.openAt(NOFOLLOW, 'f', { truncate: true }, RW);
    expect(root.statAt(NOFOLLOW, 'f').size).toBe(0n);
  });

  it('keeps the flags a descriptor was opened with and enforces read and write', () => {
    const { root, fs } = setup();
    create(root, 'f').write(text('data'), 0n);
    const sync = root.openAt(
      NOFOLLOW,
      'f',
      {},
      { read: true, write: true, fileIntegritySync: true },
    );
    expect(sync.getFlags()).toMatchObject({ read: true, write: true, fileIntegritySync: true });
    const ro = root.openAt(NOFOLLOW, 'f', {}, RO);
    expect(ro.getFlags()).toMatchObject({ read: true, write: false });
    expect(code(() => ro.write(text('x'), 0n))).toBe('bad-descriptor');
    expect(code(() => ro.setSize(0n))).toBe('invalid');
    const stream = ro.writeViaStream(0n) as { checkWrite(): bigint; write(b: Uint8Array): void };
    stream.checkWrite();
    const failure = code(() => stream.write(text('x'))) as { tag: string; val: object };
    expect(failure.tag).toBe('last-operation-failed');
    const errorCode = fs.types.filesystemErrorCode as (e: object) => string | undefined;
    expect(errorCode(failure.val)).toBe('bad-descriptor');
    const wo = root.openAt(NOFOLLOW, 'f', {}, { write: true });
    expect(code(() => wo.read(1n, 0n))).toBe('bad-descriptor');
    expect(root.openAt(NOFOLLOW, 'f', {}, RO).read(9n, 0n)[0]).toEqual(text('data'));
    expect(code(() => root.read(1n, 0n))).toBe('bad-descriptor');
    expect(code(() => ro.readDirectory())).toBe('not-directory');
    expect(code(() => root.readViaStream(0n))).toBe('is-directory');
  });

  it('reports read and mutate-directory on a read-write preopen, read only on a read-only one', () => {
    const { dirs } = setup(64, [
      { guest: '/rw', access: 'read-write' },
      { guest: '/ro', access: 'read-only' },
    ] as never);
    expect(dirs[0]![0].getFlags()).toMatchObject({ read: true, mutateDirectory: true });
    expect(dirs[1]![0].getFlags()).toMatchObject({ read: true, mutateDirectory: false });
  });
});

describe('file data', () => {
  it('appends through an append stream and writes at a stream offset', () => {
    const { root } = setup();
    const f = create(root, 'f');
    f.write(text('abc'), 0n);
    const append = f.appendViaStream() as { checkWrite(): bigint; write(b: Uint8Array): void };
    append.checkWrite();
    append.write(text('de'));
    const at = f.writeViaStream(1n) as { checkWrite(): bigint; write(b: Uint8Array): void };
    at.checkWrite();
    at.write(text('X'));
    expect(new TextDecoder().decode(f.read(10n, 0n)[0])).toBe('aXcde');
    const input = f.readViaStream(3n) as { blockingRead(n: bigint): Uint8Array };
    expect(new TextDecoder().decode(input.blockingRead(10n))).toBe('de');
    expect(code(() => input.blockingRead(10n))).toEqual({ tag: 'closed' });
  });

  it('fills a gap past the end with zeros, sparsely', () => {
    const { root, volume } = setup(64);
    const f = create(root, 'sparse');
    const used = volume.budget.used;
    for (let i = 0; i < 5; i++) f.write(new Uint8Array([7]), BigInt(1024 * MiB - 1));
    expect(f.stat().size).toBe(BigInt(1024 * MiB));
    expect(volume.budget.used - used).toBeLessThanOrEqual(64 * 1024);
    const [tail] = f.read(4n, BigInt(1024 * MiB - 4));
    expect([...tail]).toEqual([0, 0, 0, 7]);
    expect([...f.read(3n, 100n)[0]]).toEqual([0, 0, 0]);
    expect(f.read(1n, BigInt(1024 * MiB))).toEqual([new Uint8Array(0), true]);
  });

  it('grows and shrinks with set-size (shrinking then growing reads zeros)', () => {
    const { root } = setup();
    const f = create(root, 'f');
    f.write(text('abcdef'), 0n);
    f.setSize(2n);
    f.setSize(4n);
    expect([...f.read(10n, 0n)[0]]).toEqual([97, 98, 0, 0]);
  });

  it('lists a directory with entry types, without . and ..', () => {
    const { root } = setup();
    create(root, 'f');
    root.createDirectoryAt('d');
    root.symlinkAt('f', 'l');
    const stream = root.readDirectory();
    const seen = [];
    for (let e = stream.readDirectoryEntry(); e; e = stream.readDirectoryEntry()) seen.push(e);
    expect(seen).toEqual([
      { name: 'f', type: 'regular-file' },
      { name: 'd', type: 'directory' },
      { name: 'l', type: 'symbolic-link' },
    ]);
  });

  it('accepts advise and sync on a file, sync on a directory', () => {
    const { root } = setup();
    const f = create(root, 'f');
    f.advise(0n, 10n, 'sequential');
    f.sync();
    f.syncData();
    root.sync();
    expect(code(() => root.advise(0n, 1n, 'normal'))).toBe('bad-descriptor');
  });
});

describe('hostile names and the memory budget', () => {
  it('treats a file named __proto__ as an ordinary name', () => {
    const { root, volume } = setup();
    create(root, 'source').write(text('mine'), 0n);
    const proto = root.openAt(NOFOLLOW, '__proto__', { create: true, truncate: true }, RW);
    proto.write(text('POLLUTED'), 0n);
    expect(root.openAt(NOFOLLOW, 'source', {}, RO).read(10n, 0n)[0]).toEqual(text('mine'));
    const tree = volume.snapshot(volume.mountAt('/data'));
    expect(Object.keys(tree.dir).sort()).toEqual(['__proto__', 'source']);
    expect(({} as Record<string, unknown>).source).toBeUndefined();
  });

  it('counts symlink targets and names: a flood is refused once the budget is spent', () => {
    const { root, volume } = setup(64);
    expect(code(() => root.symlinkAt('x'.repeat(4096), 'long'))).toBe('name-too-long');
    const target = 'x'.repeat(4000);
    let made = 0;
    let refusal: unknown;
    for (let i = 0; i < 20_000; i++) {
      refusal = code(() => root.symlinkAt(target, `l${i}`));
      if (refusal !== 'no error') break;
      made++;
    }
    expect(refusal).toBe('insufficient-space');
    expect(made).toBeGreaterThan(1000);
    expect(made).toBeLessThan(20_000);
    expect(volume.budget.used).toBeLessThanOrEqual(64 * MiB);
    root.unlinkFileAt('l0');
    root.symlinkAt(target, 'again');
  });

  it('refuses a write past the budget with insufficient-space and keeps the file as it was', () => {
    const { root } = setup(1);
    const f = create(root, 'big');
    expect(code(() => f.write(new Uint8Array(2 * MiB), 0n))).toBe('insufficient-space');
    expect(f.stat().size).toBe(0n);
  });

  it('keeps an unlinked file readable while a descriptor has it open (POSIX)', () => {
    const { root } = setup();
    const f = create(root, 'f');
    f.write(text('still here'), 0n);
    root.unlinkFileAt('f');
    expect(new TextDecoder().decode(f.read(20n, 0n)[0])).toBe('still here');
    expect(f.stat().linkCount).toBe(0n);
  });

  it('frees an unlinked file’s bytes', () => {
    const { root, volume } = setup(4);
    for (let i = 0; i < 10; i++) {
      const f = create(root, 'tmp');
      f.write(new Uint8Array(MiB), 0n);
      (f as unknown as Record<symbol, () => void>)[Symbol.dispose ?? Symbol.for('dispose')]!();
      root.unlinkFileAt('tmp');
    }
    expect(volume.budget.used).toBeLessThan(MiB);
  });
});
