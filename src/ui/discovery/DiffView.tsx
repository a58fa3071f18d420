/** A line diff as a table-like block: old and new line numbers, +/−, the text (as text). */
import type { DiffLine } from '../../discovery';

/** Unchanged lines kept around each change; longer unchanged stretches fold into one line. */
const CONTEXT = 3;

type Shown = DiffLine | { kind: 'fold'; count: number };

function fold(diff: readonly DiffLine[], context: number): Shown[] {
  const keep = new Array<boolean>(diff.length).fill(false);
  diff.forEach((d, i) => {
    if (d.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(diff.length - 1, i + context); j++)
      keep[j] = true;
  });
  const out: Shown[] = [];
  let skipped = 0;
  diff.forEach((d, i) => {
    if (keep[i]) {
      if (skipped) out.push({ kind: 'fold', count: skipped });
      skipped = 0;
      out.push(d);
    } else skipped++;
  });
  if (skipped) out.push({ kind: 'fold', count: skipped });
  return out;
}

const MARK = { same: ' ', add: '+', remove: '−' } as const;

export function DiffView({
  diff,
  label,
  full = false,
  maxLines = 400,
}: {
  diff: readonly DiffLine[];
  label: string;
  /** Show every unchanged line (a manifest preview) instead of folding them. */
  full?: boolean;
  maxLines?: number;
}) {
  const shown = full ? [...diff] : fold(diff, CONTEXT);
  const cut = shown.length > maxLines ? shown.length - maxLines : 0;
  return (
    <div className="diff" role="group" aria-label={label}>
      {shown.slice(0, maxLines).map((d, i) =>
        d.kind === 'fold' ? (
          <div key={i} className="diff-line diff-fold">
            <span className="diff-no" />
            <span className="diff-no" />
            <span className="diff-mark" />
            <span className="diff-text">
              ⋯ {d.count} unchanged line{d.count > 1 ? 's' : ''}
            </span>
          </div>
        ) : (
          <div key={i} className={`diff-line diff-${d.kind}`}>
            <span className="diff-no">{d.oldLine ?? ''}</span>
            <span className="diff-no">{d.newLine ?? ''}</span>
            <span className="diff-mark" aria-hidden="true">
              {MARK[d.kind]}
            </span>
            <span className="diff-text">
              {d.kind !== 'same' && (
                <span className="visually-hidden">
                  {d.kind === 'add' ? 'added: ' : 'removed: '}
                </span>
              )}
              {d.text}
            </span>
          </div>
        ),
      )}
      {cut > 0 && (
        <div className="diff-line diff-fold">
          <span className="diff-no" />
          <span className="diff-no" />
          <span className="diff-mark" />
          <span className="diff-text">… {cut} more lines not shown</span>
        </div>
      )}
    </div>
  );
}
