/**
 * Text → manifest. JSONC (comments and trailing commas allowed) in, either a manifest with its
 * resolved form or diagnostics out, every one with a Monaco-ready position. Never throws.
 */
import {
  createScanner,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { resolveManifest, type ResolvedManifest } from './resolve';
import { manifestObjectSchema, manifestSchema, type Manifest } from './schema';
import { semanticIssues, type SemanticIssue } from './semantic';
import { check, type RawDiagnostic } from './validate';

/** A problem in the manifest text. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface Diagnostic {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  /** JSON path of the culprit (`["mounts", 0, "access"]`); `[]` for the whole text. */
  path: (string | number)[];
}

export type ParseResult =
  | { ok: true; manifest: Manifest; resolved: ResolvedManifest; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** jsonc-parser's `SyntaxKind` values (a const enum, which isolated modules cannot read). */
const TOKEN = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  /** LineCommentTrivia … Trivia */
  firstTrivia: 12,
  lastTrivia: 15,
  eof: 17,
} as const;

/** Deeper nesting than this cannot be a manifest (the deepest real field is about 6 levels). */
const MAX_DEPTH = 64;

/** Offsets → 1-based line/column (UTF-16 columns, as Monaco counts). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      } else if (c === 0x0a) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }
  diagnostic(raw: RawDiagnostic): Diagnostic {
    const start = this.position(raw.offset);
    const end = this.position(raw.offset + Math.max(0, raw.length));
    return {
      message: raw.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: raw.severity,
      path: raw.path,
    };
  }
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Where a missing comma belongs: right after the last token (not comment, not space) before
 * `offset`, so "Expected a comma" points at the line that lacks it, not at the next key.
 */
function endOfTokenBefore(text: string, offset: number): number {
  const scanner = createScanner(text, false);
  let end = offset;
  for (let t: number = scanner.scan(); t !== TOKEN.eof; t = scanner.scan()) {
    if (scanner.getTokenOffset() >= offset) break;
    if (t < TOKEN.firstTrivia || t > TOKEN.lastTrivia)
      end = scanner.getTokenOffset() + scanner.getTokenLength();
  }
  return end;
}

function syntaxMessage(error: ParseError, text: string): string {
  const at = text.charAt(error.offset);
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(error.offset, error.offset + 64))?.[0];
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      if (at === "'")
        return 'Use double quotes "…" for strings and field names: JSON does not allow single quotes.';
      if (word !== undefined) {
        const lower = word.toLowerCase();
        if (lower === 'true' || lower === 'false' || lower === 'null')
          return `Write ${lower} in lower case.`;
        if (word === 'undefined' || word === 'NaN' || word === 'Infinity')
          return `${word} is not JSON: leave the field out, or write a number or a string.`;
        return `Field names and text need double quotes: write "${word}".`;
      }
      return `Unexpected character ${JSON.stringify(at)}.`;
    case 'InvalidNumberFormat':
      return 'This is not a valid JSON number (write digits like 42 or 1.5, no leading zeros or "+").';
    case 'PropertyNameExpected':
      return 'Expected a field name in double quotes, such as "args".';
    case 'ValueExpected':
      return 'Expected a value: a string, a number, true, false, null, a list [ … ] or an object { … }.';
    case 'ColonExpected':
      return 'Expected ":" between the field name and its value.';
    case 'CommaExpected':
      return 'Expected a comma "," between two entries.';
    case 'CloseBraceExpected':
      return 'Expected "}" to close this object.';
    case 'CloseBracketExpected':
      return 'Expected "]" to close this list.';
    case 'EndOfFileExpected':
      return 'Unexpected text after the end of the manifest: it must be a single object { … }.';
    case 'InvalidCommentToken':
      return 'Invalid comment: use // for a line or /* … */ for a block.';
    case 'UnexpectedEndOfComment':
      return 'This comment is never closed: add "*/".';
    case 'UnexpectedEndOfString':
      return 'This string is never closed: add a double quote ".';
    case 'UnexpectedEndOfNumber':
      return 'This number is cut short.';
    case 'InvalidUnicode':
      return 'Invalid \\u escape: write exactly four hex digits, like \\u00e9.';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape: inside a string use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX.';
    case 'InvalidCharacter':
      return 'Control characters (such as a line break or a tab) must be escaped inside a string: \\n, \\t.';
    default:
      return `Syntax error (${printParseErrorCode(error.error)}).`;
  }
}

/** Scans tokens (iteratively: no recursion on hostile input) for empty text and deep nesting. */
function prescan(text: string): { empty: boolean; tooDeep?: RawDiagnostic } {
  const scanner = createScanner(text, false);
  let depth = 0;
  let sawValue = false;
  let triviaError = false;
  for (;;) {
    const token = scanner.scan();
    if (token >= TOKEN.firstTrivia && token <= TOKEN.lastTrivia) {
      if (scanner.getTokenError() !== 0) triviaError = true;
      continue;
    }
    if (token === TOKEN.eof) return { empty: !sawValue && !triviaError };
    sawValue = true;
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      depth++;
      if (depth > MAX_DEPTH)
        return {
          empty: false,
          tooDeep: {
            offset: scanner.getTokenOffset(),
            length: 1,
            message: `The manifest is nested more than ${MAX_DEPTH} levels deep; no manifest field goes that deep.`,
            severity: 'error',
            path: [],
          },
        };
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) {
      depth = Math.max(0, depth - 1);
    }
  }
}

