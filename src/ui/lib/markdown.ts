/**
 * A tiny, safe Markdown parser for lessons: headings, paragraphs, lists, block quotes, code
 * blocks, rules, and inline code, bold, italic and links. It produces a tree of plain data that
 * `Markdown.tsx` renders as React elements: every piece of text stays text (React escapes it),
 * nothing is ever parsed as HTML, and a link keeps its href only when its scheme is safe.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string | null; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'rule' }
  | { type: 'table'; head: Inline[][]; rows: Inline[][][] };

/** A table row's cells: `| a | b |` → ["a", "b"]. */
function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Returns the href when it is safe to follow (http, https, mailto, or relative), else null. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  // Control characters and whitespace inside a scheme are a classic way to sneak `javascript:` in.
  // eslint-disable-next-line no-control-regex
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme) return href.startsWith('//') ? null : href;
  return ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase()) ? href : null;
}

/** Deeper emphasis or link nesting than this stays literal text (bounds hostile input). */
const MAX_INLINE_DEPTH = 8;

/**
 * Work done by one parse, in characters scanned: kept linear in the input's length (a lesson or
 * a shared sandbox's text is untrusted; 60 KB of `*a ` once took 10 s).
 */
export interface InlineStats {
  steps: number;
}

/** What one parse of one string has learned: searches that failed, brackets matched. */
interface Scan {
  src: string;
  stats: InlineStats;
  /** For each marker, a position from which a search for its closing is known to fail. */
  failedFrom: Map<string, number>;
  /** The matching `]` of each `[` (one stack pass), computed on first use. */
  brackets: Map<number, number> | undefined;
  lastParen: number;
}

/** Parses inline markup. Unmatched markers stay literal text. */
export function parseInline(src: string, stats: InlineStats = { steps: 0 }): Inline[] {
  return parseInlineAt(src, 0, stats);
}

