/**
 * When the manifest editor (Monaco: about 1 MB of script to compile) may load. A page opened to
 * run something (`?autorun=1`, a link that autoruns) shows the run first: Monaco waits for the
 * first output on screen, or the end of the run. Otherwise it loads when the browser is idle,
 * or at once when the user reaches for the plain editor shown meanwhile.
 */
let open = false;
/** A run was asked for at boot (autorun): idle time alone does not open the gate. */
let heldForRun = false;
const listeners = new Set<() => void>();

/** Boot asks for a run: the editor waits for its first output or its end. */
export function holdEditorForRun(): void {
  heldForRun = true;
}

export function editorHeldForRun(): boolean {
  return heldForRun;
}

export function editorMayLoad(): boolean {
  return open;
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
