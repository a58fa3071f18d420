/**
 * The capability log's grant actions: a compact "Grant this" on a denied or trapped row, and the
 * full offer (the change in words, or why no manifest entry helps) in the call's details.
 */
import type { Change } from '../../discovery';
import type { CallEvent } from '../../runtime/events';
import { isRunning } from '../store/actions';
import { appStore } from '../store/state';
import { useStore } from '../store/store';
import { acceptGrant, grantOffer, holds } from './grant';
import { historyStore } from './history';
import './discovery.css';

function useOffer(event: CallEvent) {
  const latest = useStore(historyStore, (s) => s.latest);
  const manifestText = useStore(appStore, (s) => s.manifestText);
  const parsed = useStore(appStore, (s) => s.parsed);
  const running = useStore(appStore, (s) => isRunning(s));
  const tracked = latest && holds(latest.events, event) ? latest : null;
  return { offer: grantOffer(event, tracked, { manifestText, parsed }), running };
}

/** On a log row: shown only when a manifest change can grant the call. */
/**
 * Enter or Space on a Grant button grants on the key press itself, and the press goes no
 * further: the grant moves the focus into the editor, where the rest of the key (its character)
 * would otherwise type a newline or a space into the manifest just granted.
 */
function grantOnKey(e: React.KeyboardEvent, change: Change): void {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  e.preventDefault();
  if (!e.repeat) acceptGrant(change);
}

export function GrantRowAction({ event }: { event: CallEvent }) {
  const { offer, running } = useOffer(event);
  if (offer?.kind !== 'change' || running) return null;
  return (
    <button
      type="button"
      className="grant-row-btn"
      tabIndex={-1}
      title={`${offer.change.description}\nChanges the manifest and runs again (Ctrl+Z in the editor undoes it).`}
      onClick={(e) => {
        e.stopPropagation();
        acceptGrant(offer.change);
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        grantOnKey(e, offer.change);
      }}
      aria-label="Grant this"
    >
      Grant
    </button>
  );
}

/** In the call's details: the change and its button, or why there is none. */
export function GrantOfferView({ event }: { event: CallEvent }) {
  const { offer, running } = useOffer(event);
  if (!offer) return null;
  if (offer.kind === 'explain')
    return (
      <div className="grant-offer grant-none" role="note" aria-label="Why no grant">
        <span className="grant-label">No grant</span>
        <p className="grant-text">{offer.text}</p>
      </div>
    );
  const stale = offer.kind === 'stale';
  return (
    <div className="grant-offer" role="group" aria-label="Grant">
      <span className={`change-kind ck-${offer.change.kind}`}>{offer.change.kind}</span>
      <p className="grant-text">
        <code>{offer.change.description}</code>
        <span className="grant-hint">
          {stale
            ? 'The manifest was edited after this run, so this change may no longer fit it: run again, then grant from the new log.'
            : running
              ? 'Wait for the run to end.'
              : 'Changes the manifest and runs again. Ctrl+Z in the editor undoes it.'}
        </span>
      </p>
      <button
        type="button"
        className="btn btn-small btn-primary btn-grant"
        disabled={stale || running}
        onClick={() => acceptGrant(offer.change)}
        onKeyDown={(e) => grantOnKey(e, offer.change)}
      >
        Grant this
      </button>
    </div>
  );
}
