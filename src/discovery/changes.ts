/**
 * Manifest edits that a person accepts one by one: the `Change` type, and applying a selection
 * of changes to the manifest object and to the manifest text (JSONC, comments and layout kept).
 *
 * Every change's path refers to the manifest the changes were computed from. Apply any subset
 * to that original (text or object): values are set first, then elements appended, then entries
 * removed from the highest index down, so that no path shifts under another change.
 */
import {
  applyEdits,
  createScanner,
  findNodeAtLocation,
  modify,
  parseTree,
  type Edit,
  type Node,
} from 'jsonc-parser';
import type { Manifest } from '../manifest/schema';

export type JsonPath = (string | number)[];

export type ChangeKind = 'grant' | 'revoke' | 'narrow';

export interface Change {
  /** Stable within one proposal: `mounts[0].access`, `env`, `http.allow+https://x.org`. */
  id: string;
  /** JSON path of the entry in the manifest (`["mounts", 0, "access"]`). */
  path: JsonPath;
  /**
   * `set`: the entry at `path` becomes `value` (created if missing). `remove`: the entry goes
   * (an array element or an object field). `append`: `value` is added at the end of the array
   * at `path` (created if missing).
   */
  op: 'set' | 'remove' | 'append';
  /** The new value (`set`), the element added (`append`); undefined for `remove`. */
  value?: unknown;
  /** `grant` gives more than before, `revoke` takes an entry away, `narrow` keeps less of it. */
  kind: ChangeKind;
  /** One line for a person: `mounts[0] /data: read-write → read-only (nothing was written)`. */
  description: string;
  /** Ids of changes that must be accepted with this one for the manifest to stay valid. */
  requires?: string[];
}

function comparePathsDescending(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y) < String(x) ? -1 : 1;
  }
  return b.length - a.length;
}

/** The order in which a selection is applied: sets, then appends, then removals (deepest, highest index first). */
export function applicationOrder(changes: readonly Change[]): Change[] {
  const sets = changes.filter((c) => c.op === 'set');
  const appends = changes.filter((c) => c.op === 'append');
  const removes = changes
    .filter((c) => c.op === 'remove')
    .sort((a, b) => comparePathsDescending(a.path, b.path));
  return [...sets, ...appends, ...removes];
}

// ---------------------------------------------------------------------------------------------
// On the manifest object.

type Json = unknown;

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isContainer(value: Json): value is Record<string, Json> | Json[] {
  return typeof value === 'object' && value !== null;
}

function setAt(root: Record<string, Json>, path: JsonPath, value: Json): void {
  let node: Json = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const container = node as Record<string | number, Json>;
    if (!isContainer(container[key])) container[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = container[key];
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (Array.isArray(node) && typeof last === 'number' && last >= node.length)
    node.push(clone(value));
  else (node as Record<string | number, Json>)[last] = clone(value);
}

function getAt(root: Json, path: JsonPath): Json {
  let node: Json = root;
  for (const key of path) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

function removeAt(root: Json, path: JsonPath): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!isContainer(parent) || last === undefined) return;
  if (Array.isArray(parent)) {
    if (typeof last === 'number' && last < parent.length) parent.splice(last, 1);
  } else {
    delete parent[String(last)];
  }
}

/** Applies changes to a manifest object (a copy; the argument is not touched). */
export function applyChangesToManifest(manifest: Manifest, changes: readonly Change[]): Manifest {
  const out = clone(manifest) as Record<string, Json>;
  for (const change of applicationOrder(changes)) {
    if (change.path.length === 0) continue;
    if (change.op === 'set') setAt(out, change.path, change.value);
    else if (change.op === 'remove') removeAt(out, change.path);
    else {
      const array = getAt(out, change.path);
      if (Array.isArray(array)) array.push(clone(change.value));
      else setAt(out, change.path, [change.value]);
    }
  }
  return out as Manifest;
}

// ---------------------------------------------------------------------------------------------
// On the manifest text.

/** jsonc-parser's `SyntaxKind` values (a const enum, which isolated modules cannot read). */
const TOKEN = { comma: 5, lineComment: 12, blockComment: 13, lineBreak: 14, trivia: 15, eof: 17 };

