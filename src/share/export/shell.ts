/** POSIX shell quoting and a small tokenizer for pasted command lines. */

/** Quotes a word for sh/bash/zsh: bare when safe, otherwise in single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ShellToken {
  /** The word after quote removal. */
  value: string;
  /** An unquoted operator (`|`, `;`, `&&`, `||`, `&`, `<`, `>`, `>>`, `2>` …), not a word. */
  operator: boolean;
}

export type TokenizeResult =
  { ok: true; tokens: ShellToken[]; warnings: string[] } | { ok: false; reason: string };

/**
 * Splits a command line the way a POSIX shell would: single quotes, double quotes (with `\`
 * escapes of `$ \` " \\` and newline), backslash escapes, `\`-newline continuations (and
 * PowerShell's backtick or cmd's `^` at a line end, which people paste too). With `windows`,
 * backslashes are path separators, not escapes. Variables and
 * command substitutions are not expanded: they are kept as written, with a warning.
 */
export function tokenizeShell(line: string, options: { windows?: boolean } = {}): TokenizeResult {
  const windows = options.windows ?? false;
  const tokens: ShellToken[] = [];
  const warnings = new Set<string>();
  let word = '';
  let inWord = false;
  let i = 0;
  const n = line.length;
  const push = () => {
    if (inWord) tokens.push({ value: word, operator: false });
    word = '';
    inWord = false;
  };
  while (i < n) {
    const c = line[i]!;
    if (c === '\\' && !windows) {
      const next = line[i + 1];
      if (next === '\n') {
        i += 2;
        continue;
      }
      if (next === '\r' && line[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (next === undefined) {
        i++;
        continue;
      }
      word += next;
      inWord = true;
      i += 2;
      continue;
    }
    if ((c === '`' || c === '^') && /^[ \t]*\r?\n/.test(line.slice(i + 1))) {
      // PowerShell / cmd line continuation at the end of a line
      push();
      i = line.indexOf('\n', i) + 1;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, reason: `Unclosed single quote at character ${i + 1}.` };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = line[j]!;
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\' && j + 1 < n) {
          const e = line[j + 1]!;
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            word += e;
            j += 2;
            continue;
          }
          if (e === '\n') {
            j += 2;
            continue;
          }
        }
        if (d === '$' || d === '`')
          warnings.add(
            'The command uses shell variables or substitutions ($…, `…`); they are kept as written, not expanded.',
          );
        word += d;
        j++;
      }
      if (!closed) return { ok: false, reason: `Unclosed double quote at character ${i + 1}.` };
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      push();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = line.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    const op = /^(?:&&|\|\||;;|[0-9]?>>|[0-9]?>&?|<<?|\||;|&)/.exec(line.slice(i));
    if (op && !(op[0].length > 1 && /^[0-9]/.test(op[0]) && inWord)) {
      push();
      tokens.push({ value: op[0], operator: true });
      i += op[0].length;
      continue;
    }
    if (c === '$' || c === '`')
      warnings.add(
        'The command uses shell variables or substitutions ($…, `…`); they are kept as written, not expanded.',
      );
    word += c;
    inWord = true;
    i++;
  }
  push();
  return { ok: true, tokens, warnings: [...warnings] };
}
