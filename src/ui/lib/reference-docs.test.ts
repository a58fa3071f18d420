/** docs/manifest.md (shown by the page's Reference button) documents every manifest field. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestObjectSchema, mountSchema } from '../../manifest/schema';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/manifest.md'), 'utf8');
const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('docs/manifest.md', () => {
  it('has a section for every field of the schema', () => {
    const headings = [...doc.matchAll(/^### (.*)$/gm)].map((m) => m[1]!);
    for (const field of Object.keys(manifestObjectSchema.shape)) {
      expect(
        headings.some((h) => h.includes(`\`${field}\``)),
        field,
      ).toBe(true);
    }
    for (const key of Object.keys(mountSchema.shape)) expect(doc).toContain(`| \`${key}\` |`);
  });

  it('covers the event format, the URL parameters and the CLI, and the README links it', () => {
    for (const s of [
      '## Verdicts and the event format',
      '## URL parameters',
      '## The command line',
    ])
      expect(doc).toContain(s);
    for (const p of ['?autorun=1', '?embed=1', '?sample=', '#s=v1.']) expect(doc).toContain(p);
    for (const f of ['--manifest', '--dir', '--env', '--stdin', '--trace'])
      expect(doc).toContain(f);
    expect(readme).toContain('(docs/manifest.md)');
  });
});
