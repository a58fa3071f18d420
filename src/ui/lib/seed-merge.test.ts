import { describe, expect, it } from 'vitest';
import { mergeSeedFiles } from './seed-merge';

describe('mergeSeedFiles', () => {
  it('adds files to the mount with the longest matching guest path', () => {
    const { manifest, orphans } = mergeSeedFiles(
      {
        mounts: [
          { guest: '/data', files: { 'a.txt': 'A' } },
          { guest: '/data/deep/', access: 'read-write' },
          { guest: '/' },
        ],
      },
      { '/data/b.txt': 'B', '/data/deep/c.bin': { base64: 'AAE=' }, '/etc/x': 'X' },
    );
    expect(orphans).toEqual([]);
    expect(manifest.mounts?.[0]?.files).toEqual({ 'a.txt': 'A', 'b.txt': 'B' });
    expect(manifest.mounts?.[1]?.files).toEqual({ 'c.bin': { base64: 'AAE=' } });
    expect(manifest.mounts?.[2]?.files).toEqual({ 'etc/x': 'X' });
  });

  it('reports files outside every mount and leaves the manifest alone without files', () => {
    const m = { mounts: [{ guest: '/data' }] };
    expect(mergeSeedFiles(m, {}).manifest).toBe(m);
    expect(mergeSeedFiles(m, { '/database/x': '1' }).orphans).toEqual(['/database/x']);
    expect(mergeSeedFiles({}, { '/a': '1' }).orphans).toEqual(['/a']);
  });
});
