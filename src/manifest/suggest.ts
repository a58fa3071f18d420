/** "Did you mean …?": the closest known word to a misspelt one, or undefined. */

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0];
  if (first) for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    const prev = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = v;
    }
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/**
 * The known word a person most likely meant: same letters ignoring case and separators
 * ("on_denied" → "onDenied"), a prefix ("mount" → "mounts", "timeout" → "timeoutMs"), or a
 * small edit distance ("acess" → "access").
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (word.length > 64 || known.length === 0) return undefined;
  const w = squash(word);
  if (w === '') return undefined;
  const same = known.find((k) => squash(k) === w);
  if (same !== undefined) return same;
  if (w.length >= 3) {
    const prefix = known.filter((k) => squash(k).startsWith(w) || w.startsWith(squash(k)));
    if (prefix.length === 1) return prefix[0];
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(w, squash(k));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  return bestDistance <= limit ? best : undefined;
}
