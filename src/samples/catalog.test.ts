import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSample, samples } from './catalog';

const samplesDir = path.resolve(import.meta.dirname, '../../samples');

describe('catalog', () => {
  it('lists every sample folder, in walk-through order', () => {
    const folders = fs
      .readdirSync(samplesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(samples.map((s) => s.id).sort()).toEqual(folders.sort());
    const orders = samples.map((s) => s.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('loads manifests, lessons and the component URL lazily', async () => {
    const hello = getSample('hello');
    expect(hello).toBeDefined();
    expect(await hello!.manifestText()).toContain('"env"');
    expect(await hello!.lesson()).toMatch(/^# /);
    expect(await hello!.wasmUrl()).toMatch(/hello\.wasm/);
    for (const s of samples) {
      for (const f of s.manifestFiles) expect(typeof (await s.manifestText(f))).toBe('string');
    }
  });

  it('rejects files that are not there', async () => {
    await expect(getSample('hello')!.manifestText('manifest.nope.jsonc')).rejects.toThrow(
      /not found/,
    );
    expect(getSample('no-such-sample')).toBeUndefined();
  });
});
