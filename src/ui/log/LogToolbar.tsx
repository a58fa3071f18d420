/** The log's toolbar: verdict, interface and text filters with their counts, and Follow. */
import { useId } from 'react';
import { formatCount } from '../lib/format';
import { interfacesByCount, isFilterActive, type LogFilter } from '../lib/log-filter';
import type { LiveRun } from '../store/state';
import { MAX_GRANTED_EVENTS } from '../store/state';
import type { Verdict } from '../../runtime/events';
import { VERDICTS, VERDICT_MARK } from './cells';

export function LogToolbar({
  run,
  filter,
  setFilter,
  shown,
  follow,
  toggleFollow,
  running,
}: {
  run: LiveRun;
  filter: LogFilter;
  setFilter: (update: (f: LogFilter) => LogFilter) => void;
  /** Rows that pass the filter. */
  shown: number;
  follow: boolean;
  toggleFollow: () => void;
  /**
   * While the guest runs, the interface list is by name and without counts: a menu whose
   * options change at every redraw is repainted whole (15-25 ms a redraw in a flood), and
   * options that swap places under the pointer cannot be picked. Counts come with the end.
   */
  running: boolean;
}) {
  const filterId = useId();
  const ifaceId = useId();
  const counts = run.counts;
  const interfaces = running
    ? Object.keys(counts.byInterface)
        .sort()
        .map((name) => [name, null] as const)
    : interfacesByCount(counts.byInterface);
  const toggleVerdict = (v: Verdict) => {
    setFilter((f) => ({
      ...f,
      verdicts: f.verdicts.includes(v) ? f.verdicts.filter((x) => x !== v) : [...f.verdicts, v],
    }));
  };
  return (
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
            {n === null ? name : `${name} (${formatCount(n)})`}
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
      {isFilterActive(filter) && (
        <span className="pane-meta">
          {formatCount(shown)} of {formatCount(counts.total)}
        </span>
      )}
      {run.dropped > 0 && (
        <span
          className="pane-meta"
          title={`The log keeps the first ${formatCount(MAX_GRANTED_EVENTS)} granted calls of a run and every denied or trapped one; the counts include all of them.`}
        >
          {formatCount(run.dropped)} granted calls counted, not listed
        </span>
      )}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-pressed={follow}
        onClick={toggleFollow}
        title="Keep the newest call in view"
      >
        Follow
      </button>
    </div>
  );
}
