import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../runtime/vfs/diff';
import { asText, buildFileTree, countChanges, hexDump, seedEntries } from './files';

const enc = (s: string) => new TextEncoder().encode(s);

const entries: FileEntry[] = [
  { path: '/data', kind: 'directory', status: 'unchanged', size: 0 },
  { path: '/data/b.txt', kind: 'file', status: 'changed', size: 3, bytes: enc('new') },
  { path: '/data/sub', kind: 'directory', status: 'created', size: 0 },
  {
    path: '/data/sub/c.bin',
    kind: 'file',
    status: 'created',
    size: 2,
    bytes: new Uint8Array([0, 1]),
  },
  { path: '/data/a.txt', kind: 'file', status: 'deleted', size: 1, bytes: enc('x') },
  { path: '/tmp', kind: 'directory', status: 'unchanged', size: 0 },
];

describe('buildFileTree', () => {
  it('nests entries under their mount, directories first, and counts changes below', () => {
    const roots = buildFileTree(entries);
    expect(roots.map((r) => r.name)).toEqual(['/data', '/tmp']);
    const data = roots[0]!;
    expect(data.children.map((c) => [c.name, c.status])).toEqual([
      ['sub', 'created'],
      ['a.txt', 'deleted'],
      ['b.txt', 'changed'],
    ]);
    expect(data.changesBelow).toBe(4);
    expect(data.children[0]!.children[0]!.path).toBe('/data/sub/c.bin');
    expect(roots[1]!.changesBelow).toBe(0);
  });

  it('counts statuses', () => {
    expect(countChanges(entries)).toEqual({ created: 2, changed: 1, deleted: 1, unchanged: 2 });
  });
});

describe('file contents', () => {
  it('decodes UTF-8 text and refuses binary', () => {
    expect(asText(enc('héllo\n'))).toBe('héllo\n');
    expect(asText(new Uint8Array([0x68, 0, 0x69]))).toBeNull();
    expect(asText(new Uint8Array([0xff, 0xfe, 0x41]))).toBeNull();
  });

  it('dumps hex with offsets and ASCII', () => {
    const dump = hexDump(enc('ABCDEFGHIJKLMNOPQ'));
    expect(dump.split('\n')).toEqual([
      '00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|',
      '00000010  51                                                |Q|',
    ]);
    expect(hexDump(new Uint8Array(40), 16).split('\n').at(-1)).toBe('… 24 more bytes');
  });
});

describe('seedEntries', () => {
  it('lists mount roots, implied directories and files', () => {
    const got = seedEntries([
      {
        guest: '/data',
        seeds: [
          { kind: 'file', path: 'sub/deep/a.txt', bytes: enc('hi') },
          { kind: 'directory', path: 'empty' },
        ],
      },
    ]);
    expect(got.map((e) => [e.path, e.kind, e.size])).toEqual([
      ['/data', 'directory', 0],
      ['/data/empty', 'directory', 0],
      ['/data/sub', 'directory', 0],
      ['/data/sub/deep', 'directory', 0],
      ['/data/sub/deep/a.txt', 'file', 2],
    ]);
  });
});
