/**
 * `airlock run`: the browser's engine in Node (product spec section 4). Exit codes: the guest's
 * own, 124 on timeout, 134 on a trap, 2 on a bad manifest or bad input (with one line on stderr).
 */
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Manifest } from '../manifest/schema';
import { EXIT_BAD_INPUT, EXIT_TIMEOUT, EXIT_TRAP, type CallEvent } from '../runtime/events';
import { runSandboxed, sendBindings } from '../runtime/node/run-thread';
import { BadComponentError, prepareInNode } from '../runtime/node/transpile';
import { timing } from '../runtime/node/timing';
import { parseCommand, USAGE, UsageError, type RunCommand } from './args';
import { readHostDir } from './host-dir';
import { mayReadTerminal } from './terminal';
import { ensureGuestBundle, packageRoot } from '../runtime/node/sandbox/bundle';
import { spawnGuestProcess, type GuestProcess } from '../runtime/node/sandbox/guest-process-spawn';
import { guestText } from '../runtime/guest-text';

/** One line on stderr; guest bytes in `reason` are escaped and the line is capped. */
function say(line: string): void {
  process.stderr.write(`airlock: ${guestText(line, 1000)}\n`);
}

function fail(reason: string): number {
  say(reason);
  return EXIT_BAD_INPUT;
}

/** The manifest file plus the flags, which add to it. */
export async function buildManifest(command: RunCommand): Promise<Manifest> {
  // Nothing to read or check (zod's chunk is ~120 ms to load): the empty manifest.
  if (
    !command.manifest &&
    !command.dirs.length &&
    !command.env.length &&
    !command.args.length &&
    command.stdin === undefined
  )
    return {};
  const { parseManifest } = await import('../manifest/parse');
  let manifest: Manifest = {};
  if (command.manifest) {
    const text = await readFile(command.manifest, 'utf8');
    const parsed = parseManifest(text);
    if (!parsed.ok) {
      const d = parsed.diagnostics[0]!;
      throw new UsageError(`${command.manifest}:${d.line}:${d.column}: ${d.message}`);
    }
    manifest = parsed.manifest;
  }
  const mounts = [...(manifest.mounts ?? [])];
  for (const dir of command.dirs) {
    mounts.push({
      guest: dir.guest,
      access: dir.readOnly ? 'read-only' : 'read-write',
      files: await readHostDir(dir.host),
    });
  }
  const env = { ...(manifest.env ?? {}), ...Object.fromEntries(command.env) };
  let stdin = manifest.stdin;
  if (command.stdin === '-') stdin = { interactive: true };
  else if (command.stdin !== undefined) stdin = await readFile(command.stdin, 'utf8');
  const merged: Manifest = { ...manifest };
  if (mounts.length) merged.mounts = mounts;
  if (Object.keys(env).length) merged.env = env;
  if (command.args.length) merged.args = [...(manifest.args ?? []), ...command.args];
  if (stdin !== undefined) merged.stdin = stdin;
  // Re-check the merged manifest with the same validator the editor uses.
  const reparsed = parseManifest(JSON.stringify(merged));
  if (!reparsed.ok)
    throw new UsageError(`manifest with flags: ${reparsed.diagnostics[0]!.message}`);
  return reparsed.manifest;
}

/** The package's version, from its package.json (works from the source and from the bundle). */
function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function help(): string {
  return `airlock ${version()}: run a WASI 0.2 component (or a preview1 core module) under a
capability manifest, deny by default, with every WASI call checked and optionally traced.

${USAGE}

  --manifest FILE      the capability manifest (JSONC, format v1); flags add to it
  --dir HOST[::GUEST[::ro]]
                       copy a host directory into the guest's in-memory filesystem
                       (the host is never written); ::ro mounts it read-only
  --env NAME=VALUE     an environment variable the guest sees
  --stdin FILE|-       feed the guest's stdin from FILE, or from this terminal (-)
  --trace FILE         write one JSON event per WASI call (JSON Lines)
  -h, --help           this help
  -V, --version        the version

Exit code: the guest's own; 124 on timeout, 134 on a trap, 2 on a bad manifest or input.`;
}

/** Where the guest process comes from: the CLI's own (spawned at once), or a test's. */
export interface MainOptions {
  /** Returns undefined to have main spawn its own. */
  spawnGuest?: (
    stdinIsTerminal: boolean,
  ) => GuestProcess | undefined | Promise<GuestProcess | undefined>;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  if (argv.length === 0) {
    process.stdout.write(`${help()}\n`);
    return EXIT_BAD_INPUT;
  }
  let command: RunCommand;
  try {
    const parsed = parseCommand(argv);
    if (parsed.kind === 'version') {
      process.stdout.write(`airlock ${version()}\n`);
      return 0;
    }
    if (parsed.kind === 'help') {
      process.stdout.write(`${help()}\n`);
      return 0;
    }
    command = parsed.run;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`airlock: ${error.message}\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
  timing('arguments parsed');
  // The guest process starts now and boots while this one reads the component, the transpile
  // cache and the manifest. Every way out below ends it (guest.kill), so none lingers.
  const terminal = mayReadTerminal(command);
  const guest =
    (await options.spawnGuest?.(terminal)) ??
    spawnGuestProcess(await ensureGuestBundle(), terminal);
  timing('guest process spawned');
  try {
    return await runCommand(command, guest);
  } finally {
    guest.kill();
  }
}

async function runCommand(command: RunCommand, guest: GuestProcess): Promise<number> {
  const started = performance.now();
  const prepared = readFile(command.component).then(
    async (bytes) => {
      timing('component read');
      const { transpiled } = await prepareInNode(new Uint8Array(bytes));
      timing('bindings ready (transpile cache)');
      sendBindings(guest, transpiled);
      return { transpiled, transpileMs: performance.now() - started };
    },
    (error: Error) => {
      throw new UsageError(`cannot read ${command.component}: ${error.message}`);
    },
  );
  const manifestRead = buildManifest(command);
  // Both settle before either failure is reported: no promise is left rejected unheard.
  const [p, m] = await Promise.allSettled([prepared, manifestRead]);
  if (p.status === 'rejected') {
    const error = p.reason as Error;
    if (error instanceof UsageError || error instanceof BadComponentError)
      return fail(error.message);
    throw error;
  }
  if (m.status === 'rejected') return fail((m.reason as Error).message);
  const manifest = m.value;
  timing('manifest ready');

  let trace: WriteStream | undefined;
  if (command.trace) trace = createWriteStream(command.trace);
  const writeEvents = (events: CallEvent[]) => {
    if (!trace) return;
    trace.write(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  };
  const result = await runSandboxed(
    {
      transpiled: p.value.transpiled,
      manifest,
      programName: basename(command.component),
      interactive: typeof manifest.stdin === 'object' && manifest.stdin.interactive === true,
    },
    {
      guest,
      onEvents: writeEvents,
      onOutput: (stream, bytes) =>
        (stream === 'stdout' ? process.stdout : process.stderr).write(bytes),
    },
    p.value.transpileMs,
  );
  if (trace) await new Promise<void>((resolve) => trace!.end(resolve));
  switch (result.status) {
    case 'exited':
      return result.exitCode ?? 0;
    case 'timeout':
      say(`timeout: ${result.reason}`);
      return EXIT_TIMEOUT;
    case 'trapped':
      say(`trapped: ${result.reason ?? 'wasm trap'}`);
      return EXIT_TRAP;
    case 'bad-input':
      return fail(result.reason);
    case 'error':
      return fail(result.reason ?? 'the run failed');
  }
}
