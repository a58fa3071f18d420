import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../manifest/schema';
import {
  componentFileName,
  exportManifest,
  exportSpin,
  exportWasiVirt,
  exportWassette,
  exportWasmtime,
  EXPORT_FORMATS,
  spinComponentId,
  wasmtimeDuration,
} from './index';
import { shellQuote } from './shell';

/** A manifest that uses every field. */
const FULL: Manifest = {
  args: ['--name', 'Ada Lovelace'],
  env: { GREETING: "it's me", EMPTY: '' },
  stdin: 'line one\nline two\n',
  mounts: [
    {
      guest: '/data',
      access: 'read-only',
      files: { 'in.txt': 'hello\n', 'img.bin': { base64: 'AAEC' }, 'sub/dir/': {} },
    },
    { guest: '/out', access: 'read-write' },
  ],
  clocks: { wall: 'frozen:2024-01-01T00:00:00Z', monotonic: 'real' },
  random: { seed: 42 },
  http: {
    allow: ['https://api.example.com', 'https://*.example.org:8443'],
    mock: { 'https://api.example.com/v1': { status: 200, body: 'ok' } },
  },
  limits: { timeoutMs: 2500 },
  onDenied: 'trap',
  cwd: '/data',
};

const OPTIONS = { component: 'greet.wasm', files: { '/out/seed.txt': 'x', '/etc/passwd': 'no' } };

const SETUP = `mkdir -p data/sub/dir out
printf '%s' 'hello
' > data/in.txt
printf '%s' AAEC | base64 -d > data/img.bin
printf '%s' x > out/seed.txt
`;

/** Airlock's defaults: clocks and random denied, 5 s, 1 MiB of output, 256 MiB. */
const DENY_ALL: Manifest = {};

describe('wasmtime run', () => {
  it('full manifest (golden)', () => {
    const r = exportWasmtime(FULL, OPTIONS);
    expect(r.text).toBe(`printf '%s' 'line one
line two
' | wasmtime run \\
  -S http \\
  -W timeout=2500ms \\
  -W max-memory-size=268435456 \\
  --dir ./data::/data \\
  --dir ./out::/out \\
  --env 'GREETING=it'\\''s me' \\
  --env EMPTY= \\
  greet.wasm --name 'Ada Lovelace'`);
    expect(r.setup).toBe(SETUP);
    expect(r.unsupported).toEqual([
      'http.allow: wasmtime\'s -S http lets the guest call any host; it cannot limit requests to "https://api.example.com", "https://*.example.org:8443".',
      'mounts[0] "/data" is read-only, but wasmtime\'s --dir always grants read and write: the guest could change ./data.',
      'clocks.wall "frozen:2024-01-01T00:00:00Z": wasmtime has no frozen clock; the guest sees the real time.',
      'random { "seed": … }: wasmtime has no seeded random; every run gets different bytes.',
      'http.mock (1 URL): wasmtime has no canned responses; those requests would go to the real network (or fail).',
      'limits.maxOutputBytes (1048576): wasmtime has no limit on output.',
      'cwd "/data": wasmtime has no setting for the initial working directory.',
      'onDenied: "trap": wasmtime returns the error code to the guest; it cannot stop at the first denied call.',
      'files["/etc/passwd"]: it lies outside every mount, so the guest cannot see it; it is left out.',
    ]);
  });

  it('empty manifest: closed stdin, default limits, and the clocks/random it cannot deny', () => {
    const r = exportWasmtime(DENY_ALL);
    expect(r.text).toBe(
      'wasmtime run -W timeout=5s -W max-memory-size=268435456 component.wasm < /dev/null',
    );
    expect(r.setup).toBe('');
    expect(r.unsupported).toEqual([
      'clocks: wasmtime always gives the guest the real wall and monotonic clocks; the manifest denies both.',
      'random: wasmtime always gives the guest random bytes; the manifest denies them.',
      'limits.maxOutputBytes (1048576): wasmtime has no limit on output.',
    ]);
  });

  it('interactive stdin inherits the terminal; real clocks and random are faithful', () => {
    const r = exportWasmtime({
      stdin: { interactive: true },
      clocks: { wall: 'real', monotonic: 'real' },
      random: 'real',
    });
    expect(r.text).toBe('wasmtime run -W timeout=5s -W max-memory-size=268435456 component.wasm');
    expect(r.unsupported).toEqual([
      'limits.maxOutputBytes (1048576): wasmtime has no limit on output.',
    ]);
  });

  it('mocks alone still need -S http; stdout/stderr false are reported', () => {
    const r = exportWasmtime({
      http: { mock: { 'https://x.test/': { status: 204 } } },
      stdout: false,
      stderr: false,
    });
    expect(r.text).toContain('-S http');
    expect(r.unsupported).toContain(
      'stdout: false: wasmtime always connects stdout; writes succeed instead of failing.',
    );
    expect(r.unsupported).toContain(
      'stderr: false: wasmtime always connects stderr; writes succeed instead of failing.',
    );
  });

  it('durations in wasmtime syntax', () => {
    expect(wasmtimeDuration(5000)).toBe('5s');
    expect(wasmtimeDuration(1500)).toBe('1500ms');
  });
});

