/**
 * The manifest editor proper (lazy chunk): Monaco in JSON-with-comments mode with the manifest
 * schema, Airlock's diagnostics as markers at their exact positions, and Ctrl+Enter to run.
 */
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../manifest/parse';
import { MANIFEST_URI, monaco } from './monaco-setup';

export interface EditorProps {
  value: string;
  onChange: (text: string) => void;
  diagnostics: readonly Diagnostic[];
  onRun: () => void;
  dark: boolean;
  fontSize: number;
  /** Receives a function that moves the cursor to a position (for the problems list). */
  onReady?: (reveal: (line: number, column: number) => void) => void;
}

export default function MonacoManifestEditor({
  value,
  onChange,
  diagnostics,
  onRun,
  dark,
  fontSize,
  onReady,
}: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onRun });
  /** True while the text is replaced from outside: that is not an edit by the user. */
  const applying = useRef(false);
  useEffect(() => {
    latest.current = { onChange, onRun };
  });

  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.parse(MANIFEST_URI);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'json', uri);
    if (model.getValue() !== value) model.setValue(value);
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
    }
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
