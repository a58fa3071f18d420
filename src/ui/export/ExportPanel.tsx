/**
 * Export the manifest to another runtime (wasmtime, Wassette, Spin, WASI-Virt): the text to
 * copy, the setup script that creates the mounts and seed files, and what that runtime cannot
 * express. And the other way: a pasted `wasmtime run …` command becomes a manifest.
 * Everything is shown as text.
 */
import { useId, useMemo, useState } from 'react';
import {
  EXPORT_FORMATS,
  componentFileName,
  exportManifest,
  importWasmtimeCommand,
  type ExportFormat,
} from '../../share/export';
import { notify, setManifestText } from '../store/actions';
import { downloadComponent } from '../store/share';
import { appStore } from '../store/state';
import { useStore } from '../store/store';
import '../discovery/discovery.css';
import './export.css';

/** The runtime's name, for "What … cannot express". */
const RUNTIME: Record<ExportFormat, string> = {
  wasmtime: 'wasmtime',
  wassette: 'Wassette',
  spin: 'Spin',
  'wasi-virt': 'WASI-Virt',
};

async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify('info', `${what} copied.`);
  } catch {
    notify('error', `Could not copy ${what.toLowerCase()}: select the text and copy it by hand.`);
  }
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function CodeBlock({
  label,
  text,
  copyLabel,
  fileName,
  wrap = false,
}: {
  label: string;
  text: string;
  copyLabel: string;
  fileName?: string | null;
  /** Wrap long lines (a manifest with comments) instead of scrolling sideways. */
  wrap?: boolean;
}) {
  const id = useId();
  return (
    <div
      className={`code-block${wrap ? ' code-block-wrap' : ''}`}
      role="group"
      aria-labelledby={id}
    >
      <div className="code-block-head">
        <span id={id} className="code-block-label">
          {label}
        </span>
        <div className="pane-spacer" />
        {fileName && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => download(text, fileName)}
          >
            Download {fileName}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          aria-label={copyLabel}
          onClick={() => void copyText(text, label)}
        >
          Copy
        </button>
      </div>
      <pre className="code-block-text" tabIndex={0}>
        <code>{text}</code>
      </pre>
    </div>
  );
}

function ExportSection() {
  const parsed = useStore(appStore, (s) => s.parsed);
  const ref = useStore(appStore, (s) => s.component?.ref);
  const files = useStore(appStore, (s) => s.seedFiles);
  const [format, setFormat] = useState<ExportFormat>('wasmtime');
  const entry = EXPORT_FORMATS.find((f) => f.id === format)!;
  const result = useMemo(
    () =>
      parsed.ok
        ? exportManifest(format, parsed.manifest, { component: componentFileName(ref), files })
        : null,
    [parsed, format, ref, files],
  );
  const runtime = RUNTIME[format];
  return (
    <section className="exp-section" aria-labelledby="exp-title">
      <div className="exp-head">
        <h3 id="exp-title" className="disc-h">
          Export to
        </h3>
        <div className="seg" role="radiogroup" aria-label="Export format">
          {EXPORT_FORMATS.map((f) => (
            <button
              key={f.id}
              type="button"
              role="radio"
              aria-checked={format === f.id}
              className="seg-btn"
              onClick={() => setFormat(f.id)}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {ref && (
        <p className="exp-component">
          The export runs <code>{componentFileName(ref)}</code>: put it beside the command.{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void downloadComponent(componentFileName(ref))}
          >
            Download {componentFileName(ref)}
          </button>
        </p>
      )}
      {!result ? (
        <p className="disc-note disc-warn">The manifest has errors: fix them to export it.</p>
      ) : (
        <div className="exp-grid">
          <div className="exp-main">
            <CodeBlock
              label={entry.fileName ?? entry.label}
              text={result.text}
              copyLabel={`Copy ${entry.label}`}
              fileName={entry.fileName}
            />
            {result.setup && (
              <CodeBlock
                label="Setup: create the mounts and seed files (run first, in an empty directory)"
                text={result.setup}
                copyLabel="Copy setup script"
              />
            )}
          </div>
          <div className="exp-gaps" role="region" aria-labelledby="exp-gaps-title">
            <h4 id="exp-gaps-title" className="exp-gaps-title">
              What {runtime} cannot express
            </h4>
            {result.unsupported.length === 0 ? (
              <p className="disc-ok">
                <span aria-hidden="true">✓</span> Nothing: the export is faithful to the manifest.
              </p>
            ) : (
              <ul className="exp-gaps-list">
                {result.unsupported.map((u, i) => (
                  <li key={i}>{u}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function ImportSection() {
  const [line, setLine] = useState('');
  const id = useId();
  const result = useMemo(() => (line.trim() ? importWasmtimeCommand(line) : null), [line]);
  const use = () => {
    if (!result) return;
    appStore.set({ manifestFile: null });
    setManifestText(result.manifestText);
    notify(
      'info',
      `Manifest imported from the wasmtime command${result.component ? ` (component: ${result.component}; pick it with Upload)` : ''}. Ctrl+Z in the editor undoes it.`,
    );
  };
  return (
    <section className="exp-section" aria-labelledby="imp-title">
      <h3 id="imp-title" className="disc-h">
        Import a wasmtime command
      </h3>
      <p id={`${id}-hint`} className="exp-hint">
        Paste a <code>wasmtime run …</code> command line: its <code>--dir</code> and{' '}
        <code>--env</code> flags, arguments and limits become a manifest.
      </p>
      <label htmlFor={id} className="visually-hidden">
        wasmtime command
      </label>
      <textarea
        id={id}
        className="input exp-import"
        aria-describedby={`${id}-hint`}
        spellCheck={false}
        placeholder="wasmtime run --dir ./data::/data --env NAME=value app.wasm arg1"
        value={line}
        onChange={(e) => setLine(e.target.value)}
        rows={2}
      />
      {result && (
        <div className="exp-import-result">
          <CodeBlock
            wrap
            label="Manifest preview"
            text={result.manifestText}
            copyLabel="Copy imported manifest"
          />
          {result.warnings.length > 0 && (
            <div className="exp-gaps" role="region" aria-label="Import warnings">
              <h4 className="exp-gaps-title">What did not carry over</h4>
              <ul className="exp-gaps-list">
                {result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="exp-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={use}>
              Use this manifest
            </button>
            <span className="muted">
              Replaces the editor text (Ctrl+Z in the editor undoes it).
            </span>
          </div>
        </div>
      )}
    </section>
  );
}

export function ExportPanel() {
  return (
    <div className="pane disc-pane">
      <div className="pane-body disc-body exp-body">
        <ExportSection />
        <ImportSection />
      </div>
    </div>
  );
}