describe('Wassette policy.yaml', () => {
  it('full manifest (golden)', () => {
    const r = exportWassette(FULL, OPTIONS);
    expect(r.text).toBe(`# Wassette policy for greet.wasm, exported from an Airlock manifest
version: "1.0"
description: "Airlock sandbox for greet.wasm"
permissions:
  storage:
    allow:
      - uri: "fs:///data"
        access: ["read"]
      - uri: "fs:///out"
        access: ["read", "write"]
  network:
    allow:
      - host: "api.example.com"
      - host: "*.example.org"
  environment:
    allow:
      - key: "GREETING"
      - key: "EMPTY"
`);
    expect(r.setup).toBe('');
    expect(r.unsupported).toEqual([
      "mounts[0].files: a policy cannot carry file contents; Wassette opens the host's own /data (same path on the host and in the guest), so create its 3 seed files there.",
      'files: a policy cannot carry file contents; create the extra seed files on the host at the same paths.',
      'http.allow: Wassette matches host names only, so every scheme and port of an allowed host is reachable (the manifest also fixes scheme and port).',
      'env: Wassette passes each allowed variable with the value from its own environment (or `wassette secret set`); set GREETING="it\'s me", EMPTY="" there.',
      "args: Wassette calls a component's exported functions as MCP tools; there are no command-line arguments.",
      'stdin: Wassette gives an MCP tool no standard input.',
      'clocks.wall "frozen:2024-01-01T00:00:00Z": Wassette has no frozen clock; the guest sees the real time.',
      'random { "seed": … }: Wassette has no seeded random; every run gets different bytes.',
      'http.mock (1 URL): Wassette has no canned responses; those requests would go to the real network (or fail).',
      'limits.timeoutMs (2500 ms): Wassette has no time limit for the run.',
      'limits.maxOutputBytes (1048576): Wassette has no limit on output.',
      'limits.maxMemoryMiB (256 MiB): Wassette has no memory limit setting here.',
      'cwd "/data": Wassette has no setting for the initial working directory.',
      'onDenied: "trap": Wassette returns the error code to the guest; it cannot stop at the first denied call.',
    ]);
  });

  it('empty manifest grants nothing', () => {
    expect(exportWassette(DENY_ALL).text)
      .toBe(`# Wassette policy for component.wasm, exported from an Airlock manifest
version: "1.0"
description: "Airlock sandbox for component.wasm"
permissions: {}
`);
  });

  it('quotes hostile values as YAML strings', () => {
    const r = exportWassette({ env: { 'A: b\n- key: EVIL': 'v' } }, { component: 'x"y.wasm' });
    expect(r.text).toContain('      - key: "A: b\\n- key: EVIL"');
    expect(r.text).toContain('description: "Airlock sandbox for x\\"y.wasm"');
  });
});

describe('Spin component', () => {
  it('full manifest (golden)', () => {
    const r = exportSpin(FULL, OPTIONS);
    expect(r.text)
      .toBe(`# Spin component exported from an Airlock manifest; add a trigger that names "greet".
[component.greet]
source = "greet.wasm"
allowed_outbound_hosts = ["https://api.example.com", "https://*.example.org:8443"]
files = [
  { source = "data", destination = "/data" },
  { source = "out", destination = "/out" },
]
environment = { GREETING = "it's me", EMPTY = "" }
`);
    expect(r.setup).toBe(SETUP);
    expect(r.unsupported).toEqual([
      'mounts[1] "/out" is read-write, but Spin mounts files read-only: the guest cannot change them.',
      'args: a Spin component is started by a trigger, which does not pass command-line arguments.',
      'stdin: a Spin component has no standard input to feed.',
      'clocks.wall "frozen:2024-01-01T00:00:00Z": Spin has no frozen clock; the guest sees the real time.',
      'random { "seed": … }: Spin has no seeded random; every run gets different bytes.',
      'http.mock (1 URL): Spin has no canned responses; those requests would go to the real network (or fail).',
      'limits.timeoutMs (2500 ms): Spin has no time limit for the run.',
      'limits.maxOutputBytes (1048576): Spin has no limit on output.',
      'limits.maxMemoryMiB (256 MiB): Spin has no memory limit setting here.',
      'cwd "/data": Spin has no setting for the initial working directory.',
      'onDenied: "trap": Spin returns the error code to the guest; it cannot stop at the first denied call.',
      'files["/etc/passwd"]: it lies outside every mount, so the guest cannot see it; it is left out.',
    ]);
  });

  it('empty manifest: no outbound hosts at all', () => {
    expect(exportSpin(DENY_ALL).text)
      .toBe(`# Spin component exported from an Airlock manifest; add a trigger that names "component".
[component.component]
source = "component.wasm"
allowed_outbound_hosts = []
`);
  });

  it('normalises origins, drops default ports, quotes odd keys', () => {
    const r = exportSpin({
      http: { allow: ['HTTPS://API.Example.com:443/', 'http://localhost:8080'] },
      env: { 'my var': 'a"b\\c' },
      mounts: [{ guest: '/' }],
    });
    expect(r.text).toContain(
      'allowed_outbound_hosts = ["https://api.example.com", "http://localhost:8080"]',
    );
    expect(r.text).toContain('environment = { "my var" = "a\\"b\\\\c" }');
    expect(r.text).toContain('files = [{ source = "root", destination = "/" }]');
  });

  it('component ids are kebab-case', () => {
    expect(spinComponentId('HelloWorld.wasm')).toBe('hello-world');
    expect(spinComponentId('2fast_4you.wasm')).toBe('c-2fast-4you');
    expect(spinComponentId('.wasm')).toBe('component');
  });
});

