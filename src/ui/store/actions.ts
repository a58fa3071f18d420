/**
 * Everything the page does: pick a sample, upload a component, edit the manifest, run, stop,
 * type into stdin. One long-lived RunClient (transpile worker + a warm run worker) serves the
 * page for its lifetime.
 */
import { allowEditorLoad, holdEditorForRun } from '../editor/load-gate';
import { parseManifest } from '../../manifest/parse';
import type { RunEnd, RunHandle } from '../../runtime/browser/run-client';
import { runClient } from './client';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import type { CallEvent } from '../../runtime/events';
import { getSample } from '../../samples/catalog';
import { checkChallenge } from '../../samples/challenge';
import { sha256Hex } from '../../share/sha256';
import type { SeedFiles } from '../../share/sandbox';
import { draftManifest, pendingDraft } from '../lib/draft-manifest';
import { mergeSeedFiles } from '../lib/seed-merge';
import { notifyWorkspaceChanged, uploads } from './persist';
import { reduceRun, type RunMachineEvent } from './run-machine';
import {
  appStore,
  keepCounted,
  settleEvents,
  keepEvents,
  live,
  liveTicker,
  newLiveRun,
  type LiveRun,
} from './state';

export const MARK_RUN_START = 'airlock:run-start';
export const MARK_FIRST_OUTPUT = 'airlock:first-output';
export const MARK_RUN_END = 'airlock:run-end';
/** The page has learnt that the guest started (instantiated, its run called). */
export const MARK_GUEST_START = 'airlock:guest-start';
export const MARK_PAGE_RENDERED = 'airlock:page-rendered';

/** Uploads bigger than this are refused (a component is usually well under 10 MB). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

export { runClient };

/** Bumped on every component change, so a slow load never overwrites a newer choice. */
let loadToken = 0;
/** Resolves with the prepared current component (or null when it could not be prepared). */
let componentReady: Promise<PreparedComponent | null> = Promise.resolve(null);
/** What componentReady settled with, once it has (a warm Run starts without awaiting it). */
let componentSettled: { value: PreparedComponent | null } | undefined = { value: null };

function setComponentReady(ready: Promise<PreparedComponent | null>): void {
  componentReady = ready;
  componentSettled = undefined;
  void ready.then((value) => {
    if (componentReady !== ready) return;
    componentSettled = { value };
    stageNextRun();
  });
}

/** The current component once prepared (undefined while it is being prepared). */
export function preparedComponent(): PreparedComponent | null | undefined {
  return componentSettled?.value;
}

/** Set by stage-next.ts: asks for the run Run would start now to be staged. */
let stageNextRun: () => void = () => undefined;
export function onStageNextRun(fn: () => void): void {
  stageNextRun = fn;
}
let handle: RunHandle | null = null;
let noticeId = 0;

export function notify(
  kind: 'info' | 'error',
  text: string,
  action?: { label: string; run: () => void },
): void {
  appStore.set({ notice: { kind, text, id: ++noticeId, action } });
}

export function dismissNotice(): void {
  appStore.set({ notice: null });
}

/**
 * Replaces the manifest. `amend` marks a refinement of the text the page itself just put there
 * (the upload's draft, once its imports are known): the editor folds it into the same undo step.
 */
export function setManifestText(text: string, opts: { amend?: boolean } = {}): void {
  if (text === appStore.get().manifestText) return;
  appStore.set({ manifestText: text, parsed: parseManifest(text), manifestAmend: !!opts.amend });
  notifyWorkspaceChanged();
}

export function togglePresenter(): void {
  appStore.set((s) => ({ presenter: !s.presenter }));
}

