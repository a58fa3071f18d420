/**
 * `airlock run` command line (product spec section 4), parsed with `node:util` `parseArgs`
 * without touching the disk so it can be tested: flags that add to the manifest, and where the
 * inputs are. Flags may come before or after the component; the words after the component
 * and everything after `--` are the guest's arguments.
 */
import { parseArgs } from 'node:util';
import { parseDirFlag, type DirFlag } from '../manifest/dir-flag';

export type { DirFlag };

export interface RunCommand {
  component: string;
  manifest?: string;
  dirs: DirFlag[];
  env: [string, string][];
  stdin?: string;
  trace?: string;
  args: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage: airlock run <component-or-core-module.wasm> [--manifest m.jsonc]
    [--dir HOST[::GUEST[::ro]]] [--env NAME=VALUE] [--stdin FILE|-]
    [--trace trace.jsonl] [-- args...]`;

const OPTIONS = {
  manifest: { type: 'string' },
  dir: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  stdin: { type: 'string' },
  trace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** What the command line asks for: help, the version, or a run. */
export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; run: RunCommand };

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    // Node's messages run over several lines; the first says what is wrong.
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\.$/, ''));
  }
  const { values, tokens } = parsed;
  const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index ?? argv.length;
  const before = tokens.filter((t) => t.kind === 'positional' && t.index < terminator);
  const after = tokens.filter((t) => t.kind === 'positional' && t.index > terminator);
  const words = before.map((t) => (t.kind === 'positional' ? t.value : ''));
  const rest = after.map((t) => (t.kind === 'positional' ? t.value : ''));
  const [command, component, ...guestArgs] = words;
  if (values.version) return { kind: 'version' };
  if (values.help || command === 'help') return { kind: 'help' };
  if (command !== 'run')
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  if (!component) throw new UsageError('missing the component file');

  const dirs = (values.dir ?? []).map((value) => {
    const dir = parseDirFlag(value);
    if ('error' in dir) throw new UsageError(dir.error);
    return dir;
  });
  const env = (values.env ?? []).map((v): [string, string] => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`--env ${v}: expected NAME=VALUE`);
    return [v.slice(0, at), v.slice(at + 1)];
  });
  return {
    kind: 'run',
    run: {
      component,
      manifest: values.manifest,
      dirs,
      env,
      stdin: values.stdin,
      trace: values.trace,
      args: [...guestArgs, ...rest],
    },
  };
}

/** A run's command line (`run <component> ...`); anything else is a usage error. */
export function parseRunCommand(argv: string[]): RunCommand {
  const command = parseCommand(argv);
  if (command.kind !== 'run') throw new UsageError('missing command');
  return command.run;
}