describe('WASI-Virt', () => {
  it('full manifest (golden)', () => {
    const r = exportWasiVirt(FULL, OPTIONS);
    expect(r.text).toBe(`wasi-virt greet.wasm \\
  --allow-exit --stdout=allow --stderr=allow --stdin=allow \\
  --allow-clocks --allow-random --allow-http \\
  -e 'GREETING=it'\\''s me' \\
  -e EMPTY= \\
  --mount /data=./data \\
  --preopen /out=/out \\
  -o greet.virt.wasm`);
    expect(r.setup).toBe(SETUP);
    expect(r.unsupported).toEqual([
      "stdin (text): WASI-Virt cannot embed it; the virtualized component reads the runtime's stdin, so pipe the text in when you run it.",
      'clocks.wall "frozen:2024-01-01T00:00:00Z": WASI-Virt has no frozen clock; the guest sees the real time.',
      'random { "seed": … }: WASI-Virt has no seeded random; every run gets different bytes.',
      'http.allow: WASI-Virt allows or denies HTTP as a whole; it cannot limit requests to the listed origins.',
      'mounts[1] "/out" is read-write: WASI-Virt only embeds read-only directories, so it is passed through to the runtime\'s preopen "/out" (e.g. wasmtime run --dir ./out::/out greet.virt.wasm); seed files must be put there.',
      'args: WASI-Virt does not virtualize arguments; pass them to the runtime that runs the output.',
      'http.mock (1 URL): WASI-Virt has no canned responses; those requests would go to the real network (or fail).',
      'limits.timeoutMs (2500 ms): WASI-Virt has no time limit for the run.',
      'limits.maxOutputBytes (1048576): WASI-Virt has no limit on output.',
      'limits.maxMemoryMiB (256 MiB): WASI-Virt has no memory limit setting here.',
      'cwd "/data": WASI-Virt has no setting for the initial working directory.',
      'onDenied: "trap": WASI-Virt returns the error code to the guest; it cannot stop at the first denied call.',
      'files["/etc/passwd"]: it lies outside every mount, so the guest cannot see it; it is left out.',
    ]);
  });

  it('empty manifest: everything denied, which WASI-Virt can say', () => {
    const r = exportWasiVirt(DENY_ALL);
    expect(r.text).toBe(`wasi-virt component.wasm \\
  --allow-exit --stdout=allow --stderr=allow --stdin=ignore \\
  -o component.virt.wasm`);
    expect(r.unsupported.some((u) => u.startsWith('clocks') || u.startsWith('random'))).toBe(false);
  });

  it('clocks are all or nothing; commas cannot be passed with -e', () => {
    const r = exportWasiVirt({
      clocks: { monotonic: 'real' },
      env: { LIST: 'a,b' },
      stdout: false,
    });
    expect(r.text).toContain('--allow-clocks');
    expect(r.text).toContain('--stdout=deny');
    expect(r.text).not.toContain('LIST');
    expect(r.unsupported).toContain(
      'clocks.wall: WASI-Virt allows both clocks or neither; the wall clock the manifest denies is allowed.',
    );
    expect(r.unsupported.some((u) => u.startsWith('env "LIST"'))).toBe(true);
  });
});

describe('shared helpers', () => {
  it('exportManifest dispatches every listed format', () => {
    for (const f of EXPORT_FORMATS)
      expect(exportManifest(f.id, FULL, OPTIONS).text.length).toBeGreaterThan(0);
  });

  it('componentFileName', () => {
    expect(componentFileName({ kind: 'sample', id: 'read-file' })).toBe('read-file.wasm');
    expect(
      componentFileName({ kind: 'upload', sha256: 'a'.repeat(64), name: 'my app.wasm', size: 1 }),
    ).toBe('my-app.wasm');
    expect(componentFileName({ kind: 'url', url: 'https://x.org/dl/tool%20v2.wasm?x=1' })).toBe(
      'tool-v2.wasm',
    );
    expect(componentFileName({ kind: 'url', url: 'https://x.org/' })).toBe('component.wasm');
    expect(componentFileName(null)).toBe('component.wasm');
  });

  it('shellQuote', () => {
    expect(shellQuote('plain/path-1.wasm')).toBe('plain/path-1.wasm');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's $HOME `x`")).toBe(`'it'\\''s $HOME \`x\`'`);
  });
});