function resetRun(): void {
  handle?.stop();
  handle = null;
  live.current = newLiveRun();
  dispatchRun({ type: 'reset' });
  liveTicker.flush();
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The component of this load could not be had: the summary and Run say why. */
function markComponentError(token: number, error: string): void {
  const current = appStore.get().component;
  if (token === loadToken && current)
    appStore.set({ component: { ...current, status: 'error', error } });
}

function prepareBytes(token: number, bytes: Uint8Array): Promise<PreparedComponent | null> {
  return runClient()
    .prepare(bytes)
    .then(
      (res) => {
        if (token !== loadToken) return res.ok ? res.component : null;
        const current = appStore.get().component;
        if (!current) return null;
        if (!res.ok) {
          markComponentError(token, res.reason);
          return null;
        }
        appStore.set({ component: { ...current, status: 'ready', prepared: res.component } });
        return res.component;
      },
      (error: unknown) => {
        markComponentError(token, messageOf(error));
        return null;
      },
    );
}

/** Prepares bytes still on their way (a sample, a URL); a failed fetch says why, in `failure`. */
function prepareWhenLoaded(
  token: number,
  bytes: Promise<Uint8Array>,
  failure: (message: string) => string = (message) => message,
): Promise<PreparedComponent | null> {
  return bytes.then(
    (loaded) => (token === loadToken ? prepareBytes(token, loaded) : null),
    (error: unknown) => {
      markComponentError(token, failure(messageOf(error)));
      return null;
    },
  );
}

/** Changes whenever the component changes (a pick, an upload, a link): boot compares it. */
export function loadGeneration(): number {
  return loadToken;
}

/** A new component load (upload, link, URL): a sample manifest still on its way no longer counts. */
function nextLoadToken(): number {
  appStore.set({ manifestLoading: null });
  return ++loadToken;
}

/**
 * Starts loading a sample the page is about to open (its bytes, bindings, manifest and lesson),
 * while other work (the autosave, React's first render) goes on: selectSample then finds them
 * loaded or on the way, and a run worker already has the bindings.
 */
export function prefetchSample(id: string): void {
  const sample = getSample(id);
  if (!sample) return;
  const ignore = () => undefined;
  runClient().prefetchSample(id);
  sample.wasmBytes().catch(ignore);
  sample.manifestText().catch(ignore);
  sample.lesson().catch(ignore);
}

/**
 * Opens a sample: its component (fetched and prepared at once, so the summary is there before
 * anything runs), its lesson, and, unless `keepManifest`, its starting manifest.
 * Resolves when the manifest is in the editor.
 */
export async function selectSample(
  id: string,
  opts: { keepManifest?: boolean } = {},
): Promise<boolean> {
  const sample = getSample(id);
  if (!sample) {
    notify('error', `There is no sample called "${id}".`);
    return false;
  }
  const token = ++loadToken;
  resetRun();
  appStore.set({
    component: { ref: { kind: 'sample', id }, name: `${id}.wasm`, status: 'loading' },
    lesson: { sampleId: id, text: null, status: 'loading' },
    manifestFile: opts.keepManifest ? null : 'manifest.jsonc',
    // Run waits for this sample's manifest: a run in between would use the previous one.
    manifestLoading: opts.keepManifest ? null : id,
  });
  sample.lesson().then(
    (text) => {
      if (token === loadToken) appStore.set({ lesson: { sampleId: id, text, status: 'ready' } });
    },
    () => {
      if (token === loadToken)
        appStore.set({ lesson: { sampleId: id, text: null, status: 'missing' } });
    },
  );
  setComponentReady(prepareWhenLoaded(token, sample.wasmBytes()));
  notifyWorkspaceChanged();
  if (opts.keepManifest) return true;
  try {
    const text = await sample.manifestText();
    if (token === loadToken) {
      setManifestText(text);
      appStore.set({ manifestLoading: null });
    }
    return token === loadToken;
  } catch (error) {
    if (token === loadToken) appStore.set({ manifestLoading: null });
    notify('error', `Could not load the manifest of ${id}: ${messageOf(error)}`);
    return false;
  }
}

/** Loads one of the current sample's manifest files (a variant, or the solution). */
export async function loadSampleManifest(file: string): Promise<void> {
  const ref = appStore.get().component?.ref;
  if (ref?.kind !== 'sample') return;
  const sample = getSample(ref.id);
  if (!sample) return;
  try {
    const text = await sample.manifestText(file);
    setManifestText(text);
    appStore.set({ manifestFile: file });
  } catch (error) {
    notify('error', `Could not load ${file}: ${messageOf(error)}`);
  }
}

function looksLikeWasm(bytes: Uint8Array): boolean {
  return bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/**
 * Uses an uploaded (or dropped) file as the component, with a fresh deny-by-default manifest
 * named for it and drafted from its imports; the previous manifest stays one undo away.
 */
export async function uploadComponent(file: File): Promise<void> {
  if (file.size > MAX_UPLOAD_BYTES) {
    notify(
      'error',
      `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${MAX_UPLOAD_BYTES / 1048576} MB.`,
    );
    return;
  }
  const token = nextLoadToken();
  // Say at once what is happening: reading a big file takes a moment.
  resetRun();
  appStore.set({ reading: file.name });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    if (token === loadToken) appStore.set({ reading: null });
    notify('error', `Could not read ${file.name}: ${messageOf(error)}`);
    return;
  }
  if (token !== loadToken) return;
  if (!looksLikeWasm(bytes)) {
    appStore.set({ reading: null });
    notify('error', `${file.name} is not a WebAssembly file (it does not start with \\0asm).`);
    return;
  }
  const sha256 = await sha256Hex(bytes);
  if (token !== loadToken) return;
  const current = appStore.get().component;
  if (current?.missingUpload && current.ref.kind === 'upload' && current.ref.sha256 === sha256) {
    // The file a shared sandbox asked for: its manifest and files stay as the link set them.
    await openUploadedBytes(file.name, bytes, token, sha256);
    notify('info', `${file.name} is the file this sandbox uses: ready to run.`);
    return;
  }
  const previous = appStore.get().manifestText;
  setManifestText(pendingDraft(file.name));
  notify('info', `New deny-by-default manifest for ${file.name}.`, {
    label: 'Restore the previous manifest',
    run: () => {
      setManifestText(previous);
      dismissNotice();
    },
  });
  const pending = appStore.get().manifestText;
  await openUploadedBytes(file.name, bytes, token, sha256);
  void componentReady.then((prepared) => {
    if (prepared && appStore.get().manifestText === pending)
      setManifestText(draftManifest(file.name, prepared.imports), { amend: true });
  });
}

export async function openUploadedBytes(
  name: string,
  bytes: Uint8Array,
  token = nextLoadToken(),
  knownSha256?: string,
): Promise<void> {
  resetRun();
  const sha256 = knownSha256 ?? (await sha256Hex(bytes));
  if (token !== loadToken) return;
  uploads.set(sha256, { name, bytes });
  appStore.set({
    component: {
      ref: { kind: 'upload', sha256, name, size: bytes.byteLength },
      name,
      status: 'loading',
    },
    lesson: null,
    manifestFile: null,
    reading: null,
  });
  setComponentReady(prepareBytes(token, bytes));
  notifyWorkspaceChanged();
}

/** A link names an upload this browser has not seen: ask for the file. */
export function markMissingUpload(ref: { sha256: string; name: string; size: number }): void {
  nextLoadToken();
  resetRun();
  appStore.set({
    component: {
      ref: { kind: 'upload', ...ref },
      name: ref.name,
      status: 'error',
      missingUpload: true,
      error: `this sandbox uses an uploaded file (${ref.name}, SHA-256 ${ref.sha256.slice(0, 12)}…) that is not stored in this browser: upload it to continue`,
    },
    lesson: null,
    manifestFile: null,
  });
  setComponentReady(Promise.resolve(null));
}

/** Uses a component from an https URL (only from a link the user opened). */
export function openComponentUrl(url: string): void {
  const token = nextLoadToken();
  resetRun();
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'component.wasm');
  appStore.set({
    component: { ref: { kind: 'url', url }, name, status: 'loading' },
    lesson: null,
    manifestFile: null,
  });
  setComponentReady(
    prepareWhenLoaded(
      token,
      fetch(url).then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
        return new Uint8Array(await res.arrayBuffer());
      }),
      (message) => `could not fetch it: ${message}`,
    ),
  );
}

