/**
 * What the component is (name, size, SHA-256, kind, imports, exports) and what it asks for
 * against what the manifest grants, before anything runs.
 */
import { useId, useMemo, useState } from 'react';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import { parseArgs } from '../lib/args';
import { isRunning, run } from '../store/actions';
import { askedVsGranted, STATUS_TEXT, type CapabilityStatus } from '../lib/capabilities';
import { formatBytes, formatMs } from '../lib/format';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

const STATUS_MARK: Record<CapabilityStatus, string> = {
  granted: '✓',
  'asked-not-granted': '✕',
  'granted-not-asked': '○',
  always: '·',
  unknown: '⚠',
};

function sourceText(source: string, ms: number): string {
  switch (source) {
    case 'transpiled':
      return `transpiled in ${formatMs(ms)}`;
    case 'memory-cache':
      return 'bindings from the in-memory cache';
    case 'disk-cache':
      return 'bindings from the on-disk cache';
    case 'prebuilt':
      return 'bindings prebuilt with the app';
    default:
      return source;
  }
}

function ExportCall({ name }: { name: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const running = useStore(appStore, (s) => isRunning(s));
  const result = useStore(appStore, (s) =>
    s.run.invoked?.name === name && s.run.phase === 'done' && s.run.end ? s.run.end : null,
  );
  const id = useId();
  const call = () => {
    const parsed = parseArgs(text);
    if (!parsed.ok) {
      setError(parsed.reason);
      return;
    }
    setError(null);
    void run({ name, args: parsed.args });
  };
  return (
    <li className="export-call">
      <label htmlFor={id} className="export-name">
        <code>{name}(</code>
      </label>
      <input
        id={id}
        className="input input-small export-args"
        aria-label={`Arguments for ${name}`}
        placeholder='"WASI"  or  2, 40'
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            call();
          }
        }}
      />
      <code>)</code>
      <button type="button" className="btn btn-small" disabled={running} onClick={call}>
        Call {name}
      </button>
      {error && <span className="text-bad export-result">{error}</span>}
      {!error && result && (
        <span className={`export-result ${result.status === 'exited' ? 'tone-ok' : 'tone-bad'}`}>
          {result.status === 'exited'
            ? `→ ${result.returned ?? '(nothing)'}`
            : `✕ ${result.reason ?? result.status}`}
        </span>
      )}
    </li>
  );
}

function callableExports(prepared: PreparedComponent): string[] {
  return prepared.exports.filter(([n, kind]) => kind === 'function' && n !== 'run').map(([n]) => n);
}

export function ComponentSummary() {
  const component = useStore(appStore, (s) => s.component);
  const parsed = useStore(appStore, (s) => s.parsed);
  const prepared = component?.prepared;
  const rows = useMemo(
    () => (prepared ? askedVsGranted(prepared.imports, parsed.ok ? parsed.manifest : null) : []),
    [prepared, parsed],
  );
  if (!component) return <div className="empty-hint">Pick a sample or upload a component.</div>;
  const problems = rows.filter((r) => r.status === 'asked-not-granted').length;
  const unused = rows.filter((r) => r.status === 'granted-not-asked').length;
  return (
    <div className="pane summary-pane">
      <div className="summary-grid">
        <dl className="kv summary-kv">
          <dt>name</dt>
          <dd>
            <code>{component.name}</code>
          </dd>
          <dt>status</dt>
          <dd>
            {component.status === 'loading' && <span className="muted">transpiling…</span>}
            {component.status === 'error' && (
              <span className="text-bad">could not be prepared: {component.error}</span>
            )}
            {component.status === 'ready' && prepared && (
              <span>
                ready ({sourceText(prepared.source, prepared.transpileMs)}
                {prepared.jspi ? ', JSPI' : ', no JSPI: blocking stdin and sleeps are limited'})
              </span>
            )}
          </dd>
          {prepared && (
            <>
              <dt>size</dt>
              <dd>
                {formatBytes(prepared.size)}{' '}
                <span className="muted">({prepared.size.toLocaleString('en-US')} bytes)</span>
              </dd>
              <dt>SHA-256</dt>
              <dd>
                <code className="hash">{prepared.hash}</code>
              </dd>
              <dt>kind</dt>
              <dd>
                {prepared.kind === 'component'
                  ? 'WASI 0.2 component'
                  : 'preview1 core module, adapted to a component'}
              </dd>
              <dt>imports</dt>
              <dd>
                <ul className="chip-list" aria-label="Imports">
                  {prepared.imports.map((i) => (
                    <li key={i} className="chip">
                      {i}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>exports</dt>
              <dd>
                <ul className="chip-list" aria-label="Exports">
                  {prepared.exports.map(([name, kind]) => (
                    <li key={name} className="chip chip-export" title={kind}>
                      {name}
                      {kind === 'function' ? '()' : ''}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </div>
      {prepared && callableExports(prepared).length > 0 && (
        <>
          <h3 className="section-title">
            Call an export
            <span className="section-meta">
              runs the export instead of wasi:cli/run, under the same manifest
            </span>
          </h3>
          <ul className="export-list">
            {callableExports(prepared).map((n) => (
              <ExportCall key={n} name={n} />
            ))}
          </ul>
        </>
      )}
      {prepared && (
        <>
          <h3 className="section-title">
            Asks for vs. granted
            <span className="section-meta">
              {!parsed.ok
                ? 'the manifest does not parse: nothing is granted'
                : `${problems} asked but not granted · ${unused} granted but never asked`}
            </span>
          </h3>
          <table className="grid-table" aria-label="Asked versus granted">
            <thead>
              <tr>
                <th scope="col">capability</th>
                <th scope="col">asked by (imports)</th>
                <th scope="col">manifest grants</th>
                <th scope="col">status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={`cap-${r.status}`}>
                  <th scope="row">{r.label}</th>
                  <td>
                    {r.imports.length ? (
                      r.imports.map((i) => (
                        <code key={i} className="cap-import">
                          {i}
                        </code>
                      ))
                    ) : (
                      <span className="muted">never imported</span>
                    )}
                  </td>
                  <td>
                    {r.grant ?? <span className="muted">nothing</span>}
                    {r.field && <span className="cap-field"> {r.field}</span>}
                  </td>
                  <td>
                    <span className={`cap-status cs-${r.status}`}>
                      <span aria-hidden="true">{STATUS_MARK[r.status]}</span>{' '}
                      {STATUS_TEXT[r.status]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
