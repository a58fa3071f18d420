/**
 * RunEvents (./run-event.ts) checked by hand: `batch`, which the page receives hundreds of
 * times a second, and `done`, which carries the whole final file tree; zod cost more than
 * decoding them (half of the page's share of a file-heavy run). Accepts nothing
 * `runEventSchema` refuses (run-event-check.test.ts holds the two together). The CLI checks its
 * guest process's messages with these too (sandbox/check-message.ts); the page checks the rarer
 * messages with the schema. The calls inside a batch are checked as they are decoded
 * (EventDecoder).
 */
import { MAX_FIELD_CHARS } from './event-limits';
import type { RunEventOf } from './run-event';

const MAX_LIST = 100_000;
const MAX_FILE_CHANGES = 1_000_000;
const MAX_PATH = 1 << 20;
const MAX_OUTPUT_BYTES = 64 << 20;
export const isFiniteNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whether every key of `m` is one of `allowed` (no array made per check: it runs per item). */
export function hasOnly(m: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in m) if (!allowed.has(key)) return false;
  return true;
}
export const keys = (...names: string[]): ReadonlySet<string> => new Set(names);
const OUTPUT_KEYS = keys('stream', 'bytes');
const COUNTED_KEYS = keys('granted', 'byInterface');
const SETTLED_KEYS = keys('seq', 'result');
const FILE_KEYS = keys('op', 'path', 'size', 'bytes');
const WRITE_KEYS = keys('op', 'path', 'size', 'offset', 'bytes');
const PATH_KEYS = keys('op', 'path');
const SYMLINK_KEYS = keys('op', 'path', 'target');
const MOVE_KEYS = keys('op', 'from', 'to');
const BATCH_KEYS = keys('type', 'runId', 'events', 'output', 'counted', 'settled');
const PAGE_BATCH_KEYS = keys(...BATCH_KEYS, 'files');
const DONE_KEYS = keys('type', 'runId', 'result');
const RESULT_KEYS = keys('status', 'exitCode', 'reason', 'instantiateMs');
const PAGE_RESULT_KEYS = keys(...RESULT_KEYS, 'files', 'returned');
const ENTRY_KEYS = keys('path', 'kind', 'status', 'size', 'bytes', 'target');
const STATUSES = keys('exited', 'trapped', 'error');
const ENTRY_KINDS = keys('file', 'directory', 'symlink');
const ENTRY_STATUSES = keys('created', 'changed', 'deleted', 'unchanged');

function isEncodedEvents(v: unknown): boolean {
  return (
    isRecord(v) &&
    Array.isArray(v.strings) &&
    v.ints instanceof Int32Array &&
    v.times instanceof Float64Array
  );
}

/** A list of at most `max` objects, each passing `ok`. */
function isListOf(
  v: unknown,
  ok: (item: Record<string, unknown>) => boolean,
  max = MAX_LIST,
): boolean {
  if (!Array.isArray(v) || v.length > max) return false;
  for (const x of v) if (!isRecord(x) || !ok(x)) return false;
  return true;
}

const isOutputChunk = (c: Record<string, unknown>) =>
  hasOnly(c, OUTPUT_KEYS) &&
  (c.stream === 'stdout' || c.stream === 'stderr') &&
  c.bytes instanceof Uint8Array &&
  c.bytes.byteLength <= MAX_OUTPUT_BYTES;

function isCounted(v: unknown): boolean {
  return (
    isRecord(v) &&
    hasOnly(v, COUNTED_KEYS) &&
    isCount(v.granted) &&
    isRecord(v.byInterface) &&
    Object.entries(v.byInterface).every(([k, n]) => k.length <= 256 && isCount(n))
  );
}

const isSettledCall = (s: Record<string, unknown>) =>
  hasOnly(s, SETTLED_KEYS) &&
  isCount(s.seq) &&
  typeof s.result === 'string' &&
  s.result.length <= MAX_FIELD_CHARS;

const isPath = (v: unknown) => typeof v === 'string' && v.length <= MAX_PATH;

