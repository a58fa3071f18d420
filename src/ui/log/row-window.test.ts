import { describe, expect, it } from 'vitest';
import { rowWindow, scrollTopForEnd, scrollTopToShow } from './row-window';

const base = { rowHeight: 24, headerRows: 1, overscan: 0 };

describe('rowWindow', () => {
  it('renders the rows a 240 px viewport shows under a sticky header', () => {
    // 240 px: header + 9 rows.
    expect(rowWindow({ ...base, count: 1000, scrollTop: 0, viewport: 240 })).toEqual({
      start: 0,
      end: 9,
    });
    // Scrolled by 2.5 rows: row 2 is half hidden under the header, rows up to 11 show.
    expect(rowWindow({ ...base, count: 1000, scrollTop: 60, viewport: 240 })).toEqual({
      start: 2,
      end: 12,
    });
  });

  it('adds overscan and stays inside the list', () => {
    expect(rowWindow({ ...base, overscan: 5, count: 1000, scrollTop: 0, viewport: 240 })).toEqual({
      start: 0,
      end: 14,
    });
    expect(rowWindow({ ...base, overscan: 5, count: 7, scrollTop: 0, viewport: 240 })).toEqual({
      start: 0,
      end: 7,
    });
    expect(rowWindow({ ...base, count: 0, scrollTop: 0, viewport: 240 })).toEqual({
      start: 0,
      end: 0,
    });
  });

  it('at the end of a million rows, the last rows and no more', () => {
    const count = 1_000_000;
    const top = scrollTopForEnd(count, 24, 1, 240);
    expect(top).toBe((count + 1) * 24 - 240);
    const w = rowWindow({ ...base, count, scrollTop: top, viewport: 240 });
    expect(w.end).toBe(count);
    expect(w.end - w.start).toBeLessThanOrEqual(11);
  });
});

describe('scrollTopToShow', () => {
  it('scrolls as little as needed, up or down', () => {
    // Row 20 (offset 504 incl. header) is below a viewport at 0: its bottom meets the viewport's.
    expect(scrollTopToShow(20, 24, 1, 0, 240)).toBe(22 * 24 - 240);
    // Row 3 is above a viewport scrolled to 240: its top meets the header's bottom.
    expect(scrollTopToShow(3, 24, 1, 240, 240)).toBe(72);
    // Visible already: no move.
    expect(scrollTopToShow(5, 24, 1, 0, 240)).toBe(0);
  });
});
