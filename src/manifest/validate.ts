/**
 * The positioned validator: walks the JSONC syntax tree alongside the zod schema and says, in a
 * learner's words and at the exact text, what does not fit: unknown fields (with the closest
 * known one), wrong types, missing fields, duplicate keys. Leaf values are checked by zod itself
 * (the schema stays the one source of truth); only the messages and positions are made here.
 */
import type { Node } from 'jsonc-parser';
import { getNodeValue } from 'jsonc-parser';
import { z } from 'zod';
import { learnerHints } from './schema';
import { pathLabel } from './semantic';
import { closest } from './suggest';

export interface RawDiagnostic {
  offset: number;
  length: number;
  message: string;
  severity: 'error' | 'warning';
  path: (string | number)[];
}

type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
const ALL_KINDS: readonly JsonKind[] = ['object', 'array', 'string', 'number', 'boolean', 'null'];

interface Context {
  text: string;
  /** Field names of every object option of the union being tried (for suggestions). */
  unionKeys?: readonly string[];
  unionExpected?: string;
}

/** The schema's kind ("object", "union", …). Cheaper than `instanceof` on zod classes. */
function tag(schema: z.ZodType): string {
  return schema.def.type;
}

function isObject(s: z.ZodType): s is z.ZodObject {
  return tag(s) === 'object';
}
function isRecord(s: z.ZodType): s is z.ZodRecord {
  return tag(s) === 'record';
}
function isArray(s: z.ZodType): s is z.ZodArray<z.ZodType> {
  return tag(s) === 'array';
}
function isUnion(s: z.ZodType): s is z.ZodUnion {
  return tag(s) === 'union';
}
function isString(s: z.ZodType): s is z.ZodString {
  return tag(s) === 'string';
}
function isNumber(s: z.ZodType): s is z.ZodNumber {
  return tag(s) === 'number';
}
function isLiteral(s: z.ZodType): s is z.ZodLiteral {
  return tag(s) === 'literal';
}
function isEnum(s: z.ZodType): s is z.ZodEnum {
  return tag(s) === 'enum';
}

function isOptional(schema: z.ZodType): schema is z.ZodOptional {
  return tag(schema) === 'optional';
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (isOptional(s)) s = s.unwrap() as z.ZodType;
  return s;
}

const kindsCache = new WeakMap<z.ZodType, Set<JsonKind>>();

function kindsOf(schema: z.ZodType): Set<JsonKind> {
  let kinds = kindsCache.get(schema);
  if (!kinds) {
    kinds = computeKinds(schema);
    kindsCache.set(schema, kinds);
  }
  return kinds;
}

function computeKinds(schema: z.ZodType): Set<JsonKind> {
  const s = unwrap(schema);
  if (isString(s) || isEnum(s)) return new Set(['string']);
  if (isNumber(s)) return new Set(['number']);
  if (tag(s) === 'boolean') return new Set(['boolean']);
  if (isObject(s) || isRecord(s)) return new Set(['object']);
  if (isArray(s)) return new Set(['array']);
  if (isLiteral(s)) {
    const kinds = new Set<JsonKind>();
    for (const v of s.values) kinds.add(v === null ? 'null' : (typeof v as JsonKind));
    return kinds;
  }
  if (isUnion(s)) {
    const kinds = new Set<JsonKind>();
    for (const o of s.options as readonly z.ZodType[]) for (const k of kindsOf(o)) kinds.add(k);
    return kinds;
  }
  return new Set(ALL_KINDS);
}

export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const SAFE = Number.MAX_SAFE_INTEGER;

function describeNumber(s: z.ZodNumber): string {
  const base = s.isInt ? 'a whole number' : 'a number';
  const min = s.minValue !== null && Math.abs(s.minValue) < SAFE ? s.minValue : undefined;
  const max = s.maxValue !== null && Math.abs(s.maxValue) < SAFE ? s.maxValue : undefined;
  if (min !== undefined && max !== undefined) return `${base} from ${min} to ${max}`;
  if (min !== undefined) return `${base}, ${min} or more`;
  if (max !== undefined) return `${base}, at most ${max}`;
  return base;
}

