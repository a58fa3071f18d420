import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TRANSPILE_TOOL_VERSION } from '../transpile/options';
import { cacheKey } from './transpile-cache';

describe('cacheKey', () => {
  it('is the key node:crypto gave before (caches on disk stay valid)', async () => {
    const bytes = new Uint8Array([0, 97, 115, 109, 13, 0, 1, 0]);
    const before = (mode: string) =>
      createHash('sha256')
        .update(bytes)
        .update(`\0${TRANSPILE_TOOL_VERSION};${mode}`)
        .digest('hex');
    expect(await cacheKey(bytes, true)).toBe(before('jspi'));
    expect(await cacheKey(bytes, false)).toBe(before('sync'));
  });
});