/** The span of characters [index, index+length) of a string node's decoded value, in the text. */
function stringSpan(
  text: string,
  node: Node,
  index: number,
  length: number,
): { offset: number; length: number } {
  if (node.type !== 'string') return { offset: node.offset, length: node.length };
  const end = node.offset + node.length - 1;
  let raw = node.offset + 1;
  let decoded = 0;
  const step = () => {
    raw += text[raw] === '\\' ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
    decoded++;
  };
  while (decoded < index && raw < end) step();
  const start = Math.min(raw, end);
  while (decoded < index + Math.max(1, length) && raw < end) step();
  return { offset: start, length: Math.max(Math.min(raw, end) - start, 1) };
}

function semanticSpan(text: string, root: Node, issue: SemanticIssue): RawDiagnostic {
  const valueNode = findNodeAtLocation(root, issue.path) ?? root;
  let node = valueNode;
  if (issue.target === 'key') {
    const keyNode =
      valueNode.parent?.type === 'property' ? valueNode.parent.children?.[0] : undefined;
    if (keyNode) node = keyNode;
  }
  const span =
    issue.index !== undefined
      ? stringSpan(text, node, issue.index, issue.length ?? 1)
      : node.type === 'object' || node.type === 'array'
        ? { offset: node.offset, length: 1 }
        : { offset: node.offset, length: node.length };
  return { ...span, message: issue.message, severity: issue.severity, path: issue.path };
}

function failure(lines: LineIndex, raws: RawDiagnostic[]): ParseResult {
  const diagnostics = raws.map((r) => lines.diagnostic(r)).sort(byPosition);
  return { ok: false, diagnostics };
}

function parseInner(original: string): ParseResult {
  const lines = new LineIndex(original);
  // A byte order mark is not JSON, but editors add it; read past it (positions stay right).
  const bom = original.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? ' ' + original.slice(1) : original;

  const pre = prescan(text);
  if (pre.tooDeep) return failure(lines, [pre.tooDeep]);
  if (pre.empty) {
    const manifest: Manifest = {};
    return { ok: true, manifest, resolved: resolveManifest(manifest), warnings: [] };
  }

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  if (errors.length > 0 || !root) {
    // Report the first error of each line: recovery after an error often trips over the same
    // mistake again, and one clear message per line is what a learner can act on.
    const firstPerLine = errors.filter((e, i) => {
      const previous = errors[i - 1];
      return !previous || lines.position(previous.offset).line !== lines.position(e.offset).line;
    });
    const raws: RawDiagnostic[] = firstPerLine.map((e) => ({
      ...(printParseErrorCode(e.error) === 'CommaExpected'
        ? { offset: endOfTokenBefore(text, e.offset), length: 1 }
        : { offset: e.offset, length: Math.max(1, e.length) }),
      message: syntaxMessage(e, text),
      severity: 'error',
      path: [],
    }));
    if (raws.length === 0)
      raws.push({
        offset: 0,
        length: 0,
        message: 'The manifest must be an object { … }.',
        severity: 'error',
        path: [],
      });
    return failure(lines, raws.slice(0, 50));
  }

  const structural: RawDiagnostic[] = [];
  check(manifestObjectSchema, root, [], { text }, structural);
  if (structural.length > 0) return failure(lines, structural);

  const value: unknown = getNodeValue(root);
  const typed = manifestObjectSchema.safeParse(value);
  if (!typed.success) {
    // The walker and zod disagree (should not happen): report zod's words at its paths.
    return failure(
      lines,
      typed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const node = findNodeAtLocation(root, path) ?? root;
        return { offset: node.offset, length: 1, message: issue.message, severity: 'error', path };
      }),
    );
  }

  const issues = semanticIssues(typed.data).map((i) => semanticSpan(text, root, i));
  if (issues.some((i) => i.severity === 'error')) return failure(lines, issues);

  const full = manifestSchema.safeParse(value);
  if (!full.success) {
    return failure(
      lines,
      full.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const node = findNodeAtLocation(root, path) ?? root;
        return { offset: node.offset, length: 1, message: issue.message, severity: 'error', path };
      }),
    );
  }
  const warnings = issues.map((r) => lines.diagnostic(r)).sort(byPosition);
  return { ok: true, manifest: full.data, resolved: resolveManifest(full.data), warnings };
}

/**
 * Parses and validates a manifest (JSONC). Empty text (or only comments) means `{}`. Never
 * throws: every failure is a diagnostic with a position.
 */
export function parseManifest(text: string): ParseResult {
  try {
    return parseInner(typeof text === 'string' ? text : String(text));
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        {
          message: `Airlock could not read this manifest (${error instanceof Error ? error.message : String(error)}).`,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          severity: 'error',
          path: [],
        },
      ],
    };
  }
}

/** Where a JSON path is in the text (e.g. to highlight the manifest line a rule names). */
export function locatePath(
  text: string,
  path: (string | number)[],
): { line: number; column: number; endLine: number; endColumn: number } | undefined {
  try {
    const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root) return undefined;
    const node = findNodeAtLocation(root, path);
    if (!node) return undefined;
    const target = node.parent?.type === 'property' ? node.parent : node;
    const d = new LineIndex(text).diagnostic({
      offset: target.offset,
      length: target.length,
      message: '',
      severity: 'error',
      path,
    });
    return { line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn };
  } catch {
    return undefined;
  }
}
