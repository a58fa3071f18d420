/**
 * The capability log: every WASI call of the run, live, virtualised (100,000+ rows stay
 * smooth), filterable by verdict, interface and text, with counts, and a details panel for the
 * selected call. Events live in `live.current.events`; this view re-reads them when the frame
 * ticker bumps (at most once per frame), never once per event.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { CallEvent, Verdict } from '../../runtime/events';
import { GrantOfferView, GrantRowAction } from '../discovery/GrantAction';
import { formatCount, formatT } from '../lib/format';
import {
  EMPTY_FILTER,
  FilteredIndex,
  interfacesByCount,
  isFilterActive,
  type LogFilter,
} from '../lib/log-filter';
import { MAX_GRANTED_EVENTS, appStore, live, liveTicker } from '../store/state';
import { useStore, useTicker } from '../store/store';

export const VERDICT_MARK: Record<Verdict, string> = { granted: '✓', denied: '✕', trapped: '⚠' };
const VERDICTS: Verdict[] = ['granted', 'denied', 'trapped'];

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`verdict v-${verdict}`}>
      <span aria-hidden="true">{VERDICT_MARK[verdict]}</span> {verdict}
    </span>
  );
}

/** `[method]descriptor.open-at`: the bracketed kind muted, the name as is (still one text). */
function FunctionName({ name }: { name: string }) {
  const m = /^(\[[a-z-]+\])(.*)$/.exec(name);
  if (!m) return <>{name}</>;
  return (
    <>
      <span className="fn-kind">{m[1]}</span>
      {m[2]}
    </>
  );
}

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

/**
 * `wasi:filesystem/types@0.2.3` → the package muted and hidden when the column is narrow, the
 * interface (`filesystem/types`) always readable. The cell's text is still the full name.
 */
function InterfaceName({ name }: { name: string }) {
  const m = /^([a-z0-9-]+:)([^@]*)(@.*)?$/.exec(name);
  if (!m) return <>{name}</>;
  return (
    <>
      <span className="iface-pkg">{m[1]}</span>
      {m[2]}
      {m[3] && <span className="iface-pkg">{m[3]}</span>}
    </>
  );
}

