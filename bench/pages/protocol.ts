import type { Manifest } from '../../src/manifest/schema';

/**
 * Messages between the bench page and its bench-only workers (the bare jco path and Runno).
 * Nothing here is product code: these workers exist only to give Airlock something to be
 * compared with.
 */

/** Page -> bare transpile worker. */
export interface BareTranspileRequest {
  id: number;
  bytes: Uint8Array;
  jspi: boolean;
}
/** Bare transpile worker -> page. */
export type BareTranspileReply =
  | {
      id: number;
      ok: true;
      js: string;
      coreModules: Record<string, Uint8Array>;
      jspi: boolean;
      transpileMs: number;
    }
  | { id: number; ok: false; reason: string };

/** Page -> a bare run worker or a Runno worker (one run per worker). */
export interface BareRunRequest {
  type: 'run';
  /** argv after the program name. */
  args: string[];
  env: Record<string, string>;
  /** Guest directories that start empty and are writable (bare jco). */
  mounts: string[];
  /** Bare jco: the transpiled component. */
  component?: { js: string; coreModules: Record<string, Uint8Array>; jspi: boolean };
  /** Runno: the preview1 core module's URL and the program name (argv[0]). */
  runno?: { url: string; name: string };
  /** Airlock's engine without transport: the manifest it runs under. */
  manifest?: Manifest;
}

/** Worker -> page. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | {
      type: 'done';
      exitCode: number | null;
      /** Worker-side: bindings import + core compile + instantiate (bare jco), or compile + instantiate (Runno: 0, it streams). */
      instantiateMs: number;
      /** Worker-side: the guest's run. */
      runMs: number;
      error?: string;
      /** Files the guest left in its mounts (a count, to check the run did its work). */
      files?: number;
      /** Airlock's engine: events recorded (counted in the worker, not sent). */
      events?: number;
    };
