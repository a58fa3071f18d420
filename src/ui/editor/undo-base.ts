/**
 * The manifest text before a change the page made for the user ("Grant this"), kept for an
 * editor that is not there yet: Monaco loads late (after the first output, or later on a slow
 * machine), and the plain textarea it replaces cannot undo a change it did not type. When
 * Monaco creates its model it starts from this text and applies the change as an edit, so
 * Ctrl+Z takes the change back as the notice promised.
 */
let last: { before: string; after: string } | undefined;

/** Remembers a page-made change (the latest one wins). */
export function rememberUndoBase(before: string, after: string): void {
  last = { before, after };
}

/**
 * The text to start the editor's history from, once: the remembered change's `before` if the
 * manifest is still what that change made (a sample picked since, or typing, makes it stale).
 */
export function takeUndoBase(current: string): string | undefined {
  const change = last;
  last = undefined;
  return change && change.after === current ? change.before : undefined;
}
