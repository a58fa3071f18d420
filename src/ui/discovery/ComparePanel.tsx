/**
 * Two runs side by side: the previous finished run against the latest one. How the ending
 * changed, calls whose verdict changed (with both rules), calls made in one run only, the
 * output as a line diff, the files that differ, and what was changed in the manifest between.
 */
import { useMemo, useState } from 'react';
import {
  compareRuns,
  hasDifferences,
  textDiff,
  type CallPair,
  type FileDifference,
} from '../../discovery';
import type { CallEvent } from '../../runtime/events';
import { VerdictBadge } from '../log/cells';
import { formatBytes, formatCount } from '../lib/format';
import { useStore } from '../store/store';
import { DiffView } from './DiffView';
import { historyStore, type TrackedRun } from './history';
import './discovery.css';

const LIST_MAX = 200;

function endText(r: TrackedRun): string {
  const rec = r.record!;
  switch (rec.status) {
    case 'exited':
      return `exited with code ${rec.exitCode ?? 0}`;
    case 'trapped':
      return 'trapped';
    case 'timeout':
      return 'timed out';
    case 'stopped':
      return 'stopped';
    default:
      return rec.status;
  }
}

function callText(e: CallEvent): string {
  const name = e.function.replace(/^\[(?:method|static|constructor)\]/, '');
  return `${name}(${e.args.join(', ')})`;
}

function CallCell({ e }: { e: CallEvent }) {
  return (
    <code className="cmp-call" title={`${e.interface} ${e.function}(${e.args.join(', ')})`}>
      {callText(e)}
    </code>
  );
}

function Side({ e }: { e: CallEvent }) {
  return (
    <span className="cmp-side">
      <VerdictBadge verdict={e.verdict} /> <span className="cmp-rule">{e.rule}</span>
    </span>
  );
}

