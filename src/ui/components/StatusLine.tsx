import { useLayoutEffect } from 'react';
import type { RunEnd } from '../../runtime/browser/run-client';
import { DeterminismBadge } from '../discovery/DeterminismBadge';
import { formatCount, formatMs } from '../lib/format';
import { markRunEnd } from '../store/actions';
import { appStore, live, liveTicker, type AppState, type RunState } from '../store/state';
import { useStore, useTicker } from '../store/store';

export function verdictText(
  end: RunEnd,
  invoked: { name: string; args: unknown[] } | null = null,
): { text: string; tone: 'ok' | 'bad' | 'warn' } {
  if (invoked && end.status === 'exited') {
    const args = invoked.args.map((a) => JSON.stringify(a)).join(', ');
    return { text: `${invoked.name}(${args}) returned ${end.returned ?? 'nothing'}`, tone: 'ok' };
  }
  switch (end.status) {
    case 'exited':
      return { text: `Exited with code ${end.exitCode ?? 0}`, tone: end.exitCode ? 'bad' : 'ok' };
    case 'trapped':
      return { text: `Trapped: ${end.reason ?? 'the guest trapped'}`, tone: 'bad' };
    case 'timeout':
      return { text: `Timed out: ${end.reason ?? 'limits.timeoutMs passed'}`, tone: 'warn' };
    case 'stopped':
      return { text: 'Stopped by the user', tone: 'warn' };
    case 'error':
      return { text: `Error: ${end.reason ?? 'the component could not run'}`, tone: 'bad' };
  }
}

/** Before a run: what stands between the user and Run, or Ready. Never "Ready" when Run is off. */
export function idleText(s: Pick<AppState, 'reading' | 'component' | 'parsed'>): {
  text: string;
  tone: 'bad' | 'busy' | 'idle';
} {
  if (s.reading) return { text: `Reading ${s.reading}…`, tone: 'busy' };
  const c = s.component;
  if (c?.status === 'loading') return { text: `Preparing ${c.name}…`, tone: 'busy' };
  if (c?.missingUpload)
    return { text: `Waiting for ${c.name}: upload it to run this sandbox`, tone: 'bad' };
  if (c?.status === 'error')
    return { text: `Cannot run ${c.name}: ${c.error ?? 'it could not be prepared'}`, tone: 'bad' };
  if (!s.parsed.ok) {
    const n = s.parsed.diagnostics.filter((d) => d.severity === 'error').length;
    return {
      text: `The manifest has ${n} error${n === 1 ? '' : 's'}: fix ${n === 1 ? 'it' : 'them'} to run`,
      tone: 'bad',
    };
  }
  if (!c) return { text: 'Pick a sample or upload a component', tone: 'idle' };
  return { text: `Ready: ${c.name}`, tone: 'idle' };
}

function phaseText(
  run: RunState,
  name: string | undefined,
  idle: { text: string; tone: 'bad' | 'busy' | 'idle' },
): { text: string; tone: 'ok' | 'bad' | 'warn' | 'busy' | 'idle' } {
  if (run.phase === 'idle') return idle;
  if (run.phase === 'preparing')
    return { text: `Preparing ${name ?? 'the component'}…`, tone: 'busy' };
  if (run.phase === 'running') {
    return run.waitingInput
      ? { text: 'Waiting for input on stdin…', tone: 'busy' }
      : { text: 'Running…', tone: 'busy' };
  }
  return run.end ? verdictText(run.end, run.invoked) : { text: 'Done', tone: 'idle' };
}

const ICON = { ok: '✓', bad: '✕', warn: '⚠', busy: '●', idle: '○' } as const;

export function StatusLine() {
  const run = useStore(appStore, (s) => s.run);
  const name = useStore(appStore, (s) => s.component?.name);
  const idleTextValue = useStore(appStore, (s) => idleText(s).text);
  const idleTone = useStore(appStore, (s) => idleText(s).tone);
  useTicker(liveTicker);
  const counts = live.current.counts;

  useLayoutEffect(() => {
    if (run.phase === 'done' && !run.endMarked) markRunEnd(run.seq);
  }, [run.phase, run.endMarked, run.seq]);

  const { text, tone } = phaseText(run, name, { text: idleTextValue, tone: idleTone });
  const t = run.timings;
  return (
    <footer className="statusline">
      <div className={`status-verdict tone-${tone}`} role="status" aria-label="Run status">
        <span aria-hidden="true" className="status-icon">
          {ICON[tone]}
        </span>
        <span className="status-text">{text}</span>
      </div>
      {run.phase !== 'idle' && (
        <dl className="status-timings" aria-label="Timings">
          <div>
            <dt>transpile</dt>
            <dd>
              {formatMs(t.transpileMs)}
              {t.transpileSource === 'prebuilt'
                ? ' (prebuilt)'
                : t.transpileSource && t.transpileSource !== 'transpiled'
                  ? ' (cached)'
                  : ''}
            </dd>
          </div>
          <div>
            <dt>instantiate</dt>
            <dd>{formatMs(t.instantiateMs)}</dd>
          </div>
          <div>
            <dt>first output</dt>
            <dd>{formatMs(t.firstOutputMs)}</dd>
          </div>
          <div>
            <dt>total</dt>
            <dd>{formatMs(t.totalMs)}</dd>
          </div>
        </dl>
      )}
      <DeterminismBadge />
      <div className="status-spacer" />
      {counts.total > 0 && (
        <div className="status-counts" aria-label="Call counts">
          <span>{formatCount(counts.total)} calls</span>
          <span className="v-granted">✓ {formatCount(counts.granted)}</span>
          <span className="v-denied">✕ {formatCount(counts.denied)}</span>
          <span className="v-trapped">⚠ {formatCount(counts.trapped)}</span>
        </div>
      )}
    </footer>
  );
}
