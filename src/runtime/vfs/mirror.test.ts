/**
 * File changes travel as deltas: the page's mirror, fed the journal's deltas at any points of a
 * run, ends with exactly the files the volume has (the same entries as the final diff), and a
 * delta carries what changed, not the tree.
 */
import { describe, expect, it } from 'vitest';
import { diffMounts } from './diff';
import type { FileChange } from './journal';
import { FilesMirror } from './mirror';
import { buildMountTree } from './tree';
import { Volume } from './volume';

const MiB = 1024 * 1024;
const text = (s: string) => new TextEncoder().encode(s);
const W = {
  follow: false,
  create: true,
  exclusive: false,
  truncate: false,
  directory: false,
  write: true,
};

function start(limitMiB = 64) {
  const volume = new Volume(limitMiB * MiB);
  const data = volume.mountAt('/data');
  volume.seed(data, buildMountTree({ 'keep.txt': 'kept', 'old.txt': 'old', 'dir/in.txt': 'in' }));
  const trees = () => ({ '/data': volume.snapshot(data) });
  const initial = trees();
  volume.journal.enabled = true;
  const mirror = new FilesMirror(diffMounts(initial, initial));
  const final = () => diffMounts(initial, trees());
  return { volume, data, mirror, final };
}

function file(volume: Volume, dir: ReturnType<Volume['mountAt']>, path: string) {
  const { node } = volume.open(dir, dir, path, W);
  if (node.kind !== 'file') throw new Error('not a file');
  return node;
}

describe('files travel as deltas', () => {
  it('the mirror ends with the volume’s files, whenever the deltas were taken', () => {
    const { volume, data, mirror, final } = start();
    const sync = () => mirror.apply(volume.journal.take());
    const a = file(volume, data, 'a.txt');
    volume.write(a, 0, text('hello'));
    sync();
    volume.write(a, 5, text(' world'));
    volume.write(a, 0, text('J'));
    sync();
    volume.setSize(a, 4);
    volume.write(a, 6, text('!'));
    volume.createDirectory(data, data, 'sub');
    volume.symlink(data, data, 'a.txt', 'sub/link');
    volume.rename(
      { start: data, top: data, path: 'dir' },
      { start: data, top: data, path: 'sub/moved' },
    );
    sync();
    volume.write(file(volume, data, 'sub/moved/in.txt'), 2, text('side'));
    volume.link(
      { start: data, top: data, path: 'a.txt' },
      { start: data, top: data, path: 'hard' },
    );
    volume.write(a, 0, text('X'));
    volume.unlinkFile(data, data, 'old.txt');
    file(volume, data, '__proto__');
    sync();
    expect(mirror.entries()).toEqual(final());
    expect(final().find((f) => f.path === '/data/a.txt')?.bytes).toEqual(
      new Uint8Array([88, 101, 108, 108, 0, 0, 33]),
    );
  });

  it('20,000 one-byte writes send 20,000 bytes, not the file 20,000 times', () => {
    const { volume, data, mirror, final } = start();
    const f = file(volume, data, 'out.bin');
    let carried = 0;
    for (let i = 0; i < 20_000; i++) {
      volume.write(f, i, new Uint8Array([97 + (i % 26)]));
      const changes: FileChange[] = volume.journal.take();
      for (const c of changes) if ('bytes' in c && c.bytes) carried += c.bytes.byteLength;
      mirror.apply(changes);
    }
    expect(carried).toBeLessThanOrEqual(20_000);
    expect(mirror.entries()).toEqual(final());
  });

  it('a sparse file larger than the limit travels as its size, not its gap', () => {
    const { volume, data, mirror, final } = start(64);
    const f = file(volume, data, 'sparse');
    volume.write(f, 1024 * MiB - 1, new Uint8Array([1]));
    const changes = volume.journal.take();
    expect(changes).toEqual([{ op: 'file', path: '/data/sparse', size: 1024 * MiB }]);
    mirror.apply(changes);
    expect(mirror.entries().find((e) => e.path === '/data/sparse')).toMatchObject({
      size: 1024 * MiB,
      bytes: undefined,
    });
    expect(mirror.entries()).toEqual(final());
  });
});

describe('seed files', () => {
  it('a seed named __proto__ is a file like any other', () => {
    const volume = new Volume(64 * MiB);
    const data = volume.mountAt('/data');
    volume.seed(data, buildMountTree(JSON.parse('{"__proto__": "seeded", "a": "b"}')));
    const tree = volume.snapshot(data);
    expect(Object.keys(tree.dir).sort()).toEqual(['__proto__', 'a']);
  });
});
