/**
 * After a run: "deterministic" or "not deterministic", from the manifest that run used and the
 * calls it made; the reasons in a popover (top layer, so the status line does not clip it).
 */
import { useId, useMemo, useRef } from 'react';
import { isDeterministic } from '../../discovery';
import { useStore } from '../store/store';
import { historyStore } from './history';
import './discovery.css';

export function DeterminismBadge() {
  const latest = useStore(historyStore, (s) => s.latest);
  const popId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  const record = latest?.record;
  const result = useMemo(
    () => (latest && record ? isDeterministic(latest.resolved, record.events) : null),
    [latest, record],
  );
  if (!result) return null;
  const place = () => {
    const b = buttonRef.current?.getBoundingClientRect();
    const p = popRef.current;
    if (!b || !p) return;
    p.style.left = `${Math.max(8, Math.min(b.left, window.innerWidth - p.offsetWidth - 8))}px`;
    p.style.top = `${Math.max(8, b.top - p.offsetHeight - 6)}px`;
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={`det-badge ${result.deterministic ? 'det-yes' : 'det-no'}`}
        popoverTarget={popId}
        aria-label={
          result.deterministic
            ? 'deterministic: why'
            : `not deterministic: ${result.reasons.length} reason${result.reasons.length > 1 ? 's' : ''}`
        }
      >
        <span aria-hidden="true">{result.deterministic ? '≡' : '≠'}</span>
        {result.deterministic ? 'deterministic' : 'not deterministic'}
      </button>
      <div
        ref={popRef}
        id={popId}
        popover="auto"
        className="det-pop"
        role="dialog"
        aria-label="Determinism"
        onToggle={(e) => {
          if (e.newState === 'open') place();
        }}
      >
        {result.deterministic ? (
          <p>
            <strong>Deterministic.</strong> Run again with this manifest and the same component: the
            same calls, verdicts, output and files. The clocks are frozen or denied, random is
            seeded or denied, stdin is fixed text, and nothing reaches the network.
          </p>
        ) : (
          <>
            <p>
              <strong>Not deterministic.</strong> Two runs under this manifest can differ:
            </p>
            <ul>
              {result.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </>
  );
}
