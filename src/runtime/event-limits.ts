/** Longest text of one field Airlock keeps from a run (reasons, results, paths). Plain, no zod:
 * the CLI checks events (event-check.ts) without loading zod. */
export const MAX_FIELD_CHARS = 4096;