function parseRoot(text: string): Node | undefined {
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function indentUnitOf(text: string): string {
  const m = /^[ \t]*[{[][^\n]*\r?\n([ \t]+)\S/m.exec(text);
  const unit = m?.[1];
  return unit && unit.length <= 8 ? unit : '  ';
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The line that ends just before `offset` (a line start), without its line break. */
function previousLine(text: string, offset: number): { start: number; text: string } {
  let end = offset;
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  const start = lineStart(text, end);
  return { start, text: text.slice(start, end) };
}

/** Past the line break at `offset` (which is a line end). */
function pastBreak(text: string, offset: number): number {
  if (text.startsWith('\r\n', offset)) return offset + 2;
  if (text[offset] === '\n' || text[offset] === '\r') return offset + 1;
  return offset;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

function sameLine(text: string, a: number, b: number): boolean {
  return !/[\r\n]/.test(text.slice(Math.min(a, b), Math.max(a, b)));
}

/** The first token after `offset` that is not whitespace or a comment. */
function nextToken(text: string, offset: number): { kind: number; offset: number; end: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (;;) {
    const kind = scanner.scan();
    if (kind >= TOKEN.lineComment && kind <= TOKEN.trivia) continue;
    return {
      kind,
      offset: scanner.getTokenOffset(),
      end: scanner.getTokenOffset() + scanner.getTokenLength(),
    };
  }
}

/** `{ "a": 1, "b": [1, 2] }`: one line, spaced as a person writes it inline. */
function inlineJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (isContainer(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Pretty JSON whose continuation lines start at `indent`. */
function blockJson(value: Json, indent: string, unit: string, eol: string): string {
  const text = JSON.stringify(value, null, unit) ?? 'null';
  return text.split('\n').join(eol + indent);
}

function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

function isCommentLine(line: string): boolean {
  const t = line.trim();
  return t.startsWith('//') || (t.startsWith('/*') && t.endsWith('*/'));
}

/** The rest of the line after `offset` is blank or a `//` comment. */
function restIsTrivia(text: string, offset: number): boolean {
  const rest = text.slice(offset, lineEnd(text, offset)).trim();
  return rest === '' || rest.startsWith('//') || (rest.startsWith('/*') && rest.endsWith('*/'));
}

/**
 * Removing an array element or an object member, with the comments written directly above it
 * (and after it on its line), and the comma that separated it.
 */
function removalEdits(text: string, node: Node): Edit[] | undefined {
  const member = node.parent?.type === 'property' ? node.parent : node;
  const container = member.parent;
  if (!container?.children) return undefined;
  const siblings = container.children;
  const index = siblings.indexOf(member);
  if (index < 0) return undefined;
  const start = member.offset;
  const end = member.offset + member.length;
  const after = nextToken(text, end);
  const hasComma = after.kind === TOKEN.comma;
  const endWithComma = hasComma ? after.end : end;
  const ownLines =
    isBlank(text.slice(lineStart(text, start), start)) && restIsTrivia(text, endWithComma);
  const edits: Edit[] = [];
  let blockStart = start;
  let blockEnd = endWithComma;
  if (ownLines) {
    blockStart = lineStart(text, start);
    while (blockStart > 0 && isCommentLine(previousLine(text, blockStart).text))
      blockStart = previousLine(text, blockStart).start;
    blockEnd = pastBreak(text, lineEnd(text, endWithComma));
    // Do not leave two blank lines (or a blank line before the closing bracket) behind.
    const before = blockStart > 0 ? previousLine(text, blockStart) : undefined;
    if (before && isBlank(before.text)) {
      const next = text.slice(blockEnd, lineEnd(text, blockEnd));
      if (isBlank(next) && blockEnd < text.length)
        blockEnd = pastBreak(text, lineEnd(text, blockEnd));
      else if (/^\s*[\]}]/.test(next)) blockStart = before.start;
    }
  } else if (hasComma) {
    blockEnd = nextToken(text, after.end).offset;
    if (!sameLine(text, after.end, blockEnd)) blockEnd = after.end;
  }
  if (!hasComma && index > 0) {
    const previous = siblings[index - 1]!;
    const comma = nextToken(text, previous.offset + previous.length);
    if (comma.kind !== TOKEN.comma) return undefined;
    if (ownLines) edits.push({ offset: comma.offset, length: 1, content: '' });
    else blockStart = comma.offset;
  }
  edits.push({ offset: blockStart, length: blockEnd - blockStart, content: '' });
  return edits;
}

/** Adds a member (key given) or an element (key undefined) at the end of a container. */
function insertionEdits(
  text: string,
  container: Node,
  key: string | undefined,
  value: Json,
): Edit[] | undefined {
  const unit = indentUnitOf(text);
  const eol = eolOf(text);
  const children = container.children ?? [];
  const open = container.offset;
  const close = container.offset + container.length - 1;
  const head = key === undefined ? '' : `${JSON.stringify(key)}: `;
  if (children.length === 0) {
    const inner = text.slice(open + 1, close);
    if (!isBlank(inner.replace(/[\r\n]/g, ''))) return undefined;
    if (container.parent === undefined) {
      const item = `${head}${blockJson(value, unit, unit, eol)}`;
      return [
        { offset: open + 1, length: close - open - 1, content: `${eol}${unit}${item}${eol}` },
      ];
    }
    return [
      { offset: open + 1, length: close - open - 1, content: ` ${head}${inlineJson(value)} ` },
    ];
  }
  const last = children[children.length - 1]!;
  const lastEnd = last.offset + last.length;
  const after = nextToken(text, lastEnd);
  const trailingComma = after.kind === TOKEN.comma;
  const multiLine = !sameLine(text, open, last.offset);
  if (!multiLine) {
    if (trailingComma) return undefined;
    return [{ offset: lastEnd, length: 0, content: `, ${head}${inlineJson(value)}` }];
  }
  const afterComma = trailingComma ? after.end : lastEnd;
  if (!restIsTrivia(text, afterComma)) return undefined;
  const indent = indentAt(text, last.offset);
  const item = `${head}${blockJson(value, indent, unit, eol)}`;
  const edits: Edit[] = [];
  if (!trailingComma) edits.push({ offset: lastEnd, length: 0, content: ',' });
  edits.push({
    offset: lineEnd(text, afterComma),
    length: 0,
    content: `${eol}${indent}${item}${trailingComma ? ',' : ''}`,
  });
  return edits;
}

/** The nested value that puts `value` at `tail` below an existing node (`["a", "b"]` → `{ a: { b: value } }`). */
function nest(tail: JsonPath, value: Json): Json {
  let out = value;
  for (let i = tail.length - 1; i >= 0; i--) {
    const key = tail[i];
    out = typeof key === 'number' ? [out] : { [String(key)]: out };
  }
  return out;
}

function fallback(text: string, path: JsonPath, value: Json, insertion = false): Edit[] {
  return modify(text, path, value, {
    formattingOptions: { tabSize: 2, insertSpaces: true, eol: eolOf(text) },
    isArrayInsertion: insertion,
  });
}

function editsFor(text: string, change: Change): Edit[] {
  const root = parseRoot(text);
  const path = change.path;
  if (!root || root.type !== 'object') {
    if (change.op === 'remove') return [];
    const value = change.op === 'append' ? [change.value] : change.value;
    if (root) return fallback(text, path, value);
    // Empty text (or only comments) is the empty manifest: write the object after the comments.
    const eol = eolOf(text);
    const sep = text === '' || /[\r\n]$/.test(text) ? '' : eol;
    const object = blockJson(nest(path, value), '', '  ', eol);
    return [{ offset: text.length, length: 0, content: `${sep}${object}${eol}` }];
  }
  const node = path.length ? findNodeAtLocation(root, path) : root;
  if (change.op === 'remove') {
    if (!node || path.length === 0) return [];
    return removalEdits(text, node) ?? fallback(text, path, undefined);
  }
  if (change.op === 'append' && node?.type === 'array') {
    return (
      insertionEdits(text, node, undefined, change.value) ??
      fallback(text, [...path, -1], change.value, true)
    );
  }
  const value = change.op === 'append' ? [change.value] : change.value;
  if (node) return fallback(text, path, value);
  // The entry is missing: add it (with any missing parents) to its deepest existing ancestor.
  let depth = path.length - 1;
  let parent: Node | undefined;
  while (depth >= 0) {
    parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
    if (parent) break;
    depth--;
  }
  if (!parent) return fallback(text, path, value);
  const key = path[depth];
  const nested = nest(path.slice(depth + 1), value);
  if (parent.type === 'object' && typeof key === 'string')
    return insertionEdits(text, parent, key, nested) ?? fallback(text, path, value);
  if (parent.type === 'array' && typeof key === 'number')
    return insertionEdits(text, parent, undefined, nested) ?? fallback(text, path, value);
  return fallback(text, path, value);
}

/** An emptied container that is left with only blank lines becomes `[]` / `{}`. */
function collapseEmpty(text: string, containerPath: JsonPath): string {
  const root = parseRoot(text);
  if (!root || containerPath.length === 0) return text;
  const node = findNodeAtLocation(root, containerPath);
  if (!node || (node.type !== 'array' && node.type !== 'object') || node.children?.length)
    return text;
  const inner = text.slice(node.offset + 1, node.offset + node.length - 1);
  if (!/^\s*$/.test(inner) || !/[\r\n]/.test(inner)) return text;
  return applyEdits(text, [{ offset: node.offset + 1, length: inner.length, content: '' }]);
}

/**
 * Applies changes to manifest text (JSONC). Comments and the layout of everything the changes
 * do not touch stay as they were: a removed entry takes the comment lines directly above it
 * along, new entries follow the indentation around them (two spaces by default). Changes whose
 * target is already gone are skipped.
 */
export function applyChanges(manifestText: string, changes: readonly Change[]): string {
  let text = manifestText;
  for (const change of applicationOrder(changes)) {
    const edits = editsFor(text, change);
    if (edits.length === 0) continue;
    text = applyEdits(text, edits);
    if (change.op === 'remove') text = collapseEmpty(text, change.path.slice(0, -1));
  }
  return text;
}
