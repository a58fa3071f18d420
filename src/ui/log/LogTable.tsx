/**
 * The log's table: a window of fixed-height rows (row-window.ts: O(1) whatever the count), the
 * newest call kept in view while Follow is on, and keyboard navigation (arrows, Page Up/Down,
 * Home/End, Enter opens, Escape closes).
 *
 * Following costs one layout per redraw: the rows of the end are rendered in the same pass
 * that moves the scroll position there (a scroll event then changes nothing), where a
 * virtualiser that learns the position from the scroll event renders and lays out twice.
 */
import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { CallEvent } from '../../runtime/events';
import { GrantRowAction } from '../discovery/GrantAction';
import { formatT } from '../lib/format';
import { FunctionName, InterfaceName, VerdictBadge } from './cells';
import { rowWindow, scrollTopForEnd, scrollTopToShow, type RowWindow } from './row-window';

const COLUMNS = [
  ['seq', '#'],
  ['time', 'ms'],
  ['interface', 'interface'],
  ['function', 'function'],
  ['args', 'args'],
  ['verdict', 'verdict'],
  ['rule', 'rule'],
  ['result', 'result'],
  ['grant', 'grant'],
] as const;

/** Rows rendered beyond each edge of the visible ones. */
const OVERSCAN = 3;
/** The sticky header is one row tall. */
const HEADER_ROWS = 1;

