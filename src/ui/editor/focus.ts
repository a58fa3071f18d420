/**
 * Moving the keyboard focus into the manifest editor from elsewhere on the page (after "Grant
 * this", the edit is there and Ctrl+Z undoes it). The mounted editor registers how.
 */
let focusAt: ((line: number) => void) | null = null;

/** Called by the manifest pane with its editor's (or textarea's) focus function. */
export function registerEditorFocus(fn: ((line: number) => void) | null): void {
  focusAt = fn;
}

/** Focuses the editor at `line` once the current change has rendered. */
export function focusManifestEditor(line = 1): void {
  globalThis.setTimeout(() => focusAt?.(line), 0);
}

/** The first line (1-based) where two texts differ. */
export function firstChangedLine(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return Math.min(i, b.length - 1) + 1;
}