/** What a schema accepts, in words a learner understands. */
export function describe(schema: z.ZodType): string {
  const hinted = learnerHints.get(schema)?.expected;
  if (hinted) return hinted;
  const s = unwrap(schema);
  const hintedInner = learnerHints.get(s)?.expected;
  if (hintedInner) return hintedInner;
  if (isString(s)) return (s.minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
  if (isNumber(s)) return describeNumber(s);
  if (tag(s) === 'boolean') return 'true or false';
  if (isLiteral(s)) return joinOr([...s.values].map((v) => JSON.stringify(v)));
  if (isEnum(s)) return joinOr((s.options as unknown[]).map((v) => JSON.stringify(v)));
  if (isArray(s)) {
    const element = unwrap(s.element as z.ZodType);
    if (isString(element)) return 'a list of strings, like ["a", "b"]';
    if (isObject(element)) return 'a list of objects, like [ { … } ]';
    return 'a list [ … ]';
  }
  if (isRecord(s)) {
    const value = unwrap(s.valueType as z.ZodType);
    if (isString(value)) return 'an object of "name": "text" pairs';
    return 'an object { "name": … }';
  }
  if (isObject(s)) {
    const shape = s.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    if (keys.length === 0) return '{}';
    if (keys.length === 1) {
      const [key] = keys as [string];
      const inner = unwrap(shape[key] as z.ZodType);
      const example = isLiteral(inner)
        ? JSON.stringify([...inner.values][0])
        : isString(inner)
          ? '"…"'
          : `<${describe(inner).replace(/^an? /, '')}>`;
      return `{ "${key}": ${example} }`;
    }
    return 'an object { … }';
  }
  if (isUnion(s)) return joinOr((s.options as readonly z.ZodType[]).map(describe));
  return 'a valid value';
}

function describeValue(node: Node, text: string): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string': {
      const raw = text.slice(node.offset, node.offset + node.length);
      return raw.length > 42 ? `${raw.slice(0, 40)}…"` : raw;
    }
    default:
      return text.slice(node.offset, node.offset + node.length).slice(0, 40);
  }
}

function subject(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'The manifest' : pathLabel(path);
}

/** Where to underline a value: all of it, or only its first line for a big block. */
function valueSpan(node: Node, text: string): { offset: number; length: number } {
  if (node.type === 'object' || node.type === 'array') {
    const body = text.slice(node.offset, node.offset + node.length);
    const nl = body.search(/[\r\n]/);
    if (nl >= 0) return { offset: node.offset, length: 1 };
  }
  return { offset: node.offset, length: node.length };
}

function push(
  out: RawDiagnostic[],
  span: { offset: number; length: number },
  message: string,
  path: (string | number)[],
): void {
  out.push({ ...span, message, severity: 'error', path });
}

function typeError(
  schema: z.ZodType,
  node: Node,
  path: (string | number)[],
  ctx: Context,
  out: RawDiagnostic[],
) {
  let message = `${subject(path)} must be ${describe(schema)}, not ${describeValue(node, ctx.text)}.`;
  if (node.type === 'string' && typeof node.value === 'string') {
    const words = stringChoices(schema);
    const guess = closest(node.value, words);
    if (guess !== undefined) message += ` Did you mean "${guess}"?`;
  }
  if (node.type === 'null' && path.length > 0) message += ' To leave it out, delete the field.';
  const hint = learnerHints.get(unwrap(schema))?.hint;
  if (hint) message += ` ${hint}`;
  push(out, valueSpan(node, ctx.text), message, path);
}

/** Every string literal / enum value a schema accepts (for "did you mean"). */
function stringChoices(schema: z.ZodType): string[] {
  const s = unwrap(schema);
  if (isLiteral(s)) return [...s.values].filter((v): v is string => typeof v === 'string');
  if (isEnum(s)) return (s.options as unknown[]).filter((v): v is string => typeof v === 'string');
  if (isUnion(s)) return (s.options as readonly z.ZodType[]).flatMap(stringChoices);
  return [];
}

function objectKeys(schema: z.ZodType): string[] {
  const s = unwrap(schema);
  if (isObject(s)) return Object.keys(s.shape as object);
  if (isUnion(s)) return (s.options as readonly z.ZodType[]).flatMap(objectKeys);
  return [];
}

