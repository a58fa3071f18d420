import { useId, useRef } from 'react';
import type { SampleEntry } from '../../samples/catalog';
import { isRunning, run, runBlocker, stop, togglePresenter } from '../store/actions';
import { setColorScheme, useColorScheme } from '../hooks/useColorScheme';
import { downloadSandboxFile, share } from '../store/share';
import { openFile } from '../store/open-file';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

export function RunButtons() {
  const running = useStore(appStore, (s) => isRunning(s));
  const blocker = useStore(appStore, (s) => runBlocker(s));
  // A missing upload is explained in full by its own notice under the top bar.
  const explainedBelow = useStore(appStore, (s) => !!s.component?.missingUpload);
  const reasonId = useId();
  return (
    <div className="run-buttons">
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void run()}
        disabled={running || blocker !== null}
        title={blocker ?? 'Run the component under this manifest (Ctrl+Enter)'}
        aria-describedby={blocker && !explainedBelow ? reasonId : undefined}
        aria-keyshortcuts="Control+Enter"
      >
        <span aria-hidden="true" className="btn-icon">
          ▶
        </span>
        Run
      </button>
      <button
        type="button"
        className="btn btn-stop"
        onClick={stop}
        disabled={!running}
        title="Stop the running guest now"
      >
        <span aria-hidden="true" className="btn-icon">
          ■
        </span>
        Stop
      </button>
      {blocker && !explainedBelow && (
        <span id={reasonId} className="run-blocker" role="note">
          {blocker}
        </span>
      )}
    </div>
  );
}

/** Switches between the light and the dark theme (the system's until first used). */
function ThemeToggle() {
  const scheme = useColorScheme();
  const dark = scheme === 'dark';
  return (
    <button
      type="button"
      className="btn btn-toggle btn-theme"
      aria-pressed={dark}
      onClick={() => setColorScheme(dark ? 'light' : 'dark')}
      title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}
    >
      <span aria-hidden="true" className="btn-icon">
        {dark ? '☾' : '☀'}
      </span>
      <span className="btn-label">Dark theme</span>
    </button>
  );
}

/** A real button (Enter and Space open the file chooser) in front of a hidden file input. */
function UploadButton({ disabled }: { disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".wasm,application/wasm,.airlock.json"
        aria-label="Upload component"
        className="visually-hidden"
        tabIndex={-1}
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openFile(file);
        }}
      />
      <button
        type="button"
        className="btn btn-file"
        disabled={disabled}
        title="Open a .wasm component (or drop one anywhere on the page)"
        onClick={() => input.current?.click()}
      >
        <span aria-hidden="true" className="btn-icon">
          ⇪
        </span>
        Upload…
      </button>
    </>
  );
}

export function TopBar({
  embed,
  samples,
  onPickSample,
}: {
  embed: boolean;
  samples: readonly SampleEntry[];
  onPickSample: (id: string) => void;
}) {
  const component = useStore(appStore, (s) => s.component);
  const presenter = useStore(appStore, (s) => s.presenter);
  const running = useStore(appStore, (s) => isRunning(s));
  const selectId = useId();
  const value =
    component?.ref.kind === 'sample'
      ? component.ref.id
      : component?.ref.kind === 'upload'
        ? '__upload'
        : '';

  if (embed) {
    return (
      <header className="topbar topbar-embed">
        <RunButtons />
        <a className="embed-brand" href={embedOpenHref()} target="_blank" rel="noopener noreferrer">
          Open in Airlock ↗
        </a>
      </header>
    );
  }

  return (
    <header className="topbar">
      <h1 className="brand">
        <svg className="brand-mark" viewBox="0 0 16 16" aria-hidden="true">
          <rect
            x="1.5"
            y="1.5"
            width="13"
            height="13"
            rx="3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          />
          <path d="M5 8h6M8 5v6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        Airlock
      </h1>
      <div className="toolbar-group">
        <label htmlFor={selectId} className="field-label">
          Sample
        </label>
        <select
          id={selectId}
          className="select"
          value={value}
          onChange={(e) => {
            if (e.target.value && e.target.value !== '__upload') onPickSample(e.target.value);
          }}
          disabled={running}
        >
          {value === '' && <option value="">Choose a sample…</option>}
          {samples.map((s) => (
            <option key={s.id} value={s.id}>
              {s.order}. {s.title}
            </option>
          ))}
          {component?.ref.kind === 'upload' && (
            <option value="__upload">Uploaded: {component.name}</option>
          )}
        </select>
        <UploadButton disabled={running} />
      </div>
      <div className="toolbar-sep" />
      <RunButtons />
      <div className="toolbar-spacer" />
      <button
        type="button"
        className="btn"
        onClick={() => void share()}
        title="Copy a link to this sandbox"
      >
        Share
      </button>
      <button
        type="button"
        className="btn"
        onClick={downloadSandboxFile}
        disabled={!component}
        title="Save this sandbox as a .airlock.json file (an uploaded component travels inside it); open it by dropping it on the page"
      >
        Save
      </button>
      <ThemeToggle />
      <button
        type="button"
        className="btn btn-toggle btn-presenter"
        aria-pressed={presenter}
        onClick={togglePresenter}
        title="Larger text for projectors and screen sharing (Escape leaves it)"
      >
        Presenter
      </button>
    </header>
  );
}

function embedOpenHref(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('embed');
  url.searchParams.delete('autorun');
  return url.href;
}
