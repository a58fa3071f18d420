/**
 * Readable one-line summaries of WASI values for the capability log: short, cheap to compute
 * (they run on every call), and never the raw objects (events cross worker boundaries).
 */

const MAX_TEXT = 80;
const MAX_ITEMS = 6;

export type ResourceNamer = (value: object) => string | undefined;

function quote(text: string): string {
  const shown = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return JSON.stringify(shown);
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Previews of one-byte buffers (the commonest write of all), made once each. */
const oneByte: (string | undefined)[] = new Array<string | undefined>(256);

function bytesPreview(bytes: Uint8Array): string {
  const length = bytes.byteLength;
  if (length === 1) {
    const b = bytes[0]!;
    return (oneByte[b] ??= bytesPreviewOf(bytes));
  }
  return bytesPreviewOf(bytes);
}

function bytesPreviewOf(bytes: Uint8Array): string {
  const length = bytes.byteLength;
  const headLength = Math.min(length, 48);
  let printable = true;
  let ascii = true;
  for (let i = 0; i < headLength; i++) {
    const b = bytes[i]!;
    if (b < 9 || (b > 13 && b < 32)) {
      printable = false;
      break;
    }
    if (b >= 0x80) ascii = false;
  }
  const size = `${length} byte${length === 1 ? '' : 's'}`;
  if (!printable || length === 0) return `<${size}>`;
  let text: string;
  if (ascii) {
    // ASCII decodes to itself: no decoder call.
    text = '';
    for (let i = 0; i < headLength; i++) text += String.fromCharCode(bytes[i]!);
  } else text = textDecoder.decode(bytes.subarray(0, headLength));
  return `<${size} ${quote(length > headLength ? `${text}…` : text)}>`;
}

/**
 * A WIT flags object such as `{ create: true, truncate: false }` as `create` (its set flags,
 * `|`-joined, or `(no flags)`); undefined when the object is not flags (not every value a
 * boolean, or no values).
 */
function flagsText(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  let set: string | undefined;
  for (let i = 0; i < keys.length; i++) {
    const on = value[keys[i]!];
    if (typeof on !== 'boolean') return undefined;
    if (on) set = set === undefined ? camelToKebab(keys[i]!) : `${set}|${camelToKebab(keys[i]!)}`;
  }
  return set ?? '(no flags)';
}

export function summarize(value: unknown, nameResource?: ResourceNamer, depth = 0): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return '()';
    case 'function':
      return 'fn';
    case 'symbol':
      return String(value);
  }
  if (value === null) return 'none';
  if (value instanceof Uint8Array) return bytesPreview(value);
  if (ArrayBuffer.isView(value)) return `<${(value as ArrayBufferView).byteLength} bytes>`;
  const named = nameResource?.(value as object);
  if (named) return named;
  if (depth >= 3) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summarize(v, nameResource, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return `[${items.join(', ')}]`;
  }
  const record = value as Record<string, unknown>;
  if ('tag' in record && typeof record.tag === 'string') {
    return 'val' in record && record.val !== undefined
      ? `${record.tag}(${summarize(record.val, nameResource, depth + 1)})`
      : record.tag;
  }
  const flags = flagsText(record);
  if (flags !== undefined) return flags;
  const fields = Object.entries(record)
    .slice(0, MAX_ITEMS)
    .map(([k, v]) => `${camelToKebab(k)}: ${summarize(v, nameResource, depth + 1)}`);
  return `{${fields.join(', ')}}`;
}

const kebabNames = new Map<string, string>();

/** `openAt` -> `open-at`, `getRandomBytes` -> `get-random-bytes`, `HTTPRequest` -> `http-request`. */
export function camelToKebab(name: string): string {
  // Called for every flag of every call: the few names WASI has are converted once.
  let kebab = kebabNames.get(name);
  if (kebab === undefined) {
    kebab = name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .toLowerCase();
    if (kebabNames.size < 4096) kebabNames.set(name, kebab);
  }
  return kebab;
}

/** A thrown WASI error value (`'access'`, `{ tag: 'closed' }`, `{ payload }`) as `err(access)`. */
export function summarizeError(error: unknown, nameResource?: ResourceNamer): string {
  if (error && typeof error === 'object' && (error as { exitError?: unknown }).exitError === true) {
    return `exit(${(error as { code?: unknown }).code})`;
  }
  if (error instanceof Error) return `trap: ${error.message}`;
  const payload =
    error && typeof error === 'object' && 'payload' in error
      ? (error as { payload: unknown }).payload
      : error;
  return `err(${summarize(payload, nameResource)})`;
}
