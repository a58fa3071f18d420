/**
 * "Discover least privilege": record one run with everything granted (in throwaway copies),
 * then the proposal as changes a person ticks one by one, the manifest diff they make, and
 * Apply selected / Apply all.
 */
import { useMemo, useState } from 'react';
import { applyChanges, textDiff, type Change } from '../../discovery';
import { formatCount } from '../lib/format';
import { isRunning, runBlocker } from '../store/actions';
import { appStore } from '../store/state';
import { useStore } from '../store/store';
import { verdictText } from '../components/StatusLine';
import { DiffView } from './DiffView';
import {
  applyProposal,
  discoverLeastPrivilege,
  dismissRecording,
  recordStore,
  stopRecording,
  type Recording,
} from './record';
import { selectedChanges, toggleChange, withRequirements } from './selection';
import './discovery.css';

const KIND_TITLE: Record<Change['kind'], string> = {
  grant: 'grant: gives the guest more than the manifest does now',
  narrow: 'narrow: keeps the entry but gives less',
  revoke: 'revoke: takes an entry away',
};

export function ChangeKind({ kind }: { kind: Change['kind'] }) {
  return (
    <span className={`change-kind ck-${kind}`} title={KIND_TITLE[kind]}>
      {kind}
    </span>
  );
}

function Intro() {
  return (
    <div className="disc-intro">
      <p>
        Runs the component once with everything the browser can give, and proposes the narrowest
        manifest that still covers what it used: unused mounts, clocks, random and variables go,
        read-write becomes read-only where nothing was written, wildcards become the origins
        actually contacted.
      </p>
      <p className="muted">
        The recording is safe: mounts are throwaway in-memory copies (your manifest, the editor and
        the Files view are not touched), and HTTP is answered only by the manifest&apos;s mocks:
        other requests are recorded, then refused.
      </p>
    </div>
  );
}