function checkObject(
  s: z.ZodObject,
  node: Node,
  path: (string | number)[],
  ctx: Context,
  out: RawDiagnostic[],
): void {
  const shape = s.shape as Record<string, z.ZodType>;
  const strict = s.def.catchall !== undefined && tag(s.def.catchall as z.ZodType) === 'never';
  const known = Object.keys(shape);
  const seen = new Map<string, Node>();
  /** Required fields that an unknown field was taken for ("sed" → "seed"): one message is enough. */
  const misspelt = new Set<string>();
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const key = keyNode.value;
    const first = seen.get(key);
    if (first) {
      push(
        out,
        { offset: keyNode.offset, length: keyNode.length },
        `Duplicate field "${key}": ${subject(path) === 'The manifest' ? 'the manifest' : subject(path)} already has one. Keep only one of them.`,
        [...path, key],
      );
      continue;
    }
    seen.set(key, keyNode);
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (fieldSchema === undefined) {
      if (!strict) continue;
      const where = path.length === 0 ? '' : ` in ${pathLabel(path)}`;
      const candidates = ctx.unionKeys ?? known;
      const guess = closest(
        key,
        candidates.filter((k) => k !== '$schema'),
      );
      let message = `Unknown field "${key}"${where}.`;
      if (guess !== undefined) {
        message += ` Did you mean "${guess}"?`;
        misspelt.add(guess);
      } else if (ctx.unionExpected) message += ` Expected ${ctx.unionExpected}.`;
      else if (known.length === 0) message += ' This object must be empty: {}.';
      else
        message += ` ${path.length === 0 ? 'The manifest' : 'It'} may have: ${known.filter((k) => k !== '$schema').join(', ')}.`;
      push(out, { offset: keyNode.offset, length: keyNode.length }, message, [...path, key]);
      continue;
    }
    if (valueNode) check(fieldSchema, valueNode, [...path, key], { text: ctx.text }, out);
  }
  for (const key of known) {
    const field = shape[key];
    if (!field || isOptional(field) || seen.has(key) || misspelt.has(key)) continue;
    const doc = field.description;
    push(
      out,
      { offset: node.offset, length: 1 },
      `${subject(path)} needs a "${key}" field${doc ? `: ${doc}` : '.'}`,
      [...path, key],
    );
  }
}

/** Validates `node` against `schema`, appending what does not fit to `out`. */
export function check(
  schema: z.ZodType,
  node: Node,
  path: (string | number)[],
  ctx: Context,
  out: RawDiagnostic[],
): void {
  const s = unwrap(schema);
  const kind = node.type as JsonKind;
  if (isUnion(s)) {
    checkUnion(s, node, path, ctx, out);
    return;
  }
  if (!kindsOf(s).has(kind)) {
    typeError(schema, node, path, ctx, out);
    return;
  }
  if (isObject(s)) {
    checkObject(s, node, path, ctx, out);
    return;
  }
  if (isRecord(s)) {
    const names = new Set<string>();
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || typeof keyNode.value !== 'string' || !valueNode) continue;
      const key = keyNode.value;
      const span = { offset: keyNode.offset, length: keyNode.length };
      if (names.has(key)) {
        push(out, span, `Duplicate name "${key}" in ${subject(path)}: keep only one of them.`, [
          ...path,
          key,
        ]);
        continue;
      }
      names.add(key);
      if (key === '__proto__') {
        // JavaScript objects cannot hold this name as data; refuse it rather than lose it.
        push(out, span, `"__proto__" cannot be used as a name in ${subject(path)}.`, [
          ...path,
          key,
        ]);
        continue;
      }
      check(s.valueType as z.ZodType, valueNode, [...path, key], { text: ctx.text }, out);
    }
    return;
  }
  if (isArray(s)) {
    (node.children ?? []).forEach((child, i) =>
      check(s.element as z.ZodType, child, [...path, i], { text: ctx.text }, out),
    );
    return;
  }
  // A leaf: zod decides, the message is ours.
  const value: unknown = getNodeValue(node);
  if (!s.safeParse(value).success) {
    if (isString(s) && typeof value === 'string' && value === '' && (s.minLength ?? 0) > 0) {
      push(out, valueSpan(node, ctx.text), `${subject(path)} must not be empty.`, path);
      return;
    }
    typeError(schema, node, path, ctx, out);
  }
}

function checkUnion(
  s: z.ZodUnion,
  node: Node,
  path: (string | number)[],
  ctx: Context,
  out: RawDiagnostic[],
): void {
  const kind = node.type as JsonKind;
  // Only options of the value's JSON kind can fit; the others need not be tried.
  const fitting = (s.options as readonly z.ZodType[]).filter((o) => kindsOf(o).has(kind));
  if (fitting.length === 0) {
    typeError(s, node, path, ctx, out);
    return;
  }
  const inner: Context = { text: ctx.text, unionKeys: objectKeys(s), unionExpected: describe(s) };
  const attempts = fitting.map((option) => {
    const found: RawDiagnostic[] = [];
    check(option, node, path, inner, found);
    return found;
  });
  if (attempts.some((a) => a.length === 0)) return;
  if (attempts.length === 1) {
    out.push(...(attempts[0] ?? []));
    return;
  }
  if (kind !== 'object' && kind !== 'array') {
    typeError(s, node, path, ctx, out);
    return;
  }
  // Several object options: report the one that fits best (fewest, then deepest, problems).
  const score = (diags: RawDiagnostic[]) =>
    diags.length * 100 - Math.max(0, ...diags.map((d) => d.path.length));
  let best = attempts[0] ?? [];
  for (const a of attempts) if (score(a) < score(best)) best = a;
  out.push(...best);
}
