/** The cells of a log row that other views show too: verdict badge, function and interface names. */
import type { Verdict } from '../../runtime/events';

export const VERDICT_MARK: Record<Verdict, string> = { granted: '✓', denied: '✕', trapped: '⚠' };
export const VERDICTS: Verdict[] = ['granted', 'denied', 'trapped'];

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`verdict v-${verdict}`}>
      <span aria-hidden="true">{VERDICT_MARK[verdict]}</span> {verdict}
    </span>
  );
}

/** `[method]descriptor.open-at`: the bracketed kind muted, the name as is (still one text). */
export function FunctionName({ name }: { name: string }) {
  const m = /^(\[[a-z-]+\])(.*)$/.exec(name);
  if (!m) return <>{name}</>;
  return (
    <>
      <span className="fn-kind">{m[1]}</span>
      {m[2]}
    </>
  );
}

/**
 * `wasi:filesystem/types@0.2.3` → the package muted and hidden when the column is narrow, the
 * interface (`filesystem/types`) always readable. The cell's text is still the full name.
 */
export function InterfaceName({ name }: { name: string }) {
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
