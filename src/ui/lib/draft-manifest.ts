/**
 * The manifest an uploaded component starts with: deny by default (it grants nothing but
 * stdout and stderr), named for the upload, and drafted from its imports: each capability the
 * component asks for is listed with the field that grants it, as a commented-out line to enable.
 * Pure.
 */
import { askedVsGranted } from './capabilities';

/** A commented-out example per capability (the field that grants it). */
const EXAMPLES: Record<string, string[]> = {
  environment: ['"args": ["first-argument"],', '"env": { "NAME": "value" },'],
  stdin: ['"stdin": "text the program reads",'],
  filesystem: ['"mounts": [{ "guest": "/data", "files": { "notes.txt": "hi" } }],'],
  'wall-clock': ['"clocks": { "wall": "frozen:2024-01-01T00:00:00Z" },'],
  'monotonic-clock': ['"clocks": { "monotonic": "real" },'],
  random: ['"random": { "seed": 42 },'],
  http: ['"http": { "allow": ["https://example.com"] },'],
  sockets: ['"sockets": "deny",'],
};

const BOTH_CLOCKS = ['"clocks": { "wall": "frozen:2024-01-01T00:00:00Z", "monotonic": "real" },'];

/** The text of the manifest while the component's imports are still being read. */
export function pendingDraft(name: string): string {
  return [
    `// Manifest for ${name} (uploaded).`,
    '// Deny by default: it grants stdout',
    '// and stderr, nothing else.',
    `// Reading what ${name} imports…`,
    '{}',
    '',
  ].join('\n');
}

/**
 * The drafted manifest for a component called `name` with these (versionless) imports.
 * It parses to `{}`: every grant is a comment until the user enables it.
 */
export function draftManifest(name: string, imports: readonly string[]): string {
  const rows = askedVsGranted(imports, {}).filter(
    (r) => r.status === 'asked-not-granted' || r.status === 'unknown',
  );
  const lines = [
    `// Manifest for ${name} (uploaded).`,
    '// Deny by default: it grants stdout',
    '// and stderr, nothing else.',
  ];
  const grantable = rows.filter((r) => r.status === 'asked-not-granted');
  const unknown = rows.filter((r) => r.status === 'unknown');
  if (grantable.length === 0 && unknown.length === 0) {
    lines.push(`// ${name} imports nothing else that a manifest grants.`, '{}', '');
    return lines.join('\n');
  }
  if (grantable.length) {
    lines.push(`// ${name} imports (field that grants it):`);
    for (const r of grantable) {
      const field = (r.field ?? '').replaceAll(' / ', ', ');
      for (const i of r.imports) lines.push(`//   ${i} (${field})`);
    }
  }
  if (unknown.length) {
    lines.push('// Imports Airlock does not provide (the component will not start):');
    for (const r of unknown) lines.push(`//   ${r.label}`);
  }
  lines.push(
    '// To grant one, remove the // before',
    '// its line below. Every field, with its',
    '// default: docs/manifest.md',
    '{',
  );
  const examples: string[] = [];
  const seen = new Set<string>();
  const ids = new Set(grantable.map((r) => r.id));
  // Both clocks: one "clocks" field (two would be a duplicate key).
  const both = ids.has('wall-clock') && ids.has('monotonic-clock');
  for (const r of grantable) {
    const lines = both && r.id.endsWith('-clock') ? BOTH_CLOCKS : (EXAMPLES[r.id] ?? []);
    for (const ex of lines) {
      if (!seen.has(ex)) {
        seen.add(ex);
        examples.push(`  // ${ex}`);
      }
    }
  }
  lines.push(...examples, '}', '');
  return lines.join('\n');
}
