/**
 * The capability log: every WASI call of the run, live, windowed (a million calls stay
 * smooth), filterable by verdict, interface and text, with counts, and a details panel for the
 * selected call. Events live in `live.current.events`; this view re-reads them when the frame
 * ticker bumps (a few times a second during a flood), never once per event.
 *
 * Parts: LogToolbar (filters, counts, Follow), LogTable (rows, scrolling, keyboard), LogDetails
 * (the opened call).
 */
import { useState } from 'react';
import type { CallEvent } from '../../runtime/events';
import { EMPTY_FILTER, FilteredIndex, type LogFilter } from '../lib/log-filter';
import { appStore, live, logTicker } from '../store/state';
import { useStore, useTicker } from '../store/store';
import { LogDetails } from './LogDetails';
import { LogTable } from './LogTable';
import { LogToolbar } from './LogToolbar';

export function CapabilityLog() {
  useTicker(logTicker);
  const phase = useStore(appStore, (s) => s.run.phase);
  const presenter = useStore(appStore, (s) => s.presenter);
  const rowHeight = presenter ? 30 : 24;
  const cur = live.current;
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER);
  const [index] = useState(() => new FilteredIndex());
  const [selected, setSelected] = useState<{ events: CallEvent[]; at: number } | null>(null);
  const [follow, setFollow] = useState(true);
  // A new run is followed from its first call, whatever the user did in the last one's log.
  const [followed, setFollowed] = useState(cur);
  if (followed !== cur) {
    setFollowed(cur);
    setFollow(true);
  }
  const rows = index.update(cur.events, filter);
  const total = cur.counts.total;

  const selectedAt = selected && selected.events === cur.events ? selected.at : undefined;
  const selectedEvent = selectedAt === undefined ? undefined : cur.events[selectedAt];
  const close = () => setSelected(null);

  return (
    <div className="pane log-pane">
      <LogToolbar
        run={cur}
        filter={filter}
        setFilter={setFilter}
        shown={rows.length}
        follow={follow}
        toggleFollow={() => setFollow((f) => !f)}
        running={phase === 'running'}
      />
      <div className="log-table-wrap">
        <LogTable
          events={cur.events}
          rows={rows}
          rowHeight={rowHeight}
          follow={follow}
          setFollow={setFollow}
          running={phase === 'running'}
          selectedAt={selectedAt}
          onOpen={(at) => setSelected({ events: cur.events, at })}
          onClose={close}
        />
        {total === 0 && (
          <div className="log-empty">
            {phase === 'idle'
              ? 'No calls yet. Run the component to see every WASI call it makes, and the rule that decided it.'
              : phase === 'done'
                ? 'The guest made no WASI call.'
                : 'Waiting for the first call…'}
          </div>
        )}
        {total > 0 && rows.length === 0 && (
          <div className="log-empty">No call matches the filters.</div>
        )}
      </div>
      {selectedEvent && (
        <LogDetails
          event={selectedEvent}
          onClose={() => {
            close();
            document.querySelector<HTMLElement>('.log-body [role=row][tabindex="0"]')?.focus();
          }}
        />
      )}
    </div>
  );
}
