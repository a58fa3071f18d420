/**
 * A pasted `wasmtime run …` command line → an Airlock manifest (JSONC, with comments saying where
 * each part came from and what could not carry over). Never throws: whatever cannot be read
 * becomes a warning.
 */
import { guestPathOf, parseDirFlag } from '../../manifest/dir-flag';
import { tokenizeShell, type ShellToken } from './shell';

export interface WasmtimeImport {
  /** The manifest, JSONC with comments. Always valid to paste into the editor. */
  manifestText: string;
  /** What did not carry over, one sentence each. */
  warnings: string[];
  /** The component path the command runs, or null when the command names none. */
  component: string | null;
}

interface Mount {
  host: string;
  guest: string;
  readOnly: boolean;
  flag: string;
}

interface Draft {
  component: string | null;
  args: string[];
  env: [string, string][];
  mounts: Mount[];
  http: boolean;
  stdin: string | null;
  timeoutMs: number | null;
  maxMemoryMiB: number | null;
}

const MIB = 1024 * 1024;
const SUBCOMMANDS = new Set([
  'compile',
  'config',
  'explore',
  'serve',
  'settings',
  'wast',
  'objdump',
  'help',
  'hot-blocks',
]);
/** wasmtime flags that take a value and mean nothing in Airlock. */
const IGNORED_WITH_VALUE = new Map([
  ['--invoke', "Airlock runs the component's wasi:cli/run export"],
  ['--preload', 'Airlock runs one component'],
  ['--profile', 'profiling is not available in the browser'],
  ['--argv0', 'Airlock passes the component name as argv[0]'],
  ['--target', 'there is no compilation target in the browser'],
  ['--config', 'a wasmtime configuration file cannot be read from here'],
  ['--fuel', 'Airlock limits a run by time (limits.timeoutMs), not fuel'],
]);
const COMPILE_GROUPS = new Map([
  ['-O', '--optimize'],
  ['-C', '--codegen'],
  ['-D', '--debug'],
  ['-R', '--record'],
]);

/** wasmtime's duration syntax: a bare number is seconds; units ns, us, ms, s, m, h. */
export function parseWasmtimeDuration(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    ms: 1,
    s: 1000,
    sec: 1000,
    m: 60_000,
    min: 60_000,
    h: 3_600_000,
  };
  // humantime: one or more "<number><unit>" parts, optionally separated by spaces ("1m 30s").
  const t = text.trim();
  if (t === '') return null;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)([a-z]+) */y;
  while (re.lastIndex < t.length) {
    const m = re.exec(t);
    if (!m) return null;
    const unit = units[m[2] ?? ''];
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
  }
  return total;
}

function parseBool(v: string | undefined): boolean | null {
  if (v === undefined || v === 'y' || v === 'yes' || v === 'true') return true;
  if (v === 'n' || v === 'no' || v === 'false') return false;
  return null;
}

