/** Line diffs for display: manifest before/after, stdout of two runs. Myers' O(ND) algorithm. */

export interface DiffLine {
  kind: 'same' | 'add' | 'remove';
  text: string;
  /** 1-based line in the old text (same, remove). */
  oldLine?: number;
  /** 1-based line in the new text (same, add). */
  newLine?: number;
}

/** Beyond this many differing lines, the middle is shown as one removal and one addition. */
const MAX_EDIT_DISTANCE = 2000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Shortest edit script between a and b (both already stripped of common ends). */
function myers(
  a: readonly string[],
  b: readonly string[],
): ('same' | 'add' | 'remove')[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if (d > MAX_EDIT_DISTANCE) return undefined;
    // Keep the frontier of the previous round (diagonals -d..d) for the walk back.
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        // Walk back through the saved frontiers.
        const ops: Op[] = [];
        let cx = n;
        let cy = m;
        for (let dd = d; dd > 0; dd--) {
          const pv = trace[dd]!;
          const at = (k: number): number => pv[k + dd]!;
          const kk = cx - cy;
          const down = kk === -dd || (kk !== dd && at(kk - 1) < at(kk + 1));
          const pk = down ? kk + 1 : kk - 1;
          const px = at(pk);
          const py = px - pk;
          while (cx > px && cy > py) {
            ops.push('same');
            cx--;
            cy--;
          }
          ops.push(down ? 'add' : 'remove');
          if (down) cy--;
          else cx--;
        }
        while (cx > 0 && cy > 0) {
          ops.push('same');
          cx--;
          cy--;
        }
        return ops.reverse();
      }
    }
  }
  return undefined;
}

type Op = 'same' | 'add' | 'remove';

/** Indexes of a longest increasing subsequence of `values`. */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i]!) out.push(i);
  return out.reverse();
}

/**
 * Myers when the texts are close; otherwise patience diff: lines that occur once in each text
 * anchor the alignment, and the gaps between anchors are diffed on their own.
 */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length === 0 || b.length === 0)
    return [...a.map((): Op => 'remove'), ...b.map((): Op => 'add')];
  const exact = myers(a, b);
  if (exact) return exact;
  const count = (lines: readonly string[]) => {
    const m = new Map<string, number>();
    lines.forEach((line, i) => m.set(line, m.has(line) ? -1 : i));
    return m;
  };
  const inA = count(a);
  const inB = count(b);
  const pairs: [number, number][] = [];
  inA.forEach((i, line) => {
    const j = inB.get(line);
    if (i >= 0 && j !== undefined && j >= 0) pairs.push([i, j]);
  });
  pairs.sort((x, y) => x[0] - y[0]);
  const anchors = longestIncreasing(pairs.map((p) => p[1])).map((k) => pairs[k]!);
  if (anchors.length === 0) return [...a.map((): Op => 'remove'), ...b.map((): Op => 'add')];
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...anchors, [a.length, b.length] as [number, number]]) {
    ops.push(...diffLines(a.slice(i, ai), b.slice(j, bj)));
    if (ai < a.length) ops.push('same');
    i = ai + 1;
    j = bj + 1;
  }
  return ops;
}

/** The lines of `before` and `after` as kept, removed and added lines, in order. */
export function textDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops = diffLines(midA, midB);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  const same = () => {
    out.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
    i++;
    j++;
  };
  while (i < prefix) same();
  for (const op of ops) {
    if (op === 'same') same();
    else if (op === 'remove') {
      out.push({ kind: 'remove', text: a[i]!, oldLine: i + 1 });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j]!, newLine: j + 1 });
      j++;
    }
  }
  while (i < a.length) same();
  return out;
}

/** Whether a diff has any added or removed line. */
export function hasDifferences(diff: readonly DiffLine[]): boolean {
  return diff.some((d) => d.kind !== 'same');
}

/** A unified diff (`@@ -1,3 +1,4 @@`, ` `/`-`/`+` lines) with `context` lines around changes. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const diff = textDiff(before, after);
  const out: string[] = [];
  let i = 0;
  let previousStop = 0;
  while (i < diff.length) {
    if (diff[i]!.kind === 'same') {
      i++;
      continue;
    }
    const start = Math.max(previousStop, i - context);
    let end = i;
    // Extend the hunk while changes are closer than 2 × context apart.
    for (;;) {
      while (end < diff.length && diff[end]!.kind !== 'same') end++;
      let next = end;
      while (next < diff.length && diff[next]!.kind === 'same') next++;
      if (next < diff.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(diff.length, end + context);
    const hunk = diff.slice(start, stop);
    const oldStart = hunk.find((d) => d.oldLine !== undefined)?.oldLine ?? 0;
    const newStart = hunk.find((d) => d.newLine !== undefined)?.newLine ?? 0;
    const oldCount = hunk.filter((d) => d.kind !== 'add').length;
    const newCount = hunk.filter((d) => d.kind !== 'remove').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const d of hunk)
      out.push(`${d.kind === 'same' ? ' ' : d.kind === 'add' ? '+' : '-'}${d.text}`);
    i = stop;
    previousStop = stop;
  }
  return out.join('\n');
}
