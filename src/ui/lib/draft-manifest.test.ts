import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import { askedVsGranted } from './capabilities';
import { draftManifest, pendingDraft } from './draft-manifest';

const ALL = [
  'wasi:cli/environment',
  'wasi:cli/stdin',
  'wasi:cli/stdout',
  'wasi:filesystem/types',
  'wasi:filesystem/preopens',
  'wasi:clocks/wall-clock',
  'wasi:clocks/monotonic-clock',
  'wasi:random/random',
  'wasi:http/outgoing-handler',
  'wasi:io/streams',
];

/** Removes the `// ` before every commented-out field line inside the object. */
function enableAll(text: string): string {
  return text.replace(/^ {2}\/\/ ("[a-z]+":)/gm, '  $1');
}

describe('draftManifest', () => {
  it('grants nothing (parses to {}) and names the upload', () => {
    const text = draftManifest('tool.wasm', ALL);
    const parsed = parseManifest(text);
    expect(parsed.ok && parsed.manifest).toEqual({});
    expect(text).toContain('Manifest for tool.wasm');
    expect(text).toContain('wasi:filesystem/types');
  });

  it('lists one line per asked capability; enabling them all grants every one', () => {
    const text = enableAll(draftManifest('tool.wasm', ALL));
    const parsed = parseManifest(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const rows = askedVsGranted(ALL, parsed.manifest).filter((r) => r.status !== 'always');
    expect(rows.map((r) => [r.id, r.status])).toEqual(rows.map((r) => [r.id, 'granted']));
  });

  it('offers nothing to grant to a component that only writes', () => {
    const text = draftManifest('quiet.wasm', ['wasi:cli/stdout', 'wasi:io/streams']);
    expect(text).not.toContain('"args"');
    expect(parseManifest(text).ok).toBe(true);
  });

  it('names imports Airlock does not provide', () => {
    expect(draftManifest('x.wasm', ['acme:thing/api'])).toContain('acme:thing/api');
  });

  it('the pending draft is a valid, empty manifest', () => {
    const parsed = parseManifest(pendingDraft('x.wasm'));
    expect(parsed.ok && parsed.manifest).toEqual({});
  });
});