export function setSeedFiles(files: SeedFiles): void {
  appStore.set({ seedFiles: files });
  notifyWorkspaceChanged();
}

/** Bytes of an upload seen in this page (for persistence and share links). */
export function uploadedBytes(sha256: string): { name: string; bytes: Uint8Array } | undefined {
  return uploads.get(sha256);
}

/** Why Run cannot run now, or null when it can. */
export function runBlocker(state = appStore.get()): string | null {
  if (!state.parsed.ok) {
    const d =
      state.parsed.diagnostics.find((x) => x.severity === 'error') ?? state.parsed.diagnostics[0];
    return d ? `Fix the manifest: line ${d.line}: ${d.message}` : 'Fix the manifest first.';
  }
  if (state.reading) return `Reading ${state.reading}…`;
  if (state.manifestLoading) return `Loading the manifest of ${state.manifestLoading}…`;
  if (!state.component) return 'Pick a sample or upload a component first.';
  if (state.component.missingUpload) return `Upload ${state.component.name} to run this sandbox`;
  if (state.component.status === 'error')
    return `The component cannot run: ${state.component.error ?? 'it could not be prepared'}`;
  return null;
}

export function isRunning(state = appStore.get()): boolean {
  return state.run.phase === 'preparing' || state.run.phase === 'running';
}

