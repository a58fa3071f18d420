/**
 * Which proposed changes are ticked: ticking one ticks what it `requires` (transitively),
 * unticking one unticks what requires it, so a selection always keeps the manifest valid. Pure.
 */
import type { Change } from '../../discovery';

/** `ids` plus everything they require, transitively. */
export function withRequirements(changes: readonly Change[], ids: Iterable<string>): Set<string> {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id) || !byId.has(id)) continue;
    out.add(id);
    for (const r of byId.get(id)!.requires ?? []) stack.push(r);
  }
  return out;
}

/** `selected` without `id` and without everything that (transitively) requires it. */
export function withoutDependents(
  changes: readonly Change[],
  selected: ReadonlySet<string>,
  id: string,
): Set<string> {
  const out = new Set(selected);
  const stack = [id];
  while (stack.length) {
    const gone = stack.pop()!;
    if (!out.delete(gone) && gone !== id) continue;
    for (const c of changes) if (out.has(c.id) && c.requires?.includes(gone)) stack.push(c.id);
  }
  return out;
}

/** The selection after ticking (`on`) or unticking one change. */
export function toggleChange(
  changes: readonly Change[],
  selected: ReadonlySet<string>,
  id: string,
  on: boolean,
): Set<string> {
  return on
    ? withRequirements(changes, [...selected, id])
    : withoutDependents(changes, selected, id);
}

/** The ticked changes, in proposal order. */
export function selectedChanges(
  changes: readonly Change[],
  selected: ReadonlySet<string>,
): Change[] {
  return changes.filter((c) => selected.has(c.id));
}
