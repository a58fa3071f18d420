/**
 * The manifest editor pane: a plain textarea (labelled "Manifest") at once, replaced by Monaco
 * when its chunk has loaded; the problems list under it; the sample's manifest variants.
 */
import { Component, useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { getSample } from '../../samples/catalog';
import { registerEditorFocus } from '../editor/focus';
import { allowEditorLoad, onEditorMayLoad } from '../editor/load-gate';
import { ReferenceButton } from './ReferenceDialog';
import { useColorScheme } from '../hooks/useColorScheme';
import { formatBytes } from '../lib/format';
import { loadSampleManifest, run, setManifestText } from '../store/actions';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

type MonacoEditor = (typeof import('../editor/MonacoManifestEditor'))['default'];

/** The editor's chunk, loaded once the gate opens (editor/load-gate.ts). */
let editorModule: Promise<MonacoEditor> | undefined;
function loadEditor(): Promise<MonacoEditor> {
  editorModule ??= import('../editor/MonacoManifestEditor').then((m) => m.default);
  return editorModule;
}

function PlainEditor({
  value,
  onChange,
  onFocus,
  onBlur,
}: {
  value: string;
  onChange: (v: string) => void;
  onFocus?: () => void;
  onBlur?: () => void;
}) {
  return (
    <textarea
      className="plain-editor"
      aria-label="Manifest"
      spellCheck={false}
      value={value}
      onFocus={onFocus}
      onBlur={onBlur}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void run();
        }
      }}
    />
  );
}

/** Falls back to the textarea if the editor chunk cannot load (offline dev server, old browser). */
class EditorBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function variantLabel(file: string, names: Map<string, string>): string {
  if (file === 'manifest.jsonc') return 'Starting manifest';
  if (file === 'solution.jsonc') return 'Solution';
  return names.get(file) ?? file;
}

function ManifestPicker() {
  const ref = useStore(appStore, (s) => s.component?.ref);
  const file = useStore(appStore, (s) => s.manifestFile);
  const id = useId();
  if (ref?.kind !== 'sample') return null;
  const sample = getSample(ref.id);
  if (!sample) return null;
  const names = new Map((sample.variants ?? []).map((v) => [v.manifest, v.name]));
  const files = [...sample.manifestFiles, ...(sample.hasSolution ? ['solution.jsonc'] : [])];
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Load a manifest
      </label>
      <select
        id={id}
        className="select select-small"
        value={file ?? ''}
        onChange={(e) => e.target.value && void loadSampleManifest(e.target.value)}
        title="Replace the manifest with one from the sample"
      >
        {file === null && <option value="">Edited manifest</option>}
        {files.map((f) => (
          <option key={f} value={f}>
            {variantLabel(f, names)}
          </option>
        ))}
      </select>
    </>
  );
}

