/**
 * When the manifest editor (Monaco: about 1 MB of script, a long task to compile) may load. A
 * page opened to run something (`?autorun=1`, a link that autoruns) shows the run first, and no
 * run streams while Monaco compiles: while a run is asked for or under way, the editor waits
 * for its end (its verdict on screen). Otherwise it loads when the browser is idle, or at once
 * when the user reaches for the plain editor shown meanwhile.
 */
let open = false;
/** A run was asked for at boot (autorun): idle time alone does not open the gate. */
let heldForRun = false;
const listeners = new Set<() => void>();

/** A run is asked for (boot's autorun, or Run): the editor waits for its end. */
export function holdEditorForRun(): void {
  heldForRun = true;
}

export function editorHeldForRun(): boolean {
  return heldForRun;
}

export function allowEditorLoad(): void {
  if (open) return;
  open = true;
  for (const listener of listeners) listener();
  listeners.clear();
}

export function onEditorMayLoad(listener: () => void): () => void {
  if (open) {
    listener();
    return () => undefined;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
