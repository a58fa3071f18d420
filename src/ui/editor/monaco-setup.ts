/**
 * Monaco, bundled (no CDN): the editor core, the JSON language feature, their workers as Vite
 * `?worker` chunks, the manifest's JSON Schema (completion and hover docs), and Airlock's
 * themes. Imported only by the lazily loaded editor.
 */
import * as monaco from 'monaco-editor/editor';
// The editor API alone has no contributions: hover, suggest, find, folding, format… are
// features that must be loaded before an editor is created, or that editor never gets them.
import 'monaco-editor/features/register.all';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { manifestJsonSchema } from '../../manifest/json-schema';

export const MANIFEST_URI = 'inmemory://airlock/manifest.jsonc';
const SCHEMA_URI = 'airlock://schema/manifest-v1.json';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: true,
  comments: 'ignore',
  trailingCommas: 'ignore',
  enableSchemaRequest: false,
  schemas: [{ uri: SCHEMA_URI, fileMatch: [MANIFEST_URI], schema: manifestJsonSchema() }],
});
// Airlock's own validator (parseManifest) owns the markers: the JSON worker would duplicate
// them with less precise words. Completion and hovers still come from the schema.
jsonDefaults.setModeConfiguration({
  documentFormattingEdits: true,
  documentRangeFormattingEdits: true,
  completionItems: true,
  hovers: true,
  documentSymbols: true,
  tokens: true,
  colors: false,
  foldingRanges: true,
  diagnostics: false,
  selectionRanges: true,
});

monaco.editor.defineTheme('airlock-light', {
  base: 'vs',
  inherit: true,
  rules: [{ token: 'comment', foreground: '5c6570', fontStyle: 'italic' }],
  colors: {
    'editor.background': '#ffffff',
    // At least 4.5:1 against the gutter (WCAG AA), as every other text on the page.
    'editorLineNumber.foreground': '#5c6570',
    'editorLineNumber.activeForeground': '#1f2328',
    'editorGutter.background': '#fafbfc',
    'editor.lineHighlightBackground': '#f3f6fa',
  },
});
monaco.editor.defineTheme('airlock-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '8b949e', fontStyle: 'italic' }],
  colors: {
    'editor.background': '#1b1c1f',
    'editorGutter.background': '#1b1c1f',
    'editorLineNumber.foreground': '#9aa1ab',
    'editorLineNumber.activeForeground': '#e3e5e8',
    'editor.lineHighlightBackground': '#23252a',
  },
});

export { monaco };
