import { memo, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import type { AnsiSpan } from '../lib/ansi';
import { formatBytes } from '../lib/format';
import type { OutputChunk } from '../lib/output';
import { markFirstOutput, sendInput } from '../store/actions';
import { appStore, live, liveTicker } from '../store/state';
import { useStore, useTicker } from '../store/store';

function spanStyle(s: AnsiSpan): CSSProperties | undefined {
  if (s.fg === null && s.bg === null) return undefined;
  return {
    color: s.fg === null ? undefined : `var(--ansi-${s.fg})`,
    backgroundColor: s.bg === null ? undefined : `var(--ansi-${s.bg})`,
  };
}

const Chunk = memo(function Chunk({ chunk }: { chunk: OutputChunk }) {
  return (
    <span className={`out-${chunk.stream}`}>
      {chunk.spans.map((s, i) =>
        s.fg === null && s.bg === null && !s.bold ? (
          s.text
        ) : (
          <span key={i} style={spanStyle(s)} className={s.bold ? 'ansi-bold' : undefined}>
            {s.text}
          </span>
        ),
      )}
    </span>
  );
});

function StdinLine() {
  const waiting = useStore(appStore, (s) => s.run.waitingInput);
  const [value, setValue] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (waiting) ref.current?.focus({ preventScroll: true });
  }, [waiting]);
  return (
    <div className={`stdin-line${waiting ? ' waiting' : ''}`}>
      <span className="stdin-prompt" aria-hidden="true">
        ›
      </span>
      <input
        ref={ref}
        className="stdin-input"
        aria-label="stdin"
        placeholder={
          waiting
            ? 'The guest is waiting: type a line, Enter sends it, Ctrl+D ends input'
            : 'stdin (interactive)'
        }
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            sendInput(value);
            setValue('');
          } else if ((e.key === 'd' || e.key === 'D') && e.ctrlKey) {
            e.preventDefault();
            if (value) sendInput(value);
            sendInput(null);
            setValue('');
          }
        }}
      />
      <span className="stdin-hint">{waiting ? 'waiting for input' : ''}</span>
    </div>
  );
}

export function OutputPane() {
  useTicker(liveTicker);
  const phase = useStore(appStore, (s) => s.run.phase);
  const interactive = useStore(appStore, (s) => s.run.interactive);
  const name = useStore(appStore, (s) => s.component?.name);
  const stdoutOff = useStore(appStore, (s) => s.parsed.ok && !s.parsed.resolved.stdout);
  const [wrap, setWrap] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const out = live.current.output;
  const chunks = out.chunks;

  // The first output of a run is on screen once this commit is done.
  useLayoutEffect(() => {
    if (chunks.length && !out.isEmpty) markFirstOutput();
  });

  // Follow the end while the user has not scrolled up (only when something was added).
  const size = out.chars + out.droppedChars + chunks.length;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [size, phase]);

  const running = phase === 'running' || phase === 'preparing';
  const empty = chunks.length === 0;
  return (
    <section className="pane output-pane" role="region" aria-label="Output">
      <div className="pane-header">
        <h2 className="pane-title">Output</h2>
        <span className="legend">
          <span className="legend-stdout">stdout</span>
          <span className="legend-stderr">stderr</span>
        </span>
        <div className="pane-spacer" />
        {!out.isEmpty && (
          <span className="pane-meta">
            {formatBytes(out.received.stdout)} out · {formatBytes(out.received.stderr)} err
          </span>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-pressed={wrap}
          onClick={() => setWrap((w) => !w)}
          title="Wrap long lines"
        >
          Wrap
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          disabled={out.isEmpty}
          onClick={() =>
            void navigator.clipboard?.writeText(out.plain('stdout') + out.plain('stderr'))
          }
          title="Copy stdout and stderr as plain text"
        >
          Copy
        </button>
      </div>
      <div
        className="pane-body output-body"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {out.truncated && (
          <div className="output-truncated" role="note">
            ⋯ output truncated: {formatBytes(out.droppedChars)} dropped, the last{' '}
            {formatBytes(out.capChars)} are shown
          </div>
        )}
        {empty && phase === 'idle' && (
          <div className="empty-hint">
            Press <kbd>Run</kbd> (<kbd>Ctrl</kbd>+<kbd>Enter</kbd>) to start{' '}
            {name ?? 'the component'}.
          </div>
        )}
        {empty && phase === 'done' && (
          <div className="empty-hint">
            (no output{stdoutOff ? ': stdout is off in the manifest' : ''})
          </div>
        )}
        {!empty && (
          <pre className={`output-text${wrap ? ' wrap' : ''}`}>
            {chunks.map((c) => (
              <Chunk key={c.id} chunk={c} />
            ))}
          </pre>
        )}
        {interactive && running && <StdinLine />}
      </div>
    </section>
  );
}
