/**
 * Which rows of a fixed-height list to put in the DOM: the visible ones and a few more. O(1),
 * whatever the count (a log of 100,000 rows is windowed as fast as one of 10). Pure.
 */
export interface RowWindow {
  /** First row index in the DOM (inclusive). */
  start: number;
  /** Last row index in the DOM (exclusive). */
  end: number;
}

export interface WindowInput {
  count: number;
  rowHeight: number;
  /** Rows above the first one (a sticky header row) — in rows. */
  headerRows: number;
  /** The scroller's scrollTop and client height, in px. */
  scrollTop: number;
  viewport: number;
  /** Rows rendered beyond each edge of the visible ones. */
  overscan: number;
}

export function rowWindow(w: WindowInput): RowWindow {
  if (w.count <= 0 || w.rowHeight <= 0) return { start: 0, end: 0 };
  // Row i spans [(i + headerRows) * h, (i + headerRows + 1) * h) of the scroller's content;
  // the sticky header covers the top headerRows * h of the viewport.
  const first = Math.floor(w.scrollTop / w.rowHeight);
  const last = Math.ceil((w.scrollTop + Math.max(0, w.viewport)) / w.rowHeight) - w.headerRows;
  const start = Math.max(0, Math.min(w.count - 1, first - w.overscan));
  const end = Math.max(start + 1, Math.min(w.count, last + w.overscan));
  return { start, end };
}

/** The scrollTop that shows the last row at the bottom (follow mode). */
export function scrollTopForEnd(
  count: number,
  rowHeight: number,
  headerRows: number,
  viewport: number,
): number {
  return Math.max(0, (count + headerRows) * rowHeight - viewport);
}

/** The scrollTop that brings row `index` into view, moving as little as possible. */
export function scrollTopToShow(
  index: number,
  rowHeight: number,
  headerRows: number,
  scrollTop: number,
  viewport: number,
): number {
  const top = index * rowHeight; // under the sticky header: scroller offset top + header
  const bottom = (index + headerRows + 1) * rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return bottom - viewport;
  return scrollTop;
}
