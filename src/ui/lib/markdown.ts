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

/** Parses inline markup. Unmatched markers stay literal text. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
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
      const end = src.indexOf(fence, i + ticks);
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
    if (c === '*' || c === '_') {
      const double = src[i + 1] === c;
      const marker = double ? c + c : c;
      const start = i + marker.length;
      // Opening marker must be followed by non-space; `_` inside words (snake_case) is literal.
      const prev = src[i - 1];
      const wordBefore = prev !== undefined && /[A-Za-z0-9]/.test(prev);
      if (src[start] !== undefined && !/\s/.test(src[start]!) && !(c === '_' && wordBefore)) {
        const end = findClosing(src, marker, start);
        if (end !== -1) {
          pushText();
          const children = parseInline(src.slice(start, end));
          out.push(double ? { type: 'strong', children } : { type: 'em', children });
          i = end + marker.length;
          continue;
        }
      }
      text += marker;
      i += marker.length;
      continue;
    }
    if (c === '[') {
      const close = findBracket(src, i);
      if (close !== -1 && src[close + 1] === '(') {
        const paren = src.indexOf(')', close + 2);
        if (paren !== -1) {
          pushText();
          const target = src.slice(close + 2, paren).trim();
          // `[text](url "title")`: the title is dropped.
          const url = target.replace(/\s+"[^"]*"$/, '');
          out.push({
            type: 'link',
            href: safeHref(url),
            children: parseInline(src.slice(i + 1, close)),
          });
          i = paren + 1;
          continue;
        }
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(src.slice(i));
      if (auto) {
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

function findClosing(src: string, marker: string, from: number): number {
  let j = from;
  while (j < src.length) {
    if (src[j] === '`') {
      const end = src.indexOf('`', j + 1);
      if (end === -1) return -1;
      j = end + 1;
      continue;
    }
    if (src.startsWith(marker, j) && !/\s/.test(src[j - 1] ?? ' ')) {
      // For a single marker, do not stop at the first half of a double one.
      if (marker.length === 1 && src[j + 1] === marker && j + 1 < src.length) {
        const after = findClosing(src, marker + marker, j + 2);
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

function findBracket(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === '\\') {
      j++;
      continue;
    }
    if (src[j] === '[') depth++;
    else if (src[j] === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
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
      const head = tableCells(line).map(parseInline);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!))
        rows.push(tableCells(lines[i++]!).map(parseInline));
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
