/**
 * `airlock run`: the browser's engine in Node (product spec section 4). Exit codes: the guest's
 * own, 124 on timeout, 134 on a trap, 2 on a bad manifest or bad input (with one line on stderr).
 */
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/schema';
import { EXIT_BAD_INPUT, EXIT_TIMEOUT, EXIT_TRAP, type CallEvent } from '../runtime/events';
import { runInThread } from '../runtime/node/run-thread';
import { parseRunCommand, USAGE, UsageError, type RunCommand } from './args';
import { readHostDir } from './host-dir';
import { packageRoot } from '../runtime/node/sandbox/bundle';
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

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`airlock ${version()}\n`);
    return 0;
  }
  if (
    argv.length === 0 ||
    argv[0] === '--help' ||
    argv[0] === '-h' ||
    argv[0] === 'help' ||
    (argv[0] === 'run' && (argv[1] === '--help' || argv[1] === '-h'))
  ) {
    process.stdout.write(`${help()}\n`);
    return argv.length === 0 ? EXIT_BAD_INPUT : 0;
  }
  let command: RunCommand;
  try {
    command = parseRunCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`airlock: ${error.message}\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
  let manifest: Manifest;
  let component: Uint8Array;
  try {
    component = new Uint8Array(await readFile(command.component));
  } catch (error) {
    return fail(`cannot read ${command.component}: ${(error as Error).message}`);
  }
  try {
    manifest = await buildManifest(command);
  } catch (error) {
    return fail((error as Error).message);
  }

  let trace: WriteStream | undefined;
  if (command.trace) trace = createWriteStream(command.trace);
  const writeEvents = (events: CallEvent[]) => {
    if (!trace) return;
    trace.write(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  };
  const result = await runInThread({
    component,
    manifest,
    programName: basename(command.component),
    interactive: typeof manifest.stdin === 'object' && manifest.stdin.interactive === true,
    onEvents: writeEvents,
    onOutput: (stream, bytes) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(bytes),
  });
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
