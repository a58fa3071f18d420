/**
 * The workspace autosave: what the user was doing (manifest text, component, seed files,
 * uploaded components' bytes, open lesson) survives a reload. Stored in IndexedDB through
 * idb-keyval (database "airlock", object store "workspace", key "workspace"), behind the small
 * `KeyValue` interface so that everything here is testable with an in-memory map.
 *
 * Stored records are versioned; `migrate` brings any older record up to the current shape.
 */
import { createStore, del as idbDel, get as idbGet, set as idbSet } from 'idb-keyval';
import { z } from 'zod';
import {
  componentRefSchema,
  describeIssues,
  LESSON_ID,
  MAX_MANIFEST_CHARS,
  seedFilesSchema,
  SHA256_HEX,
  type ComponentRef,
  type Sandbox,
  type SeedFiles,
} from './sandbox';

/** The few key-value operations the autosave needs (idb-keyval's, or a Map's in tests). */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export const WORKSPACE_DB = 'airlock';
export const WORKSPACE_STORE = 'workspace';
export const WORKSPACE_KEY = 'workspace';
/** Where an unreadable record is moved before anything overwrites it. */
export const WORKSPACE_BACKUP_KEY = 'workspace-unreadable';
export const WORKSPACE_VERSION = 1;

/** The browser's store. IndexedDB is opened lazily, on the first read or write. */
export function createIdbKeyValue(dbName = WORKSPACE_DB, storeName = WORKSPACE_STORE): KeyValue {
  let store: ReturnType<typeof createStore> | undefined;
  const s = () => (store ??= createStore(dbName, storeName));
  return {
    get: (key) => idbGet(key, s()),
    set: (key, value) => idbSet(key, value, s()),
    del: (key) => idbDel(key, s()),
  };
}

/** An in-memory store (tests; or a fallback when IndexedDB is unavailable, e.g. private mode). */
export function createMemoryKeyValue(initial?: Iterable<[string, unknown]>): KeyValue & {
  readonly data: Map<string, unknown>;
} {
  const data = new Map<string, unknown>(initial);
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => {
      data.set(key, value);
    },
    del: async (key) => {
      data.delete(key);
    },
  };
}

export interface UploadedComponent {
  name: string;
  size: number;
  bytes: Uint8Array;
}

/** The stored workspace (current version). */
export interface Workspace {
  version: typeof WORKSPACE_VERSION;
  /** The manifest exactly as typed. */
  manifestText: string;
  component: ComponentRef | null;
  /** Extra seed files by guest path. */
  files: SeedFiles;
  /** Uploaded components' bytes, by SHA-256 (hex). */
  uploadedComponents: Record<string, UploadedComponent>;
  lessonId: string | null;
  /** When it was saved, in milliseconds since the epoch. */
  savedAt: number;
}

/** What the page hands to the autosaver; `version` and `savedAt` are filled in on save. */
export type WorkspaceDraft = Omit<Workspace, 'version' | 'savedAt'>;

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

const bytesSchema = z.union([
  z.instanceof(Uint8Array),
  z.instanceof(ArrayBuffer).transform((b) => new Uint8Array(b)),
]);

const uploadedSchema = z.object({
  name: z.string().max(255),
  size: z.number().int().min(0),
  bytes: bytesSchema,
});

const workspaceV1Schema = z.object({
  version: z.literal(1),
  manifestText: z.string().max(MAX_MANIFEST_CHARS),
  component: componentRefSchema.nullable(),
  files: seedFilesSchema,
  uploadedComponents: z.record(z.string(), z.unknown()),
  lessonId: z.string().regex(LESSON_ID).nullable(),
  savedAt: z.number(),
});

/**
 * v0 (the first autosave, before records had a version): `manifest` instead of `manifestText`,
 * `lesson` instead of `lessonId`, `savedAt` as an ISO string, and uploads as a list.
 */
const workspaceV0Schema = z.object({
  version: z.literal(0).optional(),
  manifest: z.string(),
  component: z.unknown().optional(),
  files: z.unknown().optional(),
  uploads: z
    .array(z.object({ sha256: z.string(), name: z.string(), size: z.number(), bytes: z.unknown() }))
    .optional(),
  lesson: z.string().nullable().optional(),
  savedAt: z.union([z.string(), z.number()]).optional(),
});

