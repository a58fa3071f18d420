/** The details panel of the selected call: every field, unshortened, and the grant offer. */
import { useId } from 'react';
import type { CallEvent } from '../../runtime/events';
import { GrantOfferView } from '../discovery/GrantAction';
import { VerdictBadge } from './cells';

export function LogDetails({ event, onClose }: { event: CallEvent; onClose: () => void }) {
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
