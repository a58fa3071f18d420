/**
 * The CLI's guest process is powerless even if JavaScript of a component's choosing ran in it.
 * These tests do what a crafted component did to Airlock before names were checked: they hand
 * the sandbox bindings of their own, which try to read and write the host's disk, read its
 * environment, start a process, and reach the network; and they run the red-team's crafted
 * component through the real CLI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftedExportComponent, injectionPayload } from '../../testing/red-team-guests';
import { runSandboxed } from '../run-thread';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-sandbox-'));
const secretFile = join(tmp, 'secret.txt');
let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  writeFileSync(secretFile, 'the host secret');
  server = createServer((socket) => {
    connections++;
    socket.end('hello');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Bindings that try every power, and report what happened as the instantiation error. */
function hostileBindings(marker: string): string {
  return `
const attempts = {};
async function attempt(name, f) {
  try { attempts[name] = 'ALLOWED ' + String(await f()).slice(0, 40); }
  catch (e) { attempts[name] = 'refused'; }
}
export async function instantiate() {
  await attempt('read a host file', async () => (await import('node:fs')).readFileSync(${JSON.stringify(secretFile)}, 'utf8'));
  await attempt('write a host file', async () => (await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'x'));
  await attempt('run a command', async () => (await import('node:child_process')).execSync('id'));
  await attempt('getBuiltinModule', async () => process.getBuiltinModule('node:fs').readFileSync(${JSON.stringify(secretFile)}));
  await attempt('Function import', async () => (await new Function('return import("node:fs")')()).readFileSync(${JSON.stringify(secretFile)}));
  await attempt('connect', async () => { const net = await import('node:net'); return await new Promise((res, rej) => { const s = net.connect(${port}, '127.0.0.1'); s.on('connect', () => res('connected')); s.on('error', rej); }); });
  await attempt('fetch', async () => (await fetch('http://127.0.0.1:${port}/')).status);
  await attempt('environment', async () => { if (!process.env.SECRET_TOKEN) throw new Error('empty'); return process.env.SECRET_TOKEN; });
  await attempt('binding', async () => process.binding('fs'));
  await attempt('kill', async () => process.kill(process.ppid, 0));
  await attempt('forge an IPC message', async () => process.send({ type: 'done', status: 'exited', exitCode: 0 }));
  await attempt('debug the CLI', async () => process._debugProcess(process.ppid));
  await attempt('a worker thread', async () => new (await import('node:worker_threads')).Worker('1', { eval: true }));
  await attempt('globalThis.process', async () => globalThis.process.env.SECRET_TOKEN ?? 'no env');
  throw new Error('ATTEMPTS ' + JSON.stringify(attempts));
}`;
}

describe('the CLI guest process', () => {
  it('gives JavaScript in the bindings no disk, process, environment or network', async () => {
    const marker = join(tmp, 'written-by-guest');
    process.env.SECRET_TOKEN = 'token-123';
    const result = await runSandboxed(
      {
        transpiled: {
          js: hostileBindings(marker),
          coreModules: {},
          imports: [],
          exports: [],
          jspi: false,
        },
        manifest: {},
        interactive: false,
      },
      { onEvents: () => {}, onOutput: () => {} },
    );
    delete process.env.SECRET_TOKEN;
    expect(result.status).toBe('error');
    const reason = 'reason' in result ? (result.reason ?? '') : '';
    const attempts = JSON.parse(reason.slice(reason.indexOf('{'))) as Record<string, string>;
    expect(Object.keys(attempts)).toHaveLength(14);
    for (const [name, outcome] of Object.entries(attempts)) {
      expect(outcome, name).toBe('refused');
    }
    expect(existsSync(marker)).toBe(false);
    expect(connections).toBe(0);
  });
});

describe('airlock run with a crafted component', () => {
  it('refuses it before any of its JavaScript runs: no file written, no secret leaked', async () => {
    const marker = join(tmp, 'pwned-by-cli');
    const wasm = join(tmp, 'crafted.wasm');
    writeFileSync(wasm, await craftedExportComponent(injectionPayload(marker)));
    const child = spawn(process.execPath, ['bin/airlock.mjs', 'run', wasm], {
      env: { ...process.env, SECRET_TOKEN: 'token-456' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = (await once(child, 'close')) as [number];
    expect(out).toMatch(/Refused: this component has a core export name/);
    expect(out).not.toContain('token-456');
    expect(code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});

describe('bindings that do not parse', () => {
  it('give a one-line reason that does not quote the module', async () => {
    const result = await runSandboxed(
      {
        transpiled: {
          js: `export function instantiate() { ${'x'.repeat(100_000)} +++ }`,
          coreModules: {},
          imports: [],
          exports: [],
          jspi: false,
        },
        manifest: {},
        interactive: false,
      },
      { onEvents: () => {}, onOutput: () => {} },
    );
    expect(result.status).toBe('error');
    const reason = 'reason' in result ? (result.reason ?? '') : '';
    expect(reason).toMatch(/^the generated bindings could not be loaded: /);
    expect(reason).not.toContain('data:text/javascript');
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThan(1100);
  });
});