function migrateV0toV1(raw: unknown): unknown {
  const r = workspaceV0Schema.safeParse(raw);
  if (!r.success) throw new WorkspaceError(describeIssues(r.error, 'saved workspace (v0)'));
  const v0 = r.data;
  const uploadedComponents: Record<string, unknown> = {};
  for (const u of v0.uploads ?? [])
    uploadedComponents[u.sha256] = { name: u.name, size: u.size, bytes: u.bytes };
  const savedAt =
    typeof v0.savedAt === 'number' ? v0.savedAt : v0.savedAt ? Date.parse(v0.savedAt) : Number.NaN;
  return {
    version: 1,
    manifestText: v0.manifest,
    component: v0.component ?? null,
    files: v0.files ?? {},
    uploadedComponents,
    lessonId: v0.lesson ?? null,
    savedAt: Number.isFinite(savedAt) ? savedAt : 0,
  };
}

/** Version N → a record of version N + 1. */
const MIGRATIONS: ReadonlyMap<number, (raw: unknown) => unknown> = new Map([[0, migrateV0toV1]]);

function recordVersion(raw: unknown): number {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new WorkspaceError('The saved workspace is not an object.');
  const v = (raw as { version?: unknown }).version;
  if (v === undefined) {
    if ('manifest' in raw) return 0;
    throw new WorkspaceError('The saved workspace has no version.');
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new WorkspaceError('The saved workspace has an invalid version.');
  return v;
}

/**
 * Any stored record → the current `Workspace`. Throws a `WorkspaceError` saying why when the
 * record is unreadable or was written by a newer Airlock. Upload entries whose bytes do not
 * match their size, or whose key is not a SHA-256, are dropped rather than failing the whole
 * workspace.
 */
export function migrate(raw: unknown): Workspace {
  let version = recordVersion(raw);
  if (version > WORKSPACE_VERSION)
    throw new WorkspaceError(
      `The saved workspace is version ${version}, written by a newer Airlock (this one reads up to ${WORKSPACE_VERSION}).`,
    );
  let record = raw;
  while (version < WORKSPACE_VERSION) {
    const step = MIGRATIONS.get(version);
    if (!step) throw new WorkspaceError(`No migration from workspace version ${version}.`);
    record = step(record);
    version++;
  }
  const r = workspaceV1Schema.safeParse(record);
  if (!r.success) throw new WorkspaceError(describeIssues(r.error, 'saved workspace'));
  const uploadedComponents: Record<string, UploadedComponent> = {};
  for (const [sha, value] of Object.entries(r.data.uploadedComponents)) {
    if (!SHA256_HEX.test(sha)) continue;
    const u = uploadedSchema.safeParse(value);
    if (!u.success || u.data.bytes.length !== u.data.size) continue;
    uploadedComponents[sha] = { name: u.data.name, size: u.data.size, bytes: u.data.bytes };
  }
  return {
    version: WORKSPACE_VERSION,
    manifestText: r.data.manifestText,
    component: r.data.component,
    files: r.data.files,
    uploadedComponents,
    lessonId: r.data.lessonId,
    savedAt: r.data.savedAt,
  };
}

export type LoadResult =
  | { status: 'empty' }
  | { status: 'loaded'; workspace: Workspace; migratedFrom?: number }
  | { status: 'unreadable'; reason: string };

/**
 * Reads the saved workspace. An unreadable record is copied to `workspace-unreadable` (so the
 * next autosave cannot destroy it) and reported; the page then starts fresh. Never throws.
 */
export async function loadWorkspace(store: KeyValue): Promise<LoadResult> {
  let raw: unknown;
  try {
    raw = await store.get(WORKSPACE_KEY);
  } catch (e) {
    return {
      status: 'unreadable',
      reason: `The saved workspace could not be read (${errorText(e)}).`,
    };
  }
  if (raw === undefined || raw === null) return { status: 'empty' };
  try {
    const from = recordVersion(raw);
    const workspace = migrate(raw);
    if (from !== WORKSPACE_VERSION) {
      await store.set(WORKSPACE_KEY, workspace).catch(() => undefined);
      return { status: 'loaded', workspace, migratedFrom: from };
    }
    return { status: 'loaded', workspace };
  } catch (e) {
    await store.set(WORKSPACE_BACKUP_KEY, raw).catch(() => undefined);
    return {
      status: 'unreadable',
      reason:
        e instanceof WorkspaceError
          ? e.message
          : `The saved workspace is damaged (${errorText(e)}).`,
    };
  }
}

/** Saves a draft now; returns the stored record. */
export async function saveWorkspace(
  store: KeyValue,
  draft: WorkspaceDraft,
  now: number = Date.now(),
): Promise<Workspace> {
  const workspace: Workspace = {
    version: WORKSPACE_VERSION,
    manifestText: draft.manifestText,
    component: draft.component,
    files: draft.files,
    uploadedComponents: draft.uploadedComponents,
    lessonId: draft.lessonId,
    savedAt: now,
  };
  await store.set(WORKSPACE_KEY, workspace);
  return workspace;
}

/** Forgets the saved workspace (the "Reset" button). */
export async function resetWorkspace(store: KeyValue): Promise<void> {
  await store.del(WORKSPACE_KEY);
}

/** The workspace as a shareable sandbox, or null when no component is chosen yet. */
export function workspaceToSandbox(
  ws: Pick<Workspace, 'manifestText' | 'component' | 'files' | 'lessonId'>,
): Sandbox | null {
  if (!ws.component) return null;
  const s: Sandbox = { manifestText: ws.manifestText, component: ws.component };
  if (Object.keys(ws.files).length > 0) s.files = ws.files;
  if (ws.lessonId) s.lesson = ws.lessonId;
  return s;
}

export interface AutosaverOptions {
  /** Quiet time after the last change before saving. Default 500 ms. */
  delayMs?: number;
  /** A change is saved at most this long after it was made, even while typing goes on. Default 1000 ms. */
  maxWaitMs?: number;
  /** Clock for `savedAt` (tests). */
  now?: () => number;
  onSaved?: (workspace: Workspace) => void;
  onError?: (error: unknown) => void;
}

export interface Autosaver {
  /** Call on every change with the whole current draft. */
  schedule(draft: WorkspaceDraft): void;
  /** Saves a pending draft now (call on `pagehide` / `visibilitychange`); resolves when stored. */
  flush(): Promise<void>;
  /** Drops a pending draft without saving (e.g. right before `resetWorkspace`). */
  cancel(): void;
  /** Whether a draft is waiting to be saved. */
  readonly pending: boolean;
}

/**
 * Debounced saving: the latest draft is stored `delayMs` after changes stop, and never later
 * than `maxWaitMs` after the first unsaved change, so a change is on disk within a second.
 * Saves never overlap; they happen in order.
 */
export function createAutosaver(store: KeyValue, options: AutosaverOptions = {}): Autosaver {
  const delayMs = options.delayMs ?? 500;
  const maxWaitMs = Math.max(options.maxWaitMs ?? 1000, delayMs);
  const now = options.now ?? Date.now;
  let draft: WorkspaceDraft | null = null;
  let firstChangeAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const save = (): Promise<void> => {
    clear();
    const d = draft;
    draft = null;
    if (!d) return chain;
    chain = chain.then(async () => {
      try {
        const ws = await saveWorkspace(store, d, now());
        options.onSaved?.(ws);
      } catch (e) {
        options.onError?.(e);
      }
    });
    return chain;
  };

  return {
    schedule(next) {
      const t = now();
      if (draft === null) firstChangeAt = t;
      draft = next;
      clear();
      const wait = Math.max(0, Math.min(delayMs, firstChangeAt + maxWaitMs - t));
      timer = setTimeout(() => void save(), wait);
    },
    flush: () => save(),
    cancel() {
      clear();
      draft = null;
    },
    get pending() {
      return draft !== null;
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