/**
 * Runs the current component under the current manifest: its `wasi:cli/run`, or the export
 * named in `invoke` with those arguments.
 */
export async function run(invoke?: { name: string; args: unknown[] }): Promise<void> {
  const s = appStore.get();
  if (firstRenderHeld || isRunning(s) || runBlocker(s) || !s.parsed.ok || !s.component) {
    // A run asked for at boot that cannot start must not keep the editor away.
    if (!isRunning(s)) allowEditorLoad();
    return;
  }
  performance.mark(MARK_RUN_START);
  // Compiling the editor's chunk is a long task: not while a run streams (it opens at the end).
  holdEditorForRun();
  const startedAt = performance.now();
  const seq = s.run.seq + 1;
  const manifest = mergeSeedFiles(s.parsed.manifest, s.seedFiles).manifest;
  const sampleId = s.component.ref.kind === 'sample' ? s.component.ref.id : null;
  const current = newLiveRun();
  live.current = current;
  liveTicker.setMinInterval(LIVE_INTERVAL_MS);
  const pressed = {
    type: 'pressed',
    seq,
    at: startedAt,
    interactive: s.parsed.resolved.stdin.kind === 'interactive',
    invoked: invoke ?? null,
  } as const;

  // A component already prepared starts at once: the worker has the run request before the
  // page renders anything (a warm Run). Otherwise the page says so while it waits.
  let prepared: PreparedComponent | null;
  if (componentSettled) {
    prepared = componentSettled.value;
  } else {
    dispatchRun({ ...pressed, prepared: null });
    liveTicker.flush();
    prepared = await componentReady;
    if (appStore.get().run.seq !== seq) return;
  }
  if (!prepared) {
    dispatchRun({ ...pressed, prepared: null });
    const error = appStore.get().component?.error ?? 'the component could not be prepared';
    finishRun(seq, { runId: 0, status: 'error', exitCode: null, reason: error }, null, manifest);
    return;
  }
  // A warm Run draws once: the click's own render (the new run's empty panes) waits for what
  // the run shows first (output, its end, a wait for input) or FIRST_RENDER_HOLD_MS, since
  // drawing it first would hold the run's first messages back by a render and a frame.
  let held: RunMachineEvent[] | null = appStore.get().run.seq !== seq ? [] : null;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    if (!held) return;
    const events = held;
    held = null;
    firstRenderHeld = false;
    clearTimeout(holdTimer);
    dispatchRuns(events);
    liveTicker.flush();
  };
  const toRun = (event: RunMachineEvent) => (held ? held.push(event) : dispatchRun(event));
  const redraw = () => {
    if (!held) liveTicker.bump();
  };
  const h = runClient().start(
    prepared,
    manifest,
    {
      onStarted: (instantiateMs) => {
        performance.mark(MARK_GUEST_START);
        toRun({ type: 'started', seq, at: performance.now(), instantiateMs });
      },
      onEvents: (events: CallEvent[]) => {
        if (live.current !== current) return;
        keepEvents(current, events);
        slowDownIfBig(current);
        redraw();
      },
      onCounted: (counted) => {
        if (live.current !== current) return;
        keepCounted(current, counted);
        liveTicker.bump();
      },
      onSettled: (settled) => {
        if (live.current !== current) return;
        settleEvents(current, settled);
        redraw();
      },
      onOutput: (stream, text) => {
        if (live.current !== current) return;
        const first = current.output.isEmpty;
        current.output.append(stream, text);
        slowDownIfBig(current);
        // The first output is what the user waits for: drawn now, not at the next tick.
        if (first && !current.output.isEmpty) {
          if (held) release();
          else liveTicker.flush();
        } else redraw();
      },
      onWantsInput: () => {
        release();
        dispatchRun({ type: 'wants-input', seq });
      },
    },
    { invoke, programName: appStore.get().component?.name },
  );
  handle = h;
  if (held) {
    held.push({ ...pressed, prepared });
    firstRenderHeld = true;
    holdTimer = setTimeout(release, FIRST_RENDER_HOLD_MS);
  } else {
    if (appStore.get().run.seq === seq) dispatchRun({ type: 'prepared', seq, prepared });
    else dispatchRun({ ...pressed, prepared });
    liveTicker.flush();
  }
  const end = await h.done;
  release();
  if (handle === h) handle = null;
  finishRun(seq, end, sampleId, manifest);
}