function Details({ event, onClose }: { event: CallEvent; onClose: () => void }) {
  const titleId = useId();
  return (
    <section className="log-details" role="region" aria-labelledby={titleId}>
      <div className="log-details-header">
        <h3 id={titleId} className="log-details-title">
          Call #{event.seq}: <code>{event.function}</code>
        </h3>
        <VerdictBadge verdict={event.verdict} />
        <div className="pane-spacer" />
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={onClose}
          aria-label="Close call details"
        >
          ✕
        </button>
      </div>
      <GrantOfferView event={event} />
      <dl className="kv">
        <dt>interface</dt>
        <dd>
          <code>{event.interface}</code>
        </dd>
        <dt>function</dt>
        <dd>
          <code>{event.function}</code>
        </dd>
        <dt>time</dt>
        <dd>{event.t.toFixed(3)} ms after the guest started</dd>
        <dt>args</dt>
        <dd>
          {event.args.length === 0 ? (
            <span className="muted">(none)</span>
          ) : (
            <ol className="args-list" start={0}>
              {event.args.map((a, i) => (
                <li key={i}>
                  <code>{a}</code>
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt>verdict</dt>
        <dd>
          <VerdictBadge verdict={event.verdict} />
        </dd>
        <dt>rule</dt>
        <dd>
          <code>{event.rule}</code>
        </dd>
        <dt>result</dt>
        <dd>
          <code className="pre-wrap">{event.result}</code>
        </dd>
        {event.reason && (
          <>
            <dt>reason</dt>
            <dd>{event.reason}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function CapabilityLog() {
  useTicker(liveTicker);
  const phase = useStore(appStore, (s) => s.run.phase);
  const presenter = useStore(appStore, (s) => s.presenter);
  const ROW_HEIGHT = presenter ? 30 : 24;
  const cur = live.current;
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER);
  const [index] = useState(() => new FilteredIndex());
  const [selected, setSelected] = useState<{ events: CallEvent[]; at: number } | null>(null);
  const [focusPos, setFocusPos] = useState(0);
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = index.update(cur.events, filter);
  const count = rows.length;
  const filterId = useId();
  const ifaceId = useId();

  // eslint-disable-next-line react-hooks/incompatible-library -- the log re-renders on every tick anyway
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    // Never render synchronously inside a scroll event: a 100,000-row log scrolls every frame.
    useFlushSync: false,
    // The sticky header row sits above the rows inside the same scroller.
    scrollMargin: ROW_HEIGHT,
  });
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [ROW_HEIGHT, virtualizer]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el && count > 0) el.scrollTop = el.scrollHeight;
  }, [count, follow]);

  const selectedEvent =
    selected && selected.events === cur.events ? cur.events[selected.at] : undefined;
  // The details panel takes room from the table: keep the opened row in view.
  useLayoutEffect(() => {
    if (!selected) return;
    const pos = rows.indexOf(selected.at);
    if (pos >= 0) virtualizer.scrollToIndex(pos, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  const counts = cur.counts;
  const interfaces = interfacesByCount(counts.byInterface);
  const active = isFilterActive(filter);

  const toggleVerdict = (v: Verdict) => {
    setFilter((f) => ({
      ...f,
      verdicts: f.verdicts.includes(v) ? f.verdicts.filter((x) => x !== v) : [...f.verdicts, v],
    }));
  };

  const focusRow = (pos: number) => {
    const p = Math.max(0, Math.min(count - 1, pos));
    setFocusPos(p);
    setFollow(false);
    virtualizer.scrollToIndex(p, { align: 'auto' });
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
    setSelected({ events: cur.events, at });
  };

  const onRowKey = (e: React.KeyboardEvent, pos: number) => {
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault();
        open(pos);
        break;
      case 'ArrowDown':
        e.preventDefault();
        focusRow(pos + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        focusRow(pos - 1);
        break;
      case 'PageDown':
        e.preventDefault();
        focusRow(pos + 10);
        break;
      case 'PageUp':
        e.preventDefault();
        focusRow(pos - 10);
        break;
      case 'Home':
        e.preventDefault();
        focusRow(0);
        break;
      case 'End':
        e.preventDefault();
        focusRow(count - 1);
        break;
      case 'Escape':
        setSelected(null);
        break;
    }
  };

  const tabStop = Math.min(focusPos, Math.max(0, count - 1));

  return (
    <div className="pane log-pane">
      <div className="log-toolbar" role="toolbar" aria-label="Log filters">
        <div className="seg" role="group" aria-label="Filter by verdict">
          <button
            type="button"
            className="seg-btn"
            aria-pressed={filter.verdicts.length === 0}
            onClick={() => setFilter((f) => ({ ...f, verdicts: [] }))}
          >
            All <span className="seg-count">{formatCount(counts.total)}</span>
          </button>
          {VERDICTS.map((v) => (
            <button
              key={v}
              type="button"
              className={`seg-btn seg-${v}`}
              aria-pressed={filter.verdicts.includes(v)}
              onClick={() => toggleVerdict(v)}
              title={`Show ${v} calls`}
            >
              <span aria-hidden="true">{VERDICT_MARK[v]}</span> {v[0]!.toUpperCase() + v.slice(1)}{' '}
              <span className="seg-count">{formatCount(counts[v])}</span>
            </button>
          ))}
        </div>
        <label htmlFor={ifaceId} className="visually-hidden">
          Interface
        </label>
        <select
          id={ifaceId}
          className="select select-small"
          value={filter.iface}
          onChange={(e) => setFilter((f) => ({ ...f, iface: e.target.value }))}
        >
          <option value="">All interfaces ({interfaces.length})</option>
          {interfaces.map(([name, n]) => (
            <option key={name} value={name}>
              {name} ({formatCount(n)})
            </option>
          ))}
          {filter.iface && !counts.byInterface[filter.iface] && (
            <option value={filter.iface}>{filter.iface} (0)</option>
          )}
        </select>
        <label htmlFor={filterId} className="visually-hidden">
          Filter log
        </label>
        <input
          id={filterId}
          type="search"
          className="input input-small log-search"
          placeholder="Filter: function, path, rule…"
          value={filter.text}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
        />
        <div className="pane-spacer" />
        {active && (
          <span className="pane-meta">
            {formatCount(count)} of {formatCount(counts.total)}
          </span>
        )}
        {cur.dropped > 0 && (
          <span
            className="pane-meta"
            title={`The log keeps the first ${formatCount(MAX_GRANTED_EVENTS)} granted calls of a run and every denied or trapped one; the counts include all of them.`}
          >
            {formatCount(cur.dropped)} granted calls counted, not listed
          </span>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-pressed={follow}
          onClick={() => setFollow((f) => !f)}
          title="Keep the newest call in view"
        >
          Follow
        </button>
      </div>
      <div className="log-table-wrap">
        <div
          className="log-table"
          role="table"
          aria-label="Capability log"
          aria-rowcount={count + 1}
        >
          <div
            className="log-scroll"
            ref={scrollRef}
            onScroll={(e) => {
              const el = e.currentTarget;
              const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
              if (atEnd !== follow && (phase === 'running' || !atEnd)) setFollow(atEnd);
            }}
          >
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
              style={{ height: virtualizer.getTotalSize() }}
            >
              {virtualizer.getVirtualItems().map((item) => {
                const at = rows[item.index]!;
                const e = cur.events[at];
                if (!e) return null;
                const isSel = selectedEvent === e;
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={isSel}
                    data-pos={item.index}
                    tabIndex={item.index === tabStop ? 0 : -1}
                    className={`log-row v-row-${e.verdict}${isSel ? ' selected' : ''}`}
                    style={{ transform: `translateY(${item.start - ROW_HEIGHT}px)` }}
                    onClick={() => open(item.index)}
                    onKeyDown={(ev) => onRowKey(ev, item.index)}
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
                    <div role="cell" className="log-cell col-args" title={e.args.join(', ')}>
                      {e.args.join(', ')}
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
              })}
            </div>
          </div>
        </div>
        {counts.total === 0 && (
          <div className="log-empty">
            {phase === 'idle'
              ? 'No calls yet. Run the component to see every WASI call it makes, and the rule that decided it.'
              : phase === 'done'
                ? 'The guest made no WASI call.'
                : 'Waiting for the first call…'}
          </div>
        )}
        {counts.total > 0 && count === 0 && (
          <div className="log-empty">No call matches the filters.</div>
        )}
      </div>
      {selectedEvent && (
        <Details
          event={selectedEvent}
          onClose={() => {
            setSelected(null);
            scrollRef.current?.querySelector<HTMLElement>(`[data-pos="${tabStop}"]`)?.focus();
          }}
        />
      )}
    </div>
  );
}
