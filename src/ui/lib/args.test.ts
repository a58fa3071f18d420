import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('reads a JSON array, comma-separated JSON values, or nothing', () => {
    expect(parseArgs('["Ada"]')).toEqual({ ok: true, args: ['Ada'] });
    expect(parseArgs('"Zoë"')).toEqual({ ok: true, args: ['Zoë'] });
    expect(parseArgs(' 2, 40 ')).toEqual({ ok: true, args: [2, 40] });
    expect(parseArgs('')).toEqual({ ok: true, args: [] });
  });

  it('refuses what is not JSON, with a hint', () => {
    const r = parseArgs('Ada');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('double quotes');
  });
});