/** One file delta (vfs/journal.ts FileChange), its op's keys and nothing else. */
function isFileChange(c: Record<string, unknown>): boolean {
  switch (c.op) {
    case 'file':
      return (
        hasOnly(c, FILE_KEYS) &&
        isPath(c.path) &&
        isCount(c.size) &&
        (c.bytes === undefined || c.bytes instanceof Uint8Array)
      );
    case 'write':
      return (
        hasOnly(c, WRITE_KEYS) &&
        isPath(c.path) &&
        isCount(c.size) &&
        isCount(c.offset) &&
        c.bytes instanceof Uint8Array
      );
    case 'directory':
    case 'remove':
      return hasOnly(c, PATH_KEYS) && isPath(c.path);
    case 'symlink':
      return hasOnly(c, SYMLINK_KEYS) && isPath(c.path) && isPath(c.target);
    case 'move':
      return hasOnly(c, MOVE_KEYS) && isPath(c.from) && isPath(c.to);
    default:
      return false;
  }
}

/** What is wrong with a message's type, run id and keys, or undefined. */
function checkEnvelope(
  m: Record<string, unknown>,
  type: string,
  allowed: ReadonlySet<string>,
): string | undefined {
  if (m.type !== type) return 'type';
  if (!Number.isSafeInteger(m.runId)) return 'runId';
  if (!hasOnly(m, allowed)) return 'keys';
  return undefined;
}

/**
 * A `batch` message if `m` is one (its keys and nothing else; file deltas only where
 * `files` allows them: the CLI's guest process sends none), else the name of what is wrong.
 */
export function checkBatch(
  m: Record<string, unknown>,
  { files }: { files: boolean },
): RunEventOf<'batch'> | string {
  const wrong = checkEnvelope(m, 'batch', files ? PAGE_BATCH_KEYS : BATCH_KEYS);
  if (wrong) return wrong;
  if (!isEncodedEvents(m.events)) return 'events';
  if (!isListOf(m.output, isOutputChunk)) return 'output';
  if (m.counted !== undefined && !isCounted(m.counted)) return 'counted';
  if (m.settled !== undefined && !isListOf(m.settled, isSettledCall)) return 'settled';
  if (m.files !== undefined && !isListOf(m.files, isFileChange, MAX_FILE_CHANGES)) return 'files';
  return m as RunEventOf<'batch'>;
}

/** One entry of the final file tree (vfs/diff.ts FileEntry). */
const isFileEntry = (e: Record<string, unknown>) =>
  hasOnly(e, ENTRY_KEYS) &&
  isPath(e.path) &&
  ENTRY_KINDS.has(e.kind as string) &&
  ENTRY_STATUSES.has(e.status as string) &&
  isFiniteNumber(e.size) &&
  (e.bytes === undefined || e.bytes instanceof Uint8Array) &&
  (e.target === undefined || isPath(e.target));

/** What is wrong with a run's result, or undefined (the page's results carry files and `returned`). */
function checkResult(r: unknown, page: boolean): string | undefined {
  if (!isRecord(r) || !hasOnly(r, page ? PAGE_RESULT_KEYS : RESULT_KEYS)) return 'result';
  if (!STATUSES.has(r.status as string)) return 'status';
  if (r.exitCode !== null && !Number.isSafeInteger(r.exitCode)) return 'exitCode';
  if (r.reason !== undefined && (typeof r.reason !== 'string' || r.reason.length > 4096))
    return 'reason';
  if (r.instantiateMs !== undefined && !isFiniteNumber(r.instantiateMs)) return 'instantiateMs';
  if (r.files !== undefined && !isListOf(r.files, isFileEntry, MAX_FILE_CHANGES)) return 'files';
  if (
    r.returned !== undefined &&
    (typeof r.returned !== 'string' || r.returned.length > MAX_FIELD_CHARS)
  )
    return 'returned';
  return undefined;
}

/** A `done` message if `m` is one, else the name of what is wrong. */
export function checkDone(
  m: Record<string, unknown>,
  { files }: { files: boolean },
): RunEventOf<'done'> | string {
  return (
    checkEnvelope(m, 'done', DONE_KEYS) ?? checkResult(m.result, files) ?? (m as RunEventOf<'done'>)
  );
}