/** Interprets `printf FORMAT [ARGS]` / `echo [-n] ARGS` that feed wasmtime's stdin. */
function stdinFromProducer(words: string[]): string | null {
  const [cmd, ...rest] = words;
  if (cmd === 'echo') {
    let newline = true;
    if (rest[0] === '-n') {
      newline = false;
      rest.shift();
    }
    return rest.join(' ') + (newline ? '\n' : '');
  }
  if (cmd === 'printf' && rest.length > 0) {
    const [format, ...args] = rest;
    if (format === '%s') return args.join('');
    if (format === '%s\\n') return args.map((a) => `${a}\n`).join('');
    if (args.length === 0 && !format!.includes('%'))
      return format!.replace(
        /\\(n|t|r|\\)/g,
        (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c,
      );
  }
  return null;
}

function clip(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

export function importWasmtimeCommand(commandLine: string): WasmtimeImport {
  const warnings: string[] = [];
  const warn = (w: string) => {
    if (!warnings.includes(w)) warnings.push(w);
  };
  const draft: Draft = {
    component: null,
    args: [],
    env: [],
    mounts: [],
    http: false,
    stdin: null,
    timeoutMs: null,
    maxMemoryMiB: null,
  };

  const tok = tokenizeShell(
    commandLine.length > 100_000 ? commandLine.slice(0, 100_000) : commandLine,
  );
  if (!tok.ok) {
    warn(`The command line could not be read: ${tok.reason}`);
    return { manifestText: render(draft, commandLine), warnings, component: null };
  }
  tok.warnings.forEach(warn);

  // Split into pipeline/list segments and find the one that runs wasmtime.
  const segments: ShellToken[][] = [[]];
  const separators: string[] = [];
  for (const t of tok.tokens) {
    if (t.operator && ['|', ';', '&&', '||', '&', ';;'].includes(t.value)) {
      segments.push([]);
      separators.push(t.value);
    } else segments[segments.length - 1]!.push(t);
  }
  const isWasmtime = (w: string | undefined) => !!w && /(^|[/\\])wasmtime(\.exe)?$/i.test(w);
  let index = segments.findIndex((seg) => {
    const words = seg.filter((t) => !t.operator).map((t) => t.value);
    const first = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    return isWasmtime(words[first]);
  });
  let words: string[];
  const redirects: ShellToken[] = [];
  if (index < 0) {
    const seg = segments.find((s) => s.length > 0) ?? [];
    index = segments.indexOf(seg);
    words = seg.filter((t) => !t.operator).map((t) => t.value);
    if (words.length === 0) {
      warn(
        'The command line is empty: paste a command such as "wasmtime run --dir ./data::/data app.wasm".',
      );
      return { manifestText: render(draft, commandLine), warnings, component: null };
    }
    const first = words[0]!;
    if (first !== 'run' && !first.startsWith('-') && !/\.(wasm|wat)$/i.test(first)) {
      warn(
        `This is not a wasmtime command ("${clip(first, 40)}" …): paste a line that starts with "wasmtime run".`,
      );
      return { manifestText: render(draft, commandLine), warnings, component: null };
    }
    warn('No "wasmtime" found at the start of the command; it was read as wasmtime\'s arguments.');
  } else {
    const seg = segments[index]!;
    const all: string[] = [];
    for (let i = 0; i < seg.length; i++) {
      const t = seg[i]!;
      if (t.operator) {
        redirects.push(t);
        const target = seg[i + 1];
        if (target && !target.operator) {
          redirects.push(target);
          i++;
        }
        continue;
      }
      all.push(t.value);
    }
    const start = all.findIndex((w) => isWasmtime(w));
    const assignments = all.slice(0, start);
    if (assignments.length)
      warn(
        `Environment assignments before wasmtime (${assignments.map((a) => clip(a, 40)).join(' ')}) set the host's environment, not the guest's; use --env to pass variables.`,
      );
    words = all.slice(start + 1);
  }
  if (segments.length > 1) {
    const prev = index > 0 ? segments[index - 1] : undefined;
    if (prev && separators[index - 1] === '|') {
      const producer = prev.filter((t) => !t.operator).map((t) => t.value);
      const text = stdinFromProducer(producer);
      if (text !== null) draft.stdin = text;
      else
        warn(
          `The command's stdin comes from "${clip(producer.join(' '), 60)}"; paste its output into "stdin".`,
        );
    }
    const others = segments.filter(
      (s, i) => i !== index && !(i === index - 1 && separators[i] === '|') && s.length > 0,
    );
    if (others.length)
      warn('Only the wasmtime command was imported; the other commands on the line were ignored.');
  }
  for (let i = 0; i < redirects.length; i++) {
    const op = redirects[i]!.value;
    const target = redirects[i + 1]?.operator === false ? redirects[++i]!.value : '';
    if (op === '<') {
      if (target === '/dev/null') continue;
      warn(`stdin is read from the file "${clip(target, 60)}"; paste its text into "stdin".`);
    } else if (op === '<<' || op === '<<<')
      warn('A here-document feeds stdin; paste its text into "stdin".');
    else
      warn(
        `The output redirection "${op} ${clip(target, 40)}" was ignored; Airlock shows output in the Output panel.`,
      );
  }

  // Subcommand.
  if (words[0] === 'run') words.shift();
  else if (words[0] !== undefined && SUBCOMMANDS.has(words[0])) {
    warn(
      words[0] === 'serve'
        ? '"wasmtime serve" runs an HTTP server (wasi:http/proxy); Airlock runs command components (wasi:cli/run). The flags were imported anyway.'
        : `"wasmtime ${words[0]}" does not run a component; only "wasmtime run" can be imported.`,
    );
    words.shift();
  }

  let i = 0;
  const value = (flag: string, inline: string | undefined): string | null => {
    if (inline !== undefined) return inline;
    const v = words[i + 1];
    if (v === undefined) {
      warn(`${flag} needs a value; it was ignored.`);
      return null;
    }
    i++;
    return v;
  };
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    let flag = eq > 0 ? w.slice(0, eq) : w;
    let inline = eq > 0 ? w.slice(eq + 1) : undefined;
    // Short option groups: -Shttp, -Wtimeout=5s
    if (!w.startsWith('--') && w.length > 2) {
      flag = w.slice(0, 2);
      inline = w.slice(2);
    }
    switch (flag) {
      case '--dir': {
        const v = value(flag, inline);
        if (v !== null) addDir(draft, v, `--dir ${v}`, warn);
        break;
      }
      case '--mapdir': {
        const v = value(flag, inline);
        if (v === null) break;
        const [guest, host] = v.split('::');
        warn(
          `--mapdir is the old form of --dir (GUEST::HOST); it was read as --dir ${host ?? guest}::${guest}.`,
        );
        addDir(draft, `${host ?? guest}::${guest}`, `--mapdir ${v}`, warn);
        break;
      }
      case '--env': {
        const v = value(flag, inline);
        if (v === null) break;
        const at = v.indexOf('=');
        const name = at >= 0 ? v.slice(0, at) : v;
        if (name === '') {
          warn(`--env ${clip(v, 40)}: a variable needs a name; it was ignored.`);
          break;
        }
        if (at < 0)
          warn(
            `--env ${name} inherits ${name} from the host, and the browser has no host environment: fill in its value.`,
          );
        const existing = draft.env.findIndex(([k]) => k === name);
        const entry: [string, string] = [name, at >= 0 ? v.slice(at + 1) : ''];
        if (existing >= 0) draft.env[existing] = entry;
        else draft.env.push(entry);
        break;
      }
      case '-S':
      case '--wasi': {
        const v = value(flag, inline);
        if (v !== null) wasiOptions(draft, v, warn);
        break;
      }
      case '-W':
      case '--wasm': {
        const v = value(flag, inline);
        if (v !== null) wasmOptions(draft, v, warn);
        break;
      }
      case '--wasm-timeout': {
        const v = value(flag, inline);
        if (v !== null) setTimeoutFrom(draft, v, warn);
        break;
      }
      case '--allow-precompiled':
        warn('--allow-precompiled: Airlock runs components, not precompiled .cwasm files.');
        break;
      case '-h':
      case '--help':
      case '-V':
      case '--version':
        warn(`${flag} only prints information; it was ignored.`);
        break;
      default: {
        const group =
          COMPILE_GROUPS.get(flag) ??
          ([...COMPILE_GROUPS.values()].includes(flag) ? flag : undefined);
        if (group) {
          value(flag, inline);
          warn(
            'Compilation, debugging and recording options (-O, -C, -D, -R) have no effect in Airlock; they were ignored.',
          );
          break;
        }
        const why = IGNORED_WITH_VALUE.get(flag);
        if (why) {
          const v = value(flag, inline);
          warn(`${flag}${v !== null ? ` ${clip(v, 40)}` : ''} was ignored: ${why}.`);
          break;
        }
        warn(`Unknown option ${clip(w, 40)}; it was ignored.`);
      }
    }
  }
  const rest = words.slice(i);
  if (rest.length === 0)
    warn(
      'The command names no component (.wasm file); choose one with "Upload component" or "Sample".',
    );
  else {
    draft.component = rest[0]!;
    draft.args = rest.slice(1);
    if (!/\.(wasm|wat|cwasm)$/i.test(draft.component))
      warn(
        `"${clip(draft.component, 60)}" was taken as the component, though it does not end in .wasm.`,
      );
  }
  if (draft.http)
    warn(
      '-S http lets the guest call any host; Airlock allows only listed origins, so add them to "http.allow".',
    );
  if (draft.mounts.length)
    warn(
      'The files of host directories are not copied: add the ones the guest needs as seed files ("files" in each mount).',
    );
  return { manifestText: render(draft, commandLine), warnings, component: draft.component };
}

function addDir(draft: Draft, spec: string, flag: string, warn: (w: string) => void): void {
  const dir = parseDirFlag(spec);
  if ('error' in dir) {
    warn(`${flag}: ${dir.error.replace(/^--dir [^:]*?: /, '')}; it was ignored.`);
    return;
  }
  if (dir.readOnly)
    warn(
      `${flag}: wasmtime has no read-only --dir; the "::ro" suffix (as airlock run and jco accept it) was honoured.`,
    );
  // The name exactly as given (the guest sees its preopen so, as under wasmtime); two names
  // for the same path are the same mount.
  const path = guestPathOf(dir.guest);
  if (draft.mounts.some((m) => guestPathOf(m.guest) === path)) {
    warn(`${flag}: "${dir.guest}" is already mounted; the second --dir was ignored.`);
    return;
  }
  draft.mounts.push({ host: dir.host, guest: dir.guest, readOnly: dir.readOnly, flag });
}

function setTimeoutFrom(draft: Draft, text: string, warn: (w: string) => void): void {
  const ms = parseWasmtimeDuration(text);
  if (ms === null) {
    warn(
      `timeout=${clip(text, 20)} is not a duration wasmtime accepts (e.g. 5s, 1500ms); it was ignored.`,
    );
    return;
  }
  const clamped = Math.min(600_000, Math.max(1, Math.round(ms)));
  if (clamped !== Math.round(ms))
    warn(`The timeout ${text} is outside Airlock's range (1 ms to 10 min); ${clamped} ms is used.`);
  draft.timeoutMs = clamped;
}

function wasmOptions(draft: Draft, spec: string, warn: (w: string) => void): void {
  for (const item of spec.split(',')) {
    const at = item.indexOf('=');
    const key = at >= 0 ? item.slice(0, at) : item;
    const v = at >= 0 ? item.slice(at + 1) : undefined;
    if (key === 'timeout') {
      if (v === undefined) warn('-W timeout needs a value such as timeout=5s.');
      else setTimeoutFrom(draft, v, warn);
    } else if (key === 'max-memory-size') {
      const n = v !== undefined && /^(0x[0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) {
        warn(`-W max-memory-size=${clip(v ?? '', 20)} is not a number of bytes; it was ignored.`);
        continue;
      }
      const mib = Math.min(4096, Math.max(1, Math.ceil(n / MIB)));
      if (mib * MIB !== n)
        warn(
          `-W max-memory-size=${v} was rounded to ${mib} MiB (Airlock counts whole MiB, 1 to 4096).`,
        );
      draft.maxMemoryMiB = mib;
    } else if (key === 'fuel')
      warn('-W fuel: Airlock limits a run by time (limits.timeoutMs), not fuel; it was ignored.');
    else warn(`-W ${clip(item, 40)} has no effect in Airlock; it was ignored.`);
  }
}

function wasiOptions(draft: Draft, spec: string, warn: (w: string) => void): void {
  for (const item of spec.split(',')) {
    const at = item.indexOf('=');
    const key = at >= 0 ? item.slice(0, at) : item;
    const v = at >= 0 ? item.slice(at + 1) : undefined;
    switch (key) {
      case 'http': {
        const b = parseBool(v);
        if (b === null) warn(`-S http=${clip(v ?? '', 10)}: expected y or n; it was ignored.`);
        else draft.http = b;
        break;
      }
      case 'cli':
      case 'common':
      case 'preview2':
      case 'cli-exit-with-code':
        if (parseBool(v) === false)
          warn(`-S ${key}=${v}: Airlock always provides the WASI CLI interfaces.`);
        break;
      case 'inherit-network':
      case 'tcp':
      case 'udp':
      case 'allow-ip-name-lookup':
      case 'tcplisten':
      case 'listenfd':
      case 'network-error-code':
        if (parseBool(v) !== false)
          warn(
            `-S ${key}: a browser has no raw sockets, so sockets stay denied ("sockets": "deny").`,
          );
        break;
      case 'inherit-env':
        if (parseBool(v) !== false)
          warn(
            '-S inherit-env: the browser has no host environment to inherit; list the variables in "env".',
          );
        break;
      default:
        warn(`-S ${clip(item, 40)} is not available in Airlock; it was ignored.`);
    }
  }
}

/** A `//` comment line: no line breaks, bounded length. */
function comment(text: string, indent = ''): string {
  return `${indent}// ${clip(text.replace(/[\r\n\u2028\u2029]+/g, ' ').trimEnd(), 400)}`;
}

function render(d: Draft, commandLine: string): string {
  const lines: string[] = [];
  lines.push(comment('Imported from a wasmtime command line:'));
  lines.push(comment(`  ${commandLine.replace(/[ \t]*[\\^`][ \t]*\r?\n\s*/g, ' ')}`));
  if (d.component)
    lines.push(comment(`Component: ${d.component} (choose it with "Upload component").`));
  const fields: string[][] = [];
  const j = (v: unknown) => JSON.stringify(v);
  if (d.args.length) fields.push([`  "args": [${d.args.map(j).join(', ')}]`]);
  if (d.env.length)
    fields.push([`  "env": {`, d.env.map(([k, v]) => `    ${j(k)}: ${j(v)}`).join(',\n'), '  }']);
  if (d.stdin !== null) fields.push([`  "stdin": ${j(d.stdin)}`]);
  if (d.mounts.length) {
    const items = d.mounts.map((m) => {
      const note = m.readOnly
        ? `${m.flag}: read-only. The host's files are not copied: add seed files under "files".`
        : `${m.flag}: wasmtime grants read and write. The host's files are not copied: add seed files under "files".`;
      return `${comment(note, '    ')}\n    { "guest": ${j(m.guest)}, "access": ${j(m.readOnly ? 'read-only' : 'read-write')} }`;
    });
    fields.push(['  "mounts": [', items.join(',\n'), '  ]']);
  }
  fields.push([
    comment(
      'wasmtime always gives the guest the real clocks and random bytes; "deny" is tighter.',
      '  ',
    ),
    '  "clocks": { "wall": "real", "monotonic": "real" }',
  ]);
  fields.push(['  "random": "real"']);
  if (d.http)
    fields.push([
      comment(
        '-S http lets the guest call any host. List the origins it may call, e.g. "https://api.example.com".',
        '  ',
      ),
      '  "http": { "allow": [] }',
    ]);
  const limits: string[] = [];
  if (d.timeoutMs !== null) limits.push(`"timeoutMs": ${d.timeoutMs}`);
  if (d.maxMemoryMiB !== null) limits.push(`"maxMemoryMiB": ${d.maxMemoryMiB}`);
  if (limits.length) fields.push([`  "limits": { ${limits.join(', ')} }`]);
  const body = fields.map((f) => f.join('\n'));
  return `${lines.join('\n')}\n{\n${body.join(',\n')}\n}\n`;
}