export function LogTable({
  events,
  rows,
  rowHeight,
  follow,
  setFollow,
  running,
  selectedAt,
  onOpen,
  onClose,
}: {
  events: readonly CallEvent[];
  /** Positions in `events` of the rows shown (the filter's result). */
  rows: readonly number[];
  rowHeight: number;
  follow: boolean;
  setFollow: (follow: boolean) => void;
  /** While the guest runs, scrolling back to the end turns Follow on again. */
  running: boolean;
  /** The opened call's position in `events`, kept in view. */
  selectedAt: number | undefined;
  onOpen: (at: number) => void;
  onClose: () => void;
}) {
  const count = rows.length;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  // The scroller's position as last seen (scroll events, and where this view moved it); a
  // render is asked for only when other rows must be in the DOM.
  const position = useRef(0);
  const [, setRenderedAt] = useState(0);
  const [focusPos, setFocusPos] = useState(0);
  // A position to move to in the next layout effect (keyboard focus, an opened row).
  const pendingScroll = useRef<number | null>(null);

  const endTop = scrollTopForEnd(count, rowHeight, HEADER_ROWS, viewport);
  const top = follow ? endTop : position.current;
  const win = rowWindow({
    count,
    rowHeight,
    headerRows: HEADER_ROWS,
    scrollTop: top,
    viewport,
    overscan: OVERSCAN,
  });
  const rendered = useRef<RowWindow>(win);
  rendered.current = win;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Follow: the rows of the end are already rendered; move the scroll position to them.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (pendingScroll.current !== null) {
      el.scrollTop = position.current = pendingScroll.current;
      pendingScroll.current = null;
    } else if (follow && count > 0 && Math.abs(position.current - endTop) >= 1) {
      el.scrollTop = position.current = endTop;
    }
  });

  // Keep an opened row in view (the details panel takes room from the table).
  useLayoutEffect(() => {
    if (selectedAt === undefined) return;
    const pos = rows.indexOf(selectedAt);
    if (pos >= 0) scrollTo(scrollTopToShow(pos, rowHeight, HEADER_ROWS, top, viewport));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedAt, viewport]);

  function scrollTo(next: number) {
    pendingScroll.current = position.current = next;
    setRenderedAt(next);
  }

  const onScroll = (e: React.UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    position.current = el.scrollTop;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < rowHeight * 1.5;
    if (atEnd !== follow && (running || !atEnd)) setFollow(atEnd);
    const next = rowWindow({
      count,
      rowHeight,
      headerRows: HEADER_ROWS,
      scrollTop: el.scrollTop,
      viewport: el.clientHeight,
      overscan: OVERSCAN,
    });
    // Re-render only when other rows must be in the DOM.
    const cur = rendered.current;
    if (next.start !== cur.start || next.end !== cur.end) setRenderedAt(el.scrollTop);
  };

  const focusRow = (pos: number) => {
    const p = Math.max(0, Math.min(count - 1, pos));
    setFocusPos(p);
    setFollow(false);
    scrollTo(scrollTopToShow(p, rowHeight, HEADER_ROWS, top, viewport));
    requestAnimationFrame(() => {
      scrollRef.current
        ?.querySelector<HTMLElement>(`[data-pos="${p}"]`)
        ?.focus({ preventScroll: true });
    });
  };

  const open = (pos: number) => {
    const at = rows[pos];
    if (at === undefined) return;
    setFocusPos(pos);
    setFollow(false);
    onOpen(at);
  };

  const onRowKey = (e: React.KeyboardEvent, pos: number) => {
    const moves: Record<string, number> = {
      ArrowDown: pos + 1,
      ArrowUp: pos - 1,
      PageDown: pos + 10,
      PageUp: pos - 10,
      Home: 0,
      End: count - 1,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(pos);
    } else if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    } else if (e.key === 'Escape') onClose();
  };

  const tabStop = Math.min(focusPos, Math.max(0, count - 1));
  // Rows are keyed by their slot in the window, not by their position: when the window moves
  // (Follow in a fast stream replaces every visible row at each redraw) React rewrites the text
  // of the rows already in the DOM instead of building new ones, so the browser restyles
  // nothing and lays out only the changed text.
  const slots = Math.max(1, win.end - win.start);
  const items: React.ReactNode[] = [];
  for (let pos = win.start; pos < win.end; pos++) {
    const at = rows[pos]!;
    const e = events[at];
    if (!e) continue;
    items.push(
      <LogRow
        key={pos % slots}
        event={e}
        pos={pos}
        top={pos * rowHeight}
        selected={selectedAt === at}
        tabStop={pos === tabStop}
      />,
    );
  }

  // One listener for every row (the rows are memoized on their data alone).
  const rowPos = (target: EventTarget): number | undefined => {
    const row = (target as Element).closest?.('[data-pos]');
    const pos = row ? Number(row.getAttribute('data-pos')) : NaN;
    return Number.isInteger(pos) ? pos : undefined;
  };
  const onBodyClick = (ev: React.MouseEvent) => {
    const pos = rowPos(ev.target);
    if (pos !== undefined) open(pos);
  };
  const onBodyKey = (ev: React.KeyboardEvent) => {
    const pos = rowPos(ev.target);
    if (pos !== undefined) onRowKey(ev, pos);
  };

  return (
    <div className="log-table" role="table" aria-label="Capability log" aria-rowcount={count + 1}>
      <div className="log-scroll" ref={scrollRef} onScroll={onScroll}>
        <div role="rowgroup" className="log-head">
          <div role="row" aria-rowindex={1} className="log-row log-row-head">
            {COLUMNS.map(([key, label]) => (
              <div key={key} role="columnheader" className={`log-cell col-${key}`}>
                {key === 'grant' ? <span className="visually-hidden">{label}</span> : label}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          className="log-body"
          style={{ height: count * rowHeight }}
          onClick={onBodyClick}
          onKeyDown={onBodyKey}
        >
          {items}
        </div>
      </div>
    </div>
  );
}

/** One call's row; renders again only when its call, place, selection or tab stop changes. */
const LogRow = memo(function LogRow({
  event: e,
  pos,
  top,
  selected,
  tabStop,
}: {
  event: CallEvent;
  pos: number;
  top: number;
  selected: boolean;
  tabStop: boolean;
}) {
  const args = e.args.join(', ');
  return (
    <div
      role="row"
      aria-rowindex={pos + 2}
      aria-selected={selected}
      data-pos={pos}
      tabIndex={tabStop ? 0 : -1}
      className={`log-row v-row-${e.verdict}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div role="cell" className="log-cell col-seq">
        {e.seq}
      </div>
      <div role="cell" className="log-cell col-time">
        {formatT(e.t)}
      </div>
      <div role="cell" className="log-cell col-interface" title={e.interface}>
        <InterfaceName name={e.interface} />
      </div>
      <div role="cell" className="log-cell col-function" title={e.function}>
        <FunctionName name={e.function} />
      </div>
      <div role="cell" className="log-cell col-args" title={args}>
        {args}
      </div>
      <div role="cell" className="log-cell col-verdict">
        <VerdictBadge verdict={e.verdict} />
      </div>
      <div role="cell" className="log-cell col-rule" title={e.rule}>
        {e.rule}
      </div>
      <div
        role="cell"
        className="log-cell col-result"
        title={e.reason ? `${e.result}\n${e.reason}` : e.result}
      >
        {e.result}
      </div>
      <div role="cell" className="log-cell col-grant">
        <GrantRowAction event={e} />
      </div>
    </div>
  );
});