/** Moves the run's state on (run-machine.ts): an event of another run changes nothing. */
function dispatchRun(event: RunMachineEvent): void {
  dispatchRuns([event]);
}

/** Several events at once: one change of the store, one render. */
function dispatchRuns(events: readonly RunMachineEvent[]): void {
  const before = appStore.get().run;
  const next = events.reduce(reduceRun, before);
  if (next !== before) appStore.set({ run: next });
}

/** How long a warm Run's first render may wait for the run's first output (see run()). */
const FIRST_RENDER_HOLD_MS = 30;
/** A warm Run is between its click and its first render: another Run waits. */
let firstRenderHeld = false;

function finishRun(seq: number, end: RunEnd, sampleId: string | null, manifest: unknown): void {
  if (appStore.get().run.seq !== seq) return;
  const current = live.current;
  const sample = sampleId ? getSample(sampleId) : undefined;
  const invoked = appStore.get().run.invoked;
  const challenge =
    sample?.challenge && end.status !== 'error' && !invoked
      ? checkChallenge(
          sample.challenge.passWhen,
          {
            stdout: current.output.plain('stdout'),
            stderr: current.output.plain('stderr'),
            exitCode: end.status === 'exited' ? end.exitCode : null,
            events: current.events,
          },
          manifest,
        )
      : null;
  dispatchRun({ type: 'ended', seq, end, challenge });
  liveTicker.setMinInterval(LIVE_INTERVAL_MS);
  liveTicker.flush();
}

/** How often a running guest's log and output are redrawn; a big stream, less often. */
const LIVE_INTERVAL_MS = 32;
const BIG_STREAM_INTERVAL_MS = 250;

/**
 * A run that streams thousands of calls or a lot of output is redrawn 4 times a second: laying
 * out the rows and text again is the page's main cost then (long tasks on a million tiny writes).
 */
function slowDownIfBig(run: LiveRun): void {
  if (run.events.length > 5000 || run.output.chars + run.output.droppedChars > 16_000) {
    liveTicker.setMinInterval(BIG_STREAM_INTERVAL_MS);
  }
}

/** Called by the status line once the verdict is on screen. */
export function markRunEnd(seq: number): void {
  const st = appStore.get().run;
  if (st.seq !== seq || st.endMarked || st.phase !== 'done') return;
  performance.mark(MARK_RUN_END);
  allowEditorLoad();
  dispatchRun({ type: 'end-shown', seq, at: performance.now() });
}

/** Called by the Output pane once the run's first output is on screen. */
export function markFirstOutput(): void {
  const current = live.current;
  if (current.firstOutputMarked || current.output.isEmpty) return;
  current.firstOutputMarked = true;
  performance.mark(MARK_FIRST_OUTPUT);
  dispatchRun({ type: 'first-output', seq: appStore.get().run.seq, at: performance.now() });
}

export function stop(): void {
  handle?.stop();
}

/** Sends a line (a newline is added) to an interactive stdin, or end of input (null). */
export function sendInput(line: string | null): void {
  if (!handle) return;
  const text = line === null ? null : `${line}\n`;
  live.current.output.append('stdin', text ?? '^D\n');
  liveTicker.bump();
  dispatchRun({ type: 'input-sent', seq: appStore.get().run.seq });
  handle.input(text);
}