function parseInlineAt(src: string, depth: number, stats: InlineStats): Inline[] {
  const scan: Scan = {
    src,
    stats,
    failedFrom: new Map(),
    brackets: undefined,
    lastParen: src.lastIndexOf(')'),
  };
  const out: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const nested = depth < MAX_INLINE_DEPTH;
  let i = 0;
  while (i < src.length) {
    stats.steps++;
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length && /[\\`*_[\]()#+\-.!>]/.test(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let ticks = 1;
      while (src[i + ticks] === '`') ticks++;
      const fence = '`'.repeat(ticks);
      const end = findFrom(scan, fence, i + ticks);
      if (end !== -1) {
        pushText();
        let code = src.slice(i + ticks, end);
        if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        out.push({ type: 'code', text: code });
        i = end + ticks;
        continue;
      }
      text += fence;
      i += ticks;
      continue;
    }
    if ((c === '*' || c === '_') && nested) {
      const double = src[i + 1] === c;
      const marker = double ? c + c : c;
      const start = i + marker.length;
      // Opening marker must be followed by non-space; `_` inside words (snake_case) is literal.
      const prev = src[i - 1];
      const wordBefore = prev !== undefined && /[A-Za-z0-9]/.test(prev);
      if (src[start] !== undefined && !/\s/.test(src[start]!) && !(c === '_' && wordBefore)) {
        const end = findClosing(scan, marker, start);
        if (end !== -1) {
          pushText();
          const children = parseInlineAt(src.slice(start, end), depth + 1, stats);
          out.push(double ? { type: 'strong', children } : { type: 'em', children });
          i = end + marker.length;
          continue;
        }
      }
      text += marker;
      i += marker.length;
      continue;
    }
    if (c === '[' && nested) {
      const close = matchingBracket(scan, i);
      if (close !== -1 && src[close + 1] === '(' && close + 2 <= scan.lastParen) {
        const paren = src.indexOf(')', close + 2);
        stats.steps += paren - close;
        pushText();
        const target = src.slice(close + 2, paren).trim();
        // `[text](url "title")`: the title is dropped.
        const url = target.replace(/\s+"[^"]*"$/, '');
        out.push({
          type: 'link',
          href: safeHref(url),
          children: parseInlineAt(src.slice(i + 1, close), depth + 1, stats),
        });
        i = paren + 1;
        continue;
      }
    }
    if (c === '<') {
      AUTOLINK.lastIndex = i;
      const auto = AUTOLINK.exec(src);
      if (auto) {
        stats.steps += auto[0].length;
        pushText();
        out.push({
          type: 'link',
          href: safeHref(auto[1]!),
          children: [{ type: 'text', text: auto[1]! }],
        });
        i += auto[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  pushText();
  return out;
}

const AUTOLINK = /<(https?:\/\/[^\s<>]+)>/y;

/** `src.indexOf(needle, from)`, remembering failures: a failed search fails from later too. */
function findFrom(scan: Scan, needle: string, from: number): number {
  const key = `indexOf:${needle}`;
  const failed = scan.failedFrom.get(key);
  if (failed !== undefined && from >= failed) return -1;
  const found = scan.src.indexOf(needle, from);
  scan.stats.steps += (found === -1 ? scan.src.length : found) - from;
  if (found === -1) scan.failedFrom.set(key, Math.min(from, failed ?? Infinity));
  return found;
}

function findClosing(scan: Scan, marker: string, from: number): number {
  const failed = scan.failedFrom.get(marker);
  if (failed !== undefined && from >= failed) return -1;
  const found = searchClosing(scan, marker, from);
  if (found === -1) scan.failedFrom.set(marker, Math.min(from, failed ?? Infinity));
  return found;
}

function searchClosing(scan: Scan, marker: string, from: number): number {
  const { src } = scan;
  let j = from;
  while (j < src.length) {
    scan.stats.steps++;
    if (src[j] === '`') {
      const end = findFrom(scan, '`', j + 1);
      if (end === -1) return -1;
      j = end + 1;
      continue;
    }
    if (src.startsWith(marker, j) && !/\s/.test(src[j - 1] ?? ' ')) {
      // For a single marker, do not stop at the first half of a double one.
      if (marker.length === 1 && src[j + 1] === marker && j + 1 < src.length) {
        const after = findClosing(scan, marker + marker, j + 2);
        if (after !== -1) {
          j = after + 2;
          continue;
        }
      }
      const next = src[j + marker.length];
      if (marker[0] === '_' && next !== undefined && /[A-Za-z0-9]/.test(next)) {
        j++;
        continue;
      }
      return j;
    }
    j++;
  }
  return -1;
}

/** The `]` that closes the `[` at `open` (escapes skipped), or -1: one pass for the string. */
function matchingBracket(scan: Scan, open: number): number {
  if (!scan.brackets) {
    const { src } = scan;
    const brackets = new Map<number, number>();
    const stack: number[] = [];
    for (let j = 0; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') j++;
      else if (c === '[') stack.push(j);
      else if (c === ']' && stack.length) brackets.set(stack.pop()!, j);
    }
    scan.stats.steps += src.length;
    scan.brackets = brackets;
  }
  return scan.brackets.get(open) ?? -1;
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** Parses a whole document into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines);
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length)
      blocks.push({ type: 'paragraph', children: parseInline(para.join('\n').trim()) });
    para = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      endPara();
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(marker)) body.push(lines[i++]!);
      i++; // closing fence (or end of input)
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (!line.trim()) {
      endPara();
      i++;
      continue;
    }
    if (/^\s*\|/.test(line) && TABLE_SEPARATOR.test(lines[i + 1] ?? '')) {
      endPara();
      const head = tableCells(line).map((c) => parseInline(c));
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!))
        rows.push(tableCells(lines[i++]!).map((c) => parseInline(c)));
      blocks.push({ type: 'table', head, rows });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endPara();
      blocks.push({
        type: 'heading',
        level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6,
        children: parseInline(heading[2]!),
      });
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      endPara();
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      endPara();
      const inner: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) {
        inner.push(lines[i]!.replace(/^\s{0,3}>\s?/, ''));
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && (para.length === 0 || item[1]!.length === 0)) {
      endPara();
      const ordered = /\d/.test(item[2]!);
      const start = ordered ? parseInt(item[2]!, 10) : 1;
      const baseIndent = item[1]!.length;
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = LIST_ITEM.exec(l);
        if (m && m[1]!.length === baseIndent && /\d/.test(m[2]!) === ordered) {
          items.push([m[3]!]);
          i++;
          continue;
        }
        if (!l.trim()) {
          // A blank line ends the list unless the next line continues it (indented or a new item).
          const next = lines[i + 1];
          if (
            next !== undefined &&
            (/^\s{2,}\S/.test(next) || (LIST_ITEM.exec(next)?.[1]!.length ?? -1) === baseIndent)
          ) {
            items[items.length - 1]!.push('');
            i++;
            continue;
          }
          break;
        }
        if (/^\s+\S/.test(l) || !LIST_ITEM.test(l)) {
          if (!/^\s/.test(l) && (/^#{1,6}\s/.test(l) || /^\s*(```|~~~)/.test(l) || /^>/.test(l)))
            break;
          items[items.length - 1]!.push(l.replace(new RegExp(`^\\s{0,${baseIndent + 4}}`), ''));
          i++;
          continue;
        }
        break;
      }
      blocks.push({ type: 'list', ordered, start, items: items.map((it) => parseBlocks(it)) });
      continue;
    }
    para.push(line);
    i++;
  }
  endPara();
  return blocks;
}

/** The plain text of inline nodes (for accessible names and tests). */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children)))
    .join('');
}
