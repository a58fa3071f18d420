/**
 * The manifest's default limits as plain constants, with no zod: the CLI's guest process and
 * the resolver read them without loading the schema (the guest bundle stays small, see
 * docs/performance.md › CLI start).
 */
export const DEFAULT_LIMITS = {
  timeoutMs: 5000,
  maxOutputBytes: 1_048_576,
  maxMemoryMiB: 256,
} as const;
