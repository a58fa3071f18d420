/** Two runs side by side: calls whose verdict changed, calls in one run only, output, files, exit. */
import type { CallEvent } from '../runtime/events';
import type { FileEntry } from '../runtime/vfs/diff';
import { textDiff, type DiffLine } from './diff';
import { callKey, type EventKeyOptions } from './fingerprint';

/** What a run left behind (the page's run result, the CLI's, or the Node test harness's). */
export interface RunRecord {
  events: readonly CallEvent[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
  status: string;
  files: readonly FileEntry[];
}

/** The same call (n-th occurrence of the same interface, function and arguments) in both runs. */
export interface CallPair {
  key: string;
  /** 1-based: the n-th time this call appears in each run. */
  occurrence: number;
  a: CallEvent;
  b: CallEvent;
}

export interface FileDifference {
  path: string;
  /** `only-a` / `only-b`: the path exists after one run only; `content`: bytes, kind or target differ. */
  difference: 'only-a' | 'only-b' | 'content';
  a?: FileEntry;
  b?: FileEntry;
}

export interface RunComparison {
  /** Nothing below differs (same exit, output, files, and every call with the same verdict and rule). */
  same: boolean;
  status: { a: string; b: string; same: boolean };
  exitCode: { a: number | null; b: number | null; same: boolean };
  /** Calls made in both runs whose verdict differs, in the order of run a. */
  verdictChanges: CallPair[];
  /** Calls with the same verdict but another deciding rule (`mounts[0] read-write` → `mounts[0] read-only`). */
  ruleChanges: CallPair[];
  /** Calls (occurrences) made only in run a / only in run b, in their run's order. */
  onlyInA: CallEvent[];
  onlyInB: CallEvent[];
  stdout: { same: boolean; diff: DiffLine[] };
  stderr: { same: boolean; diff: DiffLine[] };
  files: FileDifference[];
}

function occurrenceKeys(events: readonly CallEvent[], options: EventKeyOptions): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const key = callKey(e, options);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${n}\u0000${key}`;
  });
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compareFiles(a: readonly FileEntry[], b: readonly FileEntry[]): FileDifference[] {
  const byPath = (entries: readonly FileEntry[]) =>
    new Map(entries.filter((e) => e.status !== 'deleted').map((e) => [e.path, e]));
  const left = byPath(a);
  const right = byPath(b);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  const out: FileDifference[] = [];
  for (const path of paths) {
    const x = left.get(path);
    const y = right.get(path);
    if (x && !y) out.push({ path, difference: 'only-a', a: x });
    else if (!x && y) out.push({ path, difference: 'only-b', b: y });
    else if (x && y && (x.kind !== y.kind || x.target !== y.target || !sameBytes(x.bytes, y.bytes)))
      out.push({ path, difference: 'content', a: x, b: y });
  }
  return out;
}

/**
 * Compares two runs. Calls are aligned by what they are, not by `seq`: the n-th
 * `open-at(descriptor(/data), …, "note.txt", …)` of run a meets the n-th one of run b, so one
 * extra call early on does not shift everything after it. `maskVolatile` aligns calls whose
 * arguments differ only in byte contents (e.g. printed timings).
 */
export function compareRuns(
  a: RunRecord,
  b: RunRecord,
  options: EventKeyOptions = {},
): RunComparison {
  const keysA = occurrenceKeys(a.events, options);
  const keysB = occurrenceKeys(b.events, options);
  const inB = new Map<string, number>();
  keysB.forEach((k, i) => inB.set(k, i));
  const matchedB = new Set<number>();
  const verdictChanges: CallPair[] = [];
  const ruleChanges: CallPair[] = [];
  const onlyInA: CallEvent[] = [];
  keysA.forEach((k, i) => {
    const ea = a.events[i]!;
    const j = inB.get(k);
    if (j === undefined) {
      onlyInA.push(ea);
      return;
    }
    matchedB.add(j);
    const eb = b.events[j]!;
    const cut = k.indexOf('\u0000');
    const pair = { key: k.slice(cut + 1), occurrence: Number(k.slice(0, cut)), a: ea, b: eb };
    if (ea.verdict !== eb.verdict) verdictChanges.push(pair);
    else if (ea.rule !== eb.rule) ruleChanges.push(pair);
  });
  const onlyInB = b.events.filter((_, j) => !matchedB.has(j));
  const stdoutDiff = textDiff(a.stdout, b.stdout);
  const stderrDiff = textDiff(a.stderr, b.stderr);
  const stdout = { same: a.stdout === b.stdout, diff: stdoutDiff };
  const stderr = { same: a.stderr === b.stderr, diff: stderrDiff };
  const files = compareFiles(a.files, b.files);
  const status = { a: a.status, b: b.status, same: a.status === b.status };
  const exitCode = { a: a.exitCode, b: b.exitCode, same: a.exitCode === b.exitCode };
  return {
    same:
      status.same &&
      exitCode.same &&
      verdictChanges.length === 0 &&
      ruleChanges.length === 0 &&
      onlyInA.length === 0 &&
      onlyInB.length === 0 &&
      stdout.same &&
      stderr.same &&
      files.length === 0,
    status,
    exitCode,
    verdictChanges,
    ruleChanges,
    onlyInA,
    onlyInB,
    stdout,
    stderr,
    files,
  };
}