export function ManifestPane({ embed }: { embed: boolean }) {
  const text = useStore(appStore, (s) => s.manifestText);
  const parsed = useStore(appStore, (s) => s.parsed);
  const presenter = useStore(appStore, (s) => s.presenter);
  const component = useStore(appStore, (s) => s.component);
  const dark = useColorScheme() === 'dark';
  const reveal = useRef<((line: number, column: number) => void) | null>(null);
  const amend = useStore(appStore, (s) => s.manifestAmend);
  // null until Monaco is there (the plain textarea never traps Tab).
  const [tabMovesFocus, setTabMovesFocus] = useState<boolean | null>(null);
  const onChange = useCallback((v: string) => {
    appStore.set({ manifestFile: null });
    setManifestText(v);
  }, []);
  const onRun = useCallback(() => void run(), []);
  // The plain textarea stays mounted (focus and typing kept) until Monaco's chunk has arrived;
  // if it never does (offline dev server, blocked), the textarea simply stays.
  const [Editor, setEditor] = useState<MonacoEditor | null>(null);
  useEffect(
    () =>
      onEditorMayLoad(() => {
        loadEditor().then(
          (loaded) => setEditor(() => loaded),
          () => undefined,
        );
      }),
    [],
  );
  /** Whether the user is in the plain editor when Monaco replaces it: focus follows. */
  const plainFocused = useRef(false);
  const onReady = useCallback((fn: (line: number, column: number) => void) => {
    reveal.current = fn;
    if (plainFocused.current) fn(1, 1);
  }, []);
  const onPlainFocus = useCallback(() => {
    plainFocused.current = true;
    allowEditorLoad();
  }, []);
  useEffect(() => {
    registerEditorFocus((line) => {
      if (reveal.current) reveal.current(line, 1000);
      else document.querySelector<HTMLTextAreaElement>('.plain-editor')?.focus();
    });
    return () => registerEditorFocus(null);
  }, []);
  const diagnostics = parsed.ok ? parsed.warnings : parsed.diagnostics;
  const plain = (
    <PlainEditor
      value={text}
      onChange={onChange}
      onFocus={onPlainFocus}
      onBlur={() => (plainFocused.current = false)}
    />
  );
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;

  return (
    <section className="pane manifest-pane" aria-label="Manifest editor">
      <div className="pane-header">
        <h2 className="pane-title">Manifest</h2>
        {!embed && <ManifestPicker />}
        <ReferenceButton />
        <div className="pane-spacer" />
        {component && (
          <span className="component-chip" title={component.prepared?.hash}>
            <code>{component.name}</code>
            {component.prepared && (
              <>
                {' · '}
                {formatBytes(component.prepared.size)}
                {' · '}
                {component.prepared.kind === 'component' ? 'component' : 'preview1, adapted'}
              </>
            )}
            {component.status === 'loading' && ' · preparing…'}
            {component.status === 'error' && <span className="text-bad"> · cannot run</span>}
          </span>
        )}
      </div>
      <div className="editor-host">
        {!Editor ? (
          plain
        ) : (
          <EditorBoundary fallback={plain}>
            <Editor
              value={text}
              amend={amend}
              onTabModeChange={setTabMovesFocus}
              onChange={onChange}
              diagnostics={diagnostics}
              onRun={onRun}
              dark={dark}
              fontSize={presenter ? 17 : 13}
              onReady={onReady}
            />
          </EditorBoundary>
        )}
      </div>
      {tabMovesFocus !== null && (
        <p className="editor-keys" id="editor-keys">
          {tabMovesFocus ? (
            <>
              <kbd>Tab</kbd> moves to the next control · <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab indents
              instead · <kbd>Tab</kbd> accepts a suggestion
            </>
          ) : (
            <>
              <kbd>Tab</kbd> indents · <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab moves to the next control
              again
            </>
          )}
        </p>
      )}
      <div
        className={`problems${errors ? ' has-errors' : ''}`}
        aria-label="Manifest problems"
        role="group"
      >
        {diagnostics.length === 0 ? (
          <span className="problems-ok">
            <span aria-hidden="true">✓</span> Manifest is valid
            {parsed.ok && (
              <span className="muted">
                {' '}
                · deny by default: anything not written here is refused
              </span>
            )}
          </span>
        ) : (
          <>
            <span className="problems-count">
              {errors > 0 && `${errors} error${errors > 1 ? 's' : ''}`}
              {errors > 0 && warnings > 0 && ', '}
              {warnings > 0 && `${warnings} warning${warnings > 1 ? 's' : ''}`}
            </span>
            <ul className="problems-list">
              {diagnostics.slice(0, 20).map((d, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className={`problem p-${d.severity}`}
                    onClick={() => reveal.current?.(d.line, d.column)}
                    title="Go to the problem"
                  >
                    <span aria-hidden="true">{d.severity === 'error' ? '✕' : '⚠'}</span>
                    <span className="problem-pos">
                      {d.line}:{d.column}
                    </span>
                    <span className="problem-msg">{d.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
