import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import { exportWasmtime } from './wasmtime';
import { importWasmtimeCommand, parseWasmtimeDuration } from './import-wasmtime';
import { tokenizeShell } from './shell';

function imported(cmd: string) {
  const r = importWasmtimeCommand(cmd);
  const p = parseManifest(r.manifestText);
  if (!p.ok)
    throw new Error(`not a valid manifest:\n${r.manifestText}\n${JSON.stringify(p.diagnostics)}`);
  return { ...r, manifest: p.manifest };
}

describe('importWasmtimeCommand', () => {
  it('a full command (golden)', () => {
    const cmd = `printf '%s' 'hi there' | wasmtime run -S http,inherit-network -Wtimeout=10s,max-memory-size=67108864 --dir ./data::/data --dir=out --env NAME="Ada L" --env HOME --invoke main --frob app.wasm --verbose "two words" > out.txt`;
    const r = imported(cmd);
    expect(r.manifestText).toBe(`// Imported from a wasmtime command line:
//   ${cmd}
// Component: app.wasm (choose it with "Upload component").
{
  "args": ["--verbose", "two words"],
  "env": {
    "NAME": "Ada L",
    "HOME": ""
  },
  "stdin": "hi there",
  "mounts": [
    // --dir ./data::/data: wasmtime grants read and write. The host's files are not copied: add seed files under "files".
    { "guest": "/data", "access": "read-write" },
    // --dir out: wasmtime grants read and write. The host's files are not copied: add seed files under "files".
    { "guest": "out", "access": "read-write" }
  ],
  // wasmtime always gives the guest the real clocks and random bytes; "deny" is tighter.
  "clocks": { "wall": "real", "monotonic": "real" },
  "random": "real",
  // -S http lets the guest call any host. List the origins it may call, e.g. "https://api.example.com".
  "http": { "allow": [] },
  "limits": { "timeoutMs": 10000, "maxMemoryMiB": 64 }
}
`);
    expect(r.component).toBe('app.wasm');
    expect(r.warnings).toEqual([
      'The output redirection "> out.txt" was ignored; Airlock shows output in the Output panel.',
      '-S inherit-network: a browser has no raw sockets, so sockets stay denied ("sockets": "deny").',
      '--env HOME inherits HOME from the host, and the browser has no host environment: fill in its value.',
      "--invoke main was ignored: Airlock runs the component's wasi:cli/run export.",
      'Unknown option --frob; it was ignored.',
      '-S http lets the guest call any host; Airlock allows only listed origins, so add them to "http.allow".',
      'The files of host directories are not copied: add the ones the guest needs as seed files ("files" in each mount).',
    ]);
  });

  it('quotes, escapes and line continuations', () => {
    const r = imported(
      `wasmtime run \\\n  --env 'A=single '"'"'quoted'"'" \\\n  --env "B=dq \\"x\\" \\$y" \\\n  --env C=back\\ slash \\\n  app.wasm 'a b' "c d" e\\ f`,
    );
    expect(r.manifest.env).toEqual({ A: "single 'quoted'", B: 'dq "x" $y', C: 'back slash' });
    expect(r.manifest.args).toEqual(['a b', 'c d', 'e f']);
  });

  it('--dir forms: same name, relative guest, ".", ::ro, legacy --mapdir', () => {
    const r = imported(
      'wasmtime run --dir /tmp --dir ./host::fs-tests.dir --dir .::. --dir a::/ro::ro --mapdir /guest::./host2 x.wasm',
    );
    expect(r.manifest.mounts).toEqual([
      { guest: '/tmp', access: 'read-write' },
      { guest: 'fs-tests.dir', access: 'read-write' },
      { guest: '.', access: 'read-write' },
      { guest: '/ro', access: 'read-only' },
      { guest: '/guest', access: 'read-write' },
    ]);
    expect(r.warnings.some((w) => w.includes('::ro'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('--mapdir is the old form'))).toBe(true);
  });

  it("arguments after the component are the guest's, flags included", () => {
    const r = imported('wasmtime run app.wasm --dir /etc -S http');
    expect(r.manifest.args).toEqual(['--dir', '/etc', '-S', 'http']);
    expect(r.manifest.mounts).toBeUndefined();
    expect(r.manifest.http).toBeUndefined();
  });

  it('-- ends the options', () => {
    const r = imported('wasmtime run --env A=1 -- -weird-name.wasm x');
    expect(r.component).toBe('-weird-name.wasm');
    expect(r.manifest.args).toEqual(['x']);
  });

  it('implicit run, a path to wasmtime, echo into stdin, < /dev/null', () => {
    expect(imported('/usr/local/bin/wasmtime app.wasm').component).toBe('app.wasm');
    expect(imported('echo hello | wasmtime run app.wasm').manifest.stdin).toBe('hello\n');
    expect(imported('echo -n hello | wasmtime app.wasm').manifest.stdin).toBe('hello');
    expect(imported('printf "a\\nb" | wasmtime app.wasm').manifest.stdin).toBe('a\nb');
    const closed = imported('wasmtime run app.wasm < /dev/null');
    expect(closed.manifest.stdin).toBeUndefined();
    expect(closed.warnings).toEqual([]);
    expect(imported('cat in.txt | wasmtime run app.wasm').warnings[0]).toMatch(
      /stdin comes from "cat in.txt"/,
    );
    expect(imported('wasmtime run app.wasm < in.txt').warnings[0]).toMatch(
      /stdin is read from the file "in.txt"/,
    );
  });

  it('-S and -W spellings', () => {
    expect(imported('wasmtime run -Shttp app.wasm').manifest.http).toEqual({ allow: [] });
    expect(imported('wasmtime run --wasi http=y app.wasm').manifest.http).toEqual({ allow: [] });
    expect(imported('wasmtime run --wasi=http=n app.wasm').manifest.http).toBeUndefined();
    expect(imported('wasmtime run -W timeout=1500ms app.wasm').manifest.limits).toEqual({
      timeoutMs: 1500,
    });
    expect(imported('wasmtime run --wasm timeout=2 app.wasm').manifest.limits).toEqual({
      timeoutMs: 2000,
    });
    expect(imported('wasmtime run --wasm-timeout 1m app.wasm').manifest.limits).toEqual({
      timeoutMs: 60000,
    });
    const big = imported('wasmtime run -W timeout=1h,max-memory-size=1000 app.wasm');
    expect(big.manifest.limits).toEqual({ timeoutMs: 600000, maxMemoryMiB: 1 });
    expect(big.warnings.some((w) => /outside Airlock's range/.test(w))).toBe(true);
    expect(big.warnings.some((w) => /rounded to 1 MiB/.test(w))).toBe(true);
    const odd = imported(
      'wasmtime run -S inherit-env,nn -W fuel=100,bogus -O opt-level=2 -Ccache=n app.wasm',
    );
    expect(odd.warnings).toEqual([
      '-S inherit-env: the browser has no host environment to inherit; list the variables in "env".',
      '-S nn is not available in Airlock; it was ignored.',
      '-W fuel: Airlock limits a run by time (limits.timeoutMs), not fuel; it was ignored.',
      '-W bogus has no effect in Airlock; it was ignored.',
      'Compilation, debugging and recording options (-O, -C, -D, -R) have no effect in Airlock; they were ignored.',
    ]);
  });

  it('Windows pastes keep their backslashes', () => {
    const r = imported('wasmtime.exe run ^\n  --dir C:\\work\\data::/data ^\n  app.wasm');
    expect(r.manifest.mounts).toEqual([{ guest: '/data', access: 'read-write' }]);
    expect(r.manifestText).toContain('--dir C:\\work\\data::/data');
  });

  it('never throws, always returns a manifest that parses', () => {
    const inputs = [
      '',
      'wasmtime',
      'ls -la',
      "wasmtime run 'unterminated",
      'wasmtime run "unterminated',
      'wasmtime run --dir',
      'wasmtime compile app.wasm',
      'wasmtime serve proxy.wasm',
      'wasmtime run --env = app.wasm',
      'wasmtime run --dir ::: app.wasm',
      '\u0000\u2028*/ wasmtime run app.wasm',
      'x'.repeat(200_000),
    ];
    for (const input of inputs) {
      const r = imported(input);
      expect(Array.isArray(r.warnings)).toBe(true);
    }
    expect(imported('ls -la').warnings[0]).toMatch(/not a wasmtime command/);
    expect(imported("wasmtime run 'oops").warnings[0]).toMatch(/Unclosed single quote/);
  });

  it('what wasmtime export writes, import reads back', () => {
    const m = {
      args: ['--flag', 'two words'],
      env: { A: "it's", B: '' },
      mounts: [{ guest: '/data', access: 'read-write' as const }],
      http: { allow: ['https://example.com'] },
      limits: { timeoutMs: 1500, maxMemoryMiB: 64 },
    };
    const back = imported(exportWasmtime(m, { component: 'app.wasm' }).text).manifest;
    expect(back.args).toEqual(m.args);
    expect(back.env).toEqual(m.env);
    expect(back.mounts).toEqual(m.mounts);
    expect(back.limits).toEqual(m.limits);
    expect(back.http).toEqual({ allow: [] });
  });
});

describe('helpers', () => {
  it('parseWasmtimeDuration', () => {
    expect(parseWasmtimeDuration('5')).toBe(5000);
    expect(parseWasmtimeDuration('250ms')).toBe(250);
    expect(parseWasmtimeDuration('1m 30s')).toBe(90000);
    expect(parseWasmtimeDuration('1.5s')).toBe(1500);
    expect(parseWasmtimeDuration('soon')).toBeNull();
    expect(parseWasmtimeDuration('')).toBeNull();
    expect(parseWasmtimeDuration('5 parsecs')).toBeNull();
  });

  it('tokenizeShell operators and comments', () => {
    const r = tokenizeShell('a "b c" 2>/dev/null | d # comment\ne');
    expect(r.ok && r.tokens.map((t) => (t.operator ? `<${t.value}>` : t.value))).toEqual([
      'a',
      'b c',
      '<2>>',
      '/dev/null',
      '<|>',
      'd',
      'e',
    ]);
  });
});
