import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/schema';
import { applyChanges, applyChangesToManifest, applicationOrder, type Change } from './changes';

function change(partial: Omit<Change, 'id' | 'kind' | 'description'> & { id?: string }): Change {
  return {
    id: partial.id ?? JSON.stringify(partial.path),
    kind: 'grant',
    description: '',
    ...partial,
  };
}

function manifestOf(text: string): Manifest {
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return parsed.manifest;
}

const LIST_DIRS = `// Each mount becomes one preopened directory.
{
  "mounts": [
    {
      "guest": "/data",
      "access": "read-only", // the default
      "files": {
        // A key ending in "/" makes an empty directory.
        "images/": {}
      }
    },
    {
      // An empty, writable scratch directory.
      "guest": "/out",
      "access": "read-write"
    }
  ]
}
`;

describe('applyChanges', () => {
  it('keeps every comment that does not belong to a removed entry', () => {
    const out = applyChanges(LIST_DIRS, [
      change({ path: ['mounts', 1], op: 'remove' }),
      change({ path: ['mounts', 0, 'access'], op: 'set', value: 'read-write' }),
    ]);
    expect(out).toBe(`// Each mount becomes one preopened directory.
{
  "mounts": [
    {
      "guest": "/data",
      "access": "read-write", // the default
      "files": {
        // A key ending in "/" makes an empty directory.
        "images/": {}
      }
    }
  ]
}
`);
  });

  it('removes the first element with its own comments, not the next one', () => {
    const text = `{
  "mounts": [
    // first
    { "guest": "/a" },
    // second
    { "guest": "/b" }
  ]
}`;
    expect(applyChanges(text, [change({ path: ['mounts', 0], op: 'remove' })])).toBe(`{
  "mounts": [
    // second
    { "guest": "/b" }
  ]
}`);
  });

  it('removes a property with the comment block above it and the comma before it', () => {
    const text = `{
  // argv after the program name.
  "args": ["--verbose"],

  // The ONLY environment variables the guest can see.
  // (two lines of comment)
  "env": { "NAME": "Ada" }

  // stdout and stderr are granted by default.
}`;
    expect(applyChanges(text, [change({ path: ['env'], op: 'remove' })])).toBe(`{
  // argv after the program name.
  "args": ["--verbose"]

  // stdout and stderr are granted by default.
}`);
  });

  it('edits inline arrays and objects inline', () => {
    const text = `{ "http": { "allow": ["https://a.org", "https://b.org"] }, "mounts": [{ "guest": "/d" }] }`;
    const out = applyChanges(text, [
      change({ path: ['http', 'allow', 0], op: 'remove' }),
      change({ path: ['http', 'allow'], op: 'append', value: 'https://c.org' }),
      change({ path: ['mounts', 0, 'access'], op: 'set', value: 'read-write' }),
    ]);
    expect(out).toBe(
      `{ "http": { "allow": ["https://b.org", "https://c.org"] }, "mounts": [{ "guest": "/d", "access": "read-write" }] }`,
    );
  });

  it('creates missing parents with two-space indentation', () => {
    const text = `// a comment
{
  "args": ["x"] // trailing comment
}
`;
    const out = applyChanges(text, [
      change({ path: ['clocks', 'wall'], op: 'set', value: 'real' }),
      change({ path: ['http', 'allow'], op: 'append', value: 'https://a.org' }),
    ]);
    expect(out).toBe(`// a comment
{
  "args": ["x"], // trailing comment
  "clocks": {
    "wall": "real"
  },
  "http": {
    "allow": [
      "https://a.org"
    ]
  }
}
`);
  });

  it('writes into an empty manifest and into empty text', () => {
    expect(applyChanges('{}', [change({ path: ['random'], op: 'set', value: 'real' })])).toBe(
      '{\n  "random": "real"\n}',
    );
    expect(
      applyChanges('// only a comment\n', [change({ path: ['random'], op: 'set', value: 'real' })]),
    ).toBe('// only a comment\n{\n  "random": "real"\n}\n');
  });

  it('collapses a container emptied by removals', () => {
    const text = `{
  "http": {
    "allow": [
      "https://a.org"
    ]
  }
}`;
    expect(applyChanges(text, [change({ path: ['http', 'allow', 0], op: 'remove' })])).toBe(
      `{
  "http": {
    "allow": []
  }
}`,
    );
  });

  it('keeps CRLF line ends', () => {
    const text = '{\r\n  "args": ["a"],\r\n  // env\r\n  "env": { "A": "1" }\r\n}\r\n';
    const out = applyChanges(text, [
      change({ path: ['env'], op: 'remove' }),
      change({ path: ['random'], op: 'set', value: 'real' }),
    ]);
    expect(out).toBe('{\r\n  "args": ["a"],\r\n  "random": "real"\r\n}\r\n');
  });

  it('skips a change whose target is already gone', () => {
    expect(applyChanges('{ "args": [] }', [change({ path: ['env'], op: 'remove' })])).toBe(
      '{ "args": [] }',
    );
  });

  it('sets before appending before removing, highest index first', () => {
    const order = applicationOrder([
      change({ id: 'r0', path: ['mounts', 0], op: 'remove' }),
      change({ id: 'a', path: ['http', 'allow'], op: 'append', value: 'x' }),
      change({ id: 'r2', path: ['mounts', 2], op: 'remove' }),
      change({ id: 's', path: ['mounts', 1, 'access'], op: 'set', value: 'read-only' }),
    ]).map((c) => c.id);
    expect(order).toEqual(['s', 'a', 'r2', 'r0']);
  });

  it('agrees with applyChangesToManifest for any subset of changes (property)', () => {
    const all: Change[] = [
      change({ id: '1', path: ['mounts', 1], op: 'remove' }),
      change({ id: '2', path: ['mounts', 0, 'access'], op: 'set', value: 'read-write' }),
      change({ id: '3', path: ['mounts', 0], op: 'remove' }),
      change({ id: '4', path: ['http', 'allow'], op: 'append', value: 'https://a.org' }),
      change({ id: '5', path: ['http', 'allow'], op: 'append', value: 'https://b.org:8443' }),
      change({ id: '6', path: ['random'], op: 'set', value: { seed: 7 } }),
      change({ id: '7', path: ['clocks', 'monotonic'], op: 'set', value: 'real' }),
      change({ id: '8', path: ['env'], op: 'remove' }),
    ];
    const text = LIST_DIRS.replace('"mounts"', '"env": { "A": "1" },\n  "mounts"');
    const original = manifestOf(text);
    fc.assert(
      fc.property(fc.subarray(all), (subset) => {
        const edited = applyChanges(text, subset);
        expect(manifestOf(edited)).toEqual(applyChangesToManifest(original, subset));
        // Comments outside removed entries survive.
        expect(edited).toContain('// Each mount becomes one preopened directory.');
      }),
      { numRuns: 120 },
    );
  });
});

describe('applyChangesToManifest', () => {
  it('does not touch its argument', () => {
    const manifest: Manifest = { mounts: [{ guest: '/a' }], env: { A: '1' } };
    const out = applyChangesToManifest(manifest, [
      change({ path: ['mounts', 0, 'access'], op: 'set', value: 'read-write' }),
      change({ path: ['env'], op: 'remove' }),
    ]);
    expect(manifest).toEqual({ mounts: [{ guest: '/a' }], env: { A: '1' } });
    expect(out).toEqual({ mounts: [{ guest: '/a', access: 'read-write' }] });
  });
});