function RecordingSummary({ r }: { r: Recording }) {
  const verdict = r.end ? verdictText(r.end) : null;
  const requests = r.denials.filter((d) => d.request);
  const others = r.denials.filter((d) => !d.request);
  return (
    <div className="disc-summary" role="group" aria-label="Recording">
      <p>
        <strong>Recorded {r.componentName}</strong>
        {verdict && (
          <>
            {' · '}
            <span className={`tone-${verdict.tone}`}>{verdict.text}</span>
          </>
        )}
        {' · '}
        {formatCount(r.events.length + r.dropped)} calls. It ran in throwaway copies: every mount
        read-write, the clocks and random real, HTTP only from mocks. Nothing it wrote was kept.
        {r.stdinClosed && ' stdin is interactive, so the recording gave the guest end of input.'}
      </p>
      {r.dropped > 0 && (
        <p className="disc-note disc-warn" role="note">
          The guest made {formatCount(r.events.length + r.dropped)} calls, too many to record each
          one: the proposal covers the {formatCount(r.events.length)} recorded in full. Run the
          proposed manifest to check it.
        </p>
      )}
      {requests.length > 0 && (
        <div className="disc-denials">
          <p>
            Denied but recorded: the recording never sends a request, so these were refused. Their
            origins are in the proposal.
          </p>
          <ul>
            {requests.map((d, i) => (
              <li key={i}>
                <code>{d.what}</code>
                {d.count > 1 && <span className="muted"> ×{d.count}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {others.length > 0 && (
        <div className="disc-denials">
          <p>Still refused during the recording (no manifest entry grants these):</p>
          <ul>
            {others.slice(0, 12).map((d, i) => (
              <li key={i}>
                <code>{d.what}</code>{' '}
                <span className={`verdict-text v-${d.verdict}`}>{d.verdict}</span>{' '}
                <span className="muted">({d.rule})</span>
                {d.count > 1 && <span className="muted"> ×{d.count}</span>}
              </li>
            ))}
            {others.length > 12 && <li className="muted">… and {others.length - 12} more</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

function Proposal({ r }: { r: Recording }) {
  const changes = useMemo(() => r.proposal?.changes ?? [], [r.proposal]);
  const [selected, setSelected] = useState<Set<string>>(() =>
    withRequirements(
      changes,
      changes.map((c) => c.id),
    ),
  );
  const editorText = useStore(appStore, (s) => s.manifestText);
  const chosen = useMemo(() => selectedChanges(changes, selected), [changes, selected]);
  const after = useMemo(() => applyChanges(r.manifestText, chosen), [r.manifestText, chosen]);
  const diff = useMemo(() => textDiff(r.manifestText, after), [r.manifestText, after]);
  const edited = editorText !== r.manifestText;
  const applied =
    r.applied !== null &&
    editorText === applyChanges(r.manifestText, selectedChanges(changes, new Set(r.applied)));

  if (changes.length === 0)
    return (
      <p className="disc-ok" role="status">
        <span aria-hidden="true">✓</span> Nothing to change: the manifest grants exactly what the
        guest used.
      </p>
    );

  return (
    <div className="disc-proposal">
      <div className="disc-proposal-head">
        <h3 className="disc-h">
          Proposed changes{' '}
          <span className="muted">
            ({chosen.length} of {changes.length} selected)
          </span>
        </h3>
        <div className="pane-spacer" />
        <button
          type="button"
          className="btn btn-small"
          disabled={chosen.length === 0 || edited}
          onClick={() => applyProposal(chosen.map((c) => c.id))}
        >
          Apply selected
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={edited}
          onClick={() => applyProposal(changes.map((c) => c.id))}
        >
          Apply all
        </button>
      </div>
      {applied ? (
        <p className="disc-note" role="status">
          Applied to the editor. Press Run to check that the program still does its job.
        </p>
      ) : (
        edited && (
          <p className="disc-note disc-warn" role="note">
            The manifest was edited after this recording, so these changes may no longer fit it.
            Discover again to propose changes for the current manifest.
          </p>
        )
      )}
      <ul className="change-list" aria-label="Proposed changes">
        {changes.map((c) => {
          const id = `chg-${c.id}`;
          return (
            <li key={c.id} className="change-item">
              <input
                id={id}
                type="checkbox"
                checked={selected.has(c.id)}
                onChange={(e) =>
                  setSelected((s) => toggleChange(changes, s, c.id, e.target.checked))
                }
              />
              <ChangeKind kind={c.kind} />
              <label htmlFor={id} className="change-desc">
                {c.description}
                {c.requires?.length ? (
                  <span className="muted"> (needs {c.requires.join(', ')})</span>
                ) : null}
              </label>
            </li>
          );
        })}
      </ul>
      <h3 className="disc-h">Manifest after the selected changes</h3>
      <DiffView diff={diff} label="Manifest diff" full />
    </div>
  );
}

export function LeastPrivilegePanel() {
  const recording = useStore(recordStore, (s) => s.recording);
  const blocker = useStore(appStore, (s) => runBlocker(s));
  const running = useStore(appStore, (s) => isRunning(s));
  const ready = useStore(appStore, (s) => s.component?.status === 'ready');
  const busy = recording?.phase === 'recording';
  const reason = blocker ?? (!ready ? 'The component is still being prepared.' : null);
  return (
    <div className="pane disc-pane">
      <div className="pane-subheader disc-toolbar">
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => void discoverLeastPrivilege()}
          disabled={busy || reason !== null}
          title={reason ?? 'Record a run with everything granted, then propose least privilege'}
        >
          Discover least privilege
        </button>
        {busy && (
          <>
            <span className="tone-busy" role="status">
              <span aria-hidden="true">●</span> Recording…
            </span>
            <button type="button" className="btn btn-small btn-stop" onClick={stopRecording}>
              Stop recording
            </button>
          </>
        )}
        {reason && !busy && <span className="muted disc-reason">{reason}</span>}
        {running && !busy && !reason && (
          <span className="muted disc-reason">
            The page&apos;s run goes on; the recording runs apart.
          </span>
        )}
        <div className="pane-spacer" />
        {recording && !busy && (
          <button type="button" className="btn btn-ghost btn-small" onClick={dismissRecording}>
            Clear
          </button>
        )}
      </div>
      <div className="pane-body disc-body">
        {!recording && <Intro />}
        {recording?.phase === 'error' && (
          <p className="disc-note disc-warn" role="alert">
            The recording could not run: {recording.error}
          </p>
        )}
        {recording && recording.phase !== 'error' && recording.phase !== 'recording' && (
          <>
            <RecordingSummary r={recording} />
            <Proposal key={recording.id} r={recording} />
          </>
        )}
      </div>
    </div>
  );
}