function PairTable({ pairs, label }: { pairs: readonly CallPair[]; label: string }) {
  return (
    <table className="cmp-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">call</th>
          <th scope="col">previous run</th>
          <th scope="col">latest run</th>
        </tr>
      </thead>
      <tbody>
        {pairs.slice(0, LIST_MAX).map((p) => (
          <tr key={`${p.occurrence}:${p.key}`}>
            <td>
              <CallCell e={p.a} />
              {p.occurrence > 1 && <span className="muted"> (#{p.occurrence})</span>}
            </td>
            <td>
              <Side e={p.a} />
            </td>
            <td>
              <Side e={p.b} />
            </td>
          </tr>
        ))}
      </tbody>
      {pairs.length > LIST_MAX && (
        <tfoot>
          <tr>
            <td colSpan={3} className="muted">
              … and {formatCount(pairs.length - LIST_MAX)} more
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function OnlyList({ events, label }: { events: readonly CallEvent[]; label: string }) {
  return (
    <ul className="cmp-only" aria-label={label}>
      {events.slice(0, LIST_MAX).map((e) => (
        <li key={e.seq}>
          <span className="muted cmp-seq">#{e.seq}</span> <CallCell e={e} /> <Side e={e} />
        </li>
      ))}
      {events.length > LIST_MAX && (
        <li className="muted">… and {formatCount(events.length - LIST_MAX)} more</li>
      )}
    </ul>
  );
}

const FILE_TEXT: Record<FileDifference['difference'], string> = {
  'only-a': 'only after the previous run',
  'only-b': 'only after the latest run',
  content: 'content differs',
};

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count?: number;
  children: React.ReactNode;
}) {
  return (
    <section className="cmp-section" aria-label={title}>
      <h3 className="disc-h">
        {title}
        {count !== undefined && <span className="cmp-count">{formatCount(count)}</span>}
      </h3>
      {children}
    </section>
  );
}

function Comparison({ a, b, mask }: { a: TrackedRun; b: TrackedRun; mask: boolean }) {
  const cmp = useMemo(
    () => compareRuns(a.record!, b.record!, { maskVolatile: mask }),
    [a, b, mask],
  );
  const manifestDiff = useMemo(
    () => textDiff(a.manifestText, b.manifestText),
    [a.manifestText, b.manifestText],
  );
  const manifestChanged = hasDifferences(manifestDiff);
  const endChanged = !cmp.status.same || !cmp.exitCode.same;
  return (
    <div className="cmp">
      <p className={`cmp-verdict ${cmp.same ? 'tone-ok' : ''}`} role="status">
        {cmp.same ? (
          <>
            <span aria-hidden="true">✓</span> Same result: the same calls with the same verdicts,
            output, files and ending.
          </>
        ) : (
          <>
            Run #{a.seq} → run #{b.seq}:{' '}
            {endChanged ? (
              <strong>
                {endText(a)} → {endText(b)}
              </strong>
            ) : (
              <>both {endText(b)}</>
            )}
            {cmp.verdictChanges.length > 0 &&
              ` · ${cmp.verdictChanges.length} verdict change${cmp.verdictChanges.length > 1 ? 's' : ''}`}
            {(cmp.onlyInA.length > 0 || cmp.onlyInB.length > 0) &&
              ` · ${cmp.onlyInA.length + cmp.onlyInB.length} calls in one run only`}
            {(!cmp.stdout.same || !cmp.stderr.same) && ' · output differs'}
            {cmp.files.length > 0 && ` · ${cmp.files.length} files differ`}
          </>
        )}
      </p>
      {manifestChanged ? (
        <details className="cmp-details">
          <summary>Manifest changes between the runs</summary>
          <DiffView diff={manifestDiff} label="Manifest changes" />
        </details>
      ) : (
        <p className="muted cmp-note">Both runs used the same manifest.</p>
      )}
      {cmp.verdictChanges.length > 0 && (
        <Section title="Verdict changed" count={cmp.verdictChanges.length}>
          <PairTable pairs={cmp.verdictChanges} label="Calls whose verdict changed" />
        </Section>
      )}
      {cmp.ruleChanges.length > 0 && (
        <Section title="Same verdict, another rule" count={cmp.ruleChanges.length}>
          <PairTable pairs={cmp.ruleChanges} label="Calls decided by another rule" />
        </Section>
      )}
      {cmp.onlyInA.length > 0 && (
        <Section title="Only in the previous run" count={cmp.onlyInA.length}>
          <OnlyList events={cmp.onlyInA} label="Calls only in the previous run" />
        </Section>
      )}
      {cmp.onlyInB.length > 0 && (
        <Section title="Only in the latest run" count={cmp.onlyInB.length}>
          <OnlyList events={cmp.onlyInB} label="Calls only in the latest run" />
        </Section>
      )}
      {!cmp.stdout.same && (
        <Section title="stdout">
          <DiffView diff={cmp.stdout.diff} label="stdout diff" />
        </Section>
      )}
      {!cmp.stderr.same && (
        <Section title="stderr">
          <DiffView diff={cmp.stderr.diff} label="stderr diff" />
        </Section>
      )}
      {cmp.files.length > 0 && (
        <Section title="Files" count={cmp.files.length}>
          <ul className="cmp-only" aria-label="Files that differ">
            {cmp.files.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> <span className="muted">{FILE_TEXT[f.difference]}</span>
                {f.difference === 'content' && f.a && f.b && (
                  <span className="muted">
                    {' '}
                    ({formatBytes(f.a.size)} → {formatBytes(f.b.size)})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

export function ComparePanel() {
  const latest = useStore(historyStore, (s) => s.latest);
  const previous = useStore(historyStore, (s) => s.previous);
  const [pair, setPair] = useState<{ a: TrackedRun; b: TrackedRun } | null>(null);
  const [mask, setMask] = useState(true);
  const canCompare = !!(latest?.record && previous?.record);
  // A comparison of runs this history no longer holds (another component) is dropped.
  const shown = pair && (pair.b === latest || pair.b === previous) ? pair : null;
  const current = shown && canCompare && shown.a === previous && shown.b === latest;
  return (
    <div className="pane disc-pane">
      <div className="pane-subheader disc-toolbar">
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!canCompare}
          onClick={() => setPair({ a: previous!, b: latest! })}
          title={
            canCompare
              ? `Compare run #${previous.seq} with run #${latest.seq}`
              : 'Run twice to compare (for example before and after a manifest change)'
          }
        >
          Compare with previous run
        </button>
        <label
          className="disc-check"
          title="Align calls whose arguments differ only in clock readings, random values, byte contents or timestamps"
        >
          <input type="checkbox" checked={mask} onChange={(e) => setMask(e.target.checked)} />
          Ignore volatile values
        </label>
        <div className="pane-spacer" />
        {shown && (
          <span className="pane-meta">
            run #{shown.a.seq} vs run #{shown.b.seq}
            {!current && canCompare && ' · a newer run exists'}
          </span>
        )}
      </div>
      <div className="pane-body disc-body">
        {!shown && (
          <p className="disc-intro muted">
            {canCompare
              ? `Runs #${previous.seq} and #${latest.seq} are ready: compare them to see which calls changed verdict, which were made in one run only, and how the output and files differ.`
              : 'Airlock keeps the previous run. Run, change the manifest (for example take a capability away), run again, then compare the two runs.'}
          </p>
        )}
        {shown && <Comparison a={shown.a} b={shown.b} mask={mask} />}
      </div>
    </div>
  );
}
