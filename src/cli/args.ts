/**
 * `airlock run` command line (product spec section 4), parsed without touching the disk so it
 * can be tested: flags that add to the manifest, and where the inputs are.
 */

export interface DirFlag {
  host: string;
  /** The preopen name exactly as given (`fs-tests.dir`, `.`, `/data`); the policy reads it as `/fs-tests.dir`, `/`, `/data`. */
  guest: string;
  readOnly: boolean;
}

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

/** `--dir` as wasmtime accepts it: `HOST`, `HOST::GUEST`, plus Airlock's `::ro` suffix. */
export function parseDirFlag(value: string): DirFlag {
  const parts = value.split('::');
  let readOnly = false;
  if (parts.length > 1 && parts[parts.length - 1] === 'ro') {
    readOnly = true;
    parts.pop();
  }
  if (parts.length > 2 || !parts[0])
    throw new UsageError(`--dir ${value}: expected HOST[::GUEST[::ro]]`);
  const host = parts[0];
  // The guest sees the preopen under exactly this name, as under wasmtime.
  const guest = parts[1] ?? host;
  return { host, guest, readOnly };
}

export function parseRunCommand(argv: string[]): RunCommand {
  const [command, ...rest] = argv;
  if (command !== 'run')
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const result: RunCommand = { component: '', dirs: [], env: [], args: [] };
  const takeValue = (flag: string, i: number): string => {
    const value = rest[i + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      result.args.push(...rest.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      const v = takeValue(flag, i);
      i++;
      return v;
    };
    switch (flag) {
      case '--manifest':
        result.manifest = value();
        break;
      case '--dir':
        result.dirs.push(parseDirFlag(value()));
        break;
      case '--env': {
        const v = value();
        const at = v.indexOf('=');
        if (at <= 0) throw new UsageError(`--env ${v}: expected NAME=VALUE`);
        result.env.push([v.slice(0, at), v.slice(at + 1)]);
        break;
      }
      case '--stdin':
        result.stdin = value();
        break;
      case '--trace':
        result.trace = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (!result.component) result.component = arg;
        else result.args.push(arg); // wasmtime style: arguments after the component
    }
  }
  if (!result.component) throw new UsageError('missing the component file');
  return result;
}
