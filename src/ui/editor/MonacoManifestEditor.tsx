/**
 * The manifest editor proper (lazy chunk): Monaco in JSON-with-comments mode with the manifest
 * schema, Airlock's diagnostics as markers at their exact positions, and Ctrl+Enter to run.
 */
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../manifest/parse';
import { MANIFEST_URI, monaco } from './monaco-setup';
import { takeUndoBase } from './undo-base';

export interface EditorProps {
  value: string;
  /** The new value refines the page's previous replacement: one undo step for both. */
  amend?: boolean;
  onChange: (text: string) => void;
  diagnostics: readonly Diagnostic[];
  onRun: () => void;
  dark: boolean;
  fontSize: number;
  /** Told whether Tab moves focus out (true) or indents (false), at start and on Ctrl+M. */
  onTabModeChange?: (tabMovesFocus: boolean) => void;
  /** Receives a function that moves the cursor to a position (for the problems list). */
  onReady?: (reveal: (line: number, column: number) => void) => void;
}

export default function MonacoManifestEditor({
  value,
  amend = false,
  onChange,
  diagnostics,
  onRun,
  dark,
  fontSize,
  onReady,
  onTabModeChange,
}: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onRun });
  /** True while the text is replaced from outside: that is not an edit by the user. */
  const applying = useRef(false);
  /** The last text set from outside (to know whether the user has edited since). */
  const lastExternal = useRef(value);
  useEffect(() => {
    latest.current = { onChange, onRun };
  });

  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.parse(MANIFEST_URI);
    // A new model starts from the text a page-made change replaced (undo-base.ts), so the edit
    // below makes that change undoable.
    const model =
      monaco.editor.getModel(uri) ??
      monaco.editor.createModel(takeUndoBase(value) ?? value, 'json', uri);
    // The model outlives the editor (the pane can remount, e.g. when an upload drops the
    // lesson): an edit, not setValue, so its undo history (the previous manifest) survives.
    if (model.getValue() !== value) {
      model.pushStackElement();
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
      model.pushStackElement();
    }
    const editor = monaco.editor.create(host.current, {
      model,
      ariaLabel: 'Manifest',
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontFamily:
        'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
      fontSize,
      lineNumbersMinChars: 3,
      tabSize: 2,
      wordWrap: 'on',
      wrappingIndent: 'indent',
      renderLineHighlight: 'line',
      fixedOverflowWidgets: true,
      quickSuggestions: { strings: true, other: true, comments: false },
      // Enter always inserts a new line; a suggestion is accepted with Tab.
      acceptSuggestionOnEnter: 'off',
      // Braces are not closed for the user: typed line by line, an auto-inserted "}" ends up
      // after the user's own and the manifest gains a stray one.
      autoClosingBrackets: 'never',
      // Tab moves focus out of the editor (keyboard users are not trapped); Ctrl+M toggles.
      tabFocusMode: true,
      padding: { top: 6, bottom: 6 },
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
      theme: dark ? 'airlock-dark' : 'airlock-light',
    });
    editorRef.current = editor;
    const sub = model.onDidChangeContent(() => {
      if (!applying.current) latest.current.onChange(model.getValue());
    });
    editor.addAction({
      id: 'airlock.run',
      label: 'Airlock: Run',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => latest.current.onRun(),
    });
    let tabMovesFocus = true;
    onTabModeChange?.(tabMovesFocus);
    // Ctrl+M switches what Tab does (Monaco's own toggle cannot undo the tabFocusMode option).
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM, () => {
      tabMovesFocus = !tabMovesFocus;
      editor.updateOptions({ tabFocusMode: tabMovesFocus });
      onTabModeChange?.(tabMovesFocus);
    });
    onReady?.((line, column) => {
      editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    });
    return () => {
      sub.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // The editor is created once; value/theme/font changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Text set from outside (a sample, a variant, a link) replaces the model's text.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) {
      applying.current = true;
      try {
        // Undo the page's previous replacement first, so one Ctrl+Z goes back past both.
        if (amend && model.getValue() === lastExternal.current && model.canUndo())
          void model.undo();
        editorRef.current!.pushUndoStop();
        model.pushEditOperations(
          [],
          [{ range: model.getFullModelRange(), text: value }],
          () => null,
        );
        editorRef.current!.pushUndoStop();
      } finally {
        applying.current = false;
      }
      lastExternal.current = value;
    }
    // Only the value decides; `amend` describes it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'airlock',
      diagnostics.map((d) => ({
        message: d.message,
        severity:
          d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        startLineNumber: d.line,
        startColumn: d.column,
        endLineNumber: d.endLine,
        endColumn: Math.max(d.endColumn, d.line === d.endLine ? d.column + 1 : d.endColumn),
        source: 'airlock',
      })),
    );
  }, [diagnostics, value]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'airlock-dark' : 'airlock-light');
  }, [dark]);

  useEffect(() => {
    editorRef.current?.updateOptions({ fontSize });
  }, [fontSize]);

  return <div ref={host} className="monaco-host" data-testid="monaco-host" />;
}
