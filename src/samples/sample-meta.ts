/**
 * The shape of `samples/<id>/sample.json`: what a curated sample is, what its lesson promises
 * under its starting manifest (`expect`), the same for edited manifests (`variants`), and the
 * challenge with its declarative pass check (`challenge.passWhen`, evaluated by
 * `checkChallenge` in ./challenge.ts).
 *
 * Plain TypeScript + zod: usable from Node (tests, scripts) and from the app alike.
 */
import { z } from 'zod';

/** The three outcomes of a WASI call (product.md, section 2). */
export const verdictSchema = z.enum(['granted', 'denied', 'trapped']);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * An interface name as the capability log spells it: WIT package and interface, no version.
 * `wasi:filesystem/types`, `wasi:cli/environment`, `wasi:http/outgoing-handler`, ...
 */
const witInterface = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/,
    'a WIT interface without version, e.g. "wasi:filesystem/types"',
  );

/**
 * A function name as the component model spells it: `get-environment`,
 * `[method]descriptor.open-at`, `[static]fields.from-list`, `[constructor]outgoing-request`,
 * `[resource-drop]descriptor`.
 */
const witFunction = z
  .string()
  .regex(
    /^(?:\[(?:method|static)\][a-z][a-z0-9-]*\.[a-z][a-z0-9-]*|\[(?:constructor|resource-drop)\][a-z][a-z0-9-]*|[a-z][a-z0-9-]*)$/,
    'a WIT function name, e.g. "get-environment" or "[method]descriptor.open-at"',
  );

/** "At least one event of the run matches this": every given field must be equal. */
export const eventMatchSchema = z.strictObject({
  interface: witInterface,
  function: witFunction,
  verdict: verdictSchema,
});
export type EventMatch = z.infer<typeof eventMatchSchema>;

/** A pattern for `noVerdict`: any field left out matches everything. */
export const eventPatternSchema = z.strictObject({
  interface: witInterface.optional(),
  function: witFunction.optional(),
  verdict: verdictSchema.optional(),
});
export type EventPattern = z.infer<typeof eventPatternSchema>;

/**
 * What a run under a given manifest must show.
 * `exitCode: null` means the guest did not exit at all: it trapped (a denied clock, a timeout,
 * an output limit, a wasm trap).
 */
export const expectationSchema = z.strictObject({
  exitCode: z.number().int().nullable(),
  stdoutIncludes: z.array(z.string()).optional(),
  stderrIncludes: z.array(z.string()).optional(),
  verdicts: z.array(eventMatchSchema).optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

/** Manifest-file names inside the sample folder. */
const manifestFile = z
  .string()
  .regex(/^manifest(?:\.[a-z0-9-]+)?\.jsonc$/, 'a file named manifest[.<name>].jsonc');

export const variantSchema = z.strictObject({
  name: z.string().min(1),
  manifest: manifestFile,
  expect: expectationSchema,
});
export type Variant = z.infer<typeof variantSchema>;

const count = z.number().int().min(0);

/**
 * Conditions on the manifest the user ran with (the parsed object, not its text): a challenge
 * usually forbids the easy way out ("without any read-write mount").
 */
export const manifestConditionSchema = z.strictObject({
  /** No mounts at all (absent or empty list). */
  noMounts: z.boolean().optional(),
  /** No mount has `"access": "read-write"`. */
  noReadWriteMounts: z.boolean().optional(),
  /** At most this many mounts. */
  maxMounts: count.optional(),
  /** A mount exists at each of these guest paths. */
  mountsAt: z.array(z.string()).optional(),
  /** A mount exists at each of these guest paths and it is read-only. */
  readOnlyMountsAt: z.array(z.string()).optional(),
  /** No mount exists at any of these guest paths. */
  noMountsAt: z.array(z.string()).optional(),
  /** Each of these environment variables is granted. */
  envHas: z.array(z.string()).optional(),
  /** None of these environment variables is granted. */
  envLacks: z.array(z.string()).optional(),
  /** At most this many environment variables. */
  maxEnvVars: count.optional(),
  /** At most this many arguments. */
  maxArgs: count.optional(),
  /** How stdin is configured. */
  stdin: z.enum(['closed', 'text', 'interactive']).optional(),
  /** The wall clock's setting: "real", "deny", or "frozen" (any instant). */
  wallClock: z.enum(['real', 'frozen', 'deny']).optional(),
  /** The monotonic clock's setting. */
  monotonicClock: z.enum(['real', 'deny']).optional(),
  /** The random setting: "real", "seeded" (any seed) or "deny". */
  random: z.enum(['real', 'seeded', 'deny']).optional(),
  /** At most this many entries in `http.allow`. */
  maxHttpAllow: count.optional(),
  /** No `http.allow` entry contains a `*`. */
  noHttpWildcards: z.boolean().optional(),
  /** `limits.timeoutMs` (default 5000) is at most this. */
  maxTimeoutMs: count.optional(),
  /** `limits.maxOutputBytes` (default 1048576) is at most this. */
  maxOutputBytes: count.optional(),
  /** These top-level manifest fields are not set at all. */
  absent: z.array(z.string()).optional(),
});
export type ManifestCondition = z.infer<typeof manifestConditionSchema>;

/**
 * The challenge's pass check. Every condition given must hold (logical AND);
 * `anyOf` holds when at least one of its alternatives holds.
 */
export interface PassWhen {
  exitCode?: number | null;
  stdoutIncludes?: string[];
  stdoutExcludes?: string[];
  stderrIncludes?: string[];
  stderrExcludes?: string[];
  /** At least one event matches each entry. */
  verdicts?: EventMatch[];
  /** No event has this verdict ("trapped"), or matches this pattern. */
  noVerdict?: Verdict | EventPattern;
  /** Conditions on the manifest the run used. */
  manifest?: ManifestCondition;
  /** At least one of these holds. */
  anyOf?: PassWhen[];
}

export const passWhenSchema: z.ZodType<PassWhen> = z.lazy(() =>
  z.strictObject({
    exitCode: z.number().int().nullable().optional(),
    stdoutIncludes: z.array(z.string()).optional(),
    stdoutExcludes: z.array(z.string()).optional(),
    stderrIncludes: z.array(z.string()).optional(),
    stderrExcludes: z.array(z.string()).optional(),
    verdicts: z.array(eventMatchSchema).optional(),
    noVerdict: z.union([verdictSchema, eventPatternSchema]).optional(),
    manifest: manifestConditionSchema.optional(),
    anyOf: z.array(passWhenSchema).min(1).optional(),
  }),
);

export const challengeSchema = z.strictObject({
  text: z.string().min(1),
  passWhen: passWhenSchema,
});
export type Challenge = z.infer<typeof challengeSchema>;

export const sampleLanguageSchema = z.enum(['c', 'wat', 'rust']);
export type SampleLanguage = z.infer<typeof sampleLanguageSchema>;

export const sampleMetaSchema = z.strictObject({
  /** Folder name under samples/, and the component's file name (`<id>.wasm`). */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  title: z.string().min(1),
  /** Position in the walk-through, starting at 1. */
  order: z.number().int().min(1),
  language: sampleLanguageSchema,
  summary: z.string().min(1),
  /** What the lesson promises under the starting manifest (manifest.jsonc). */
  expect: expectationSchema,
  /** The same sample under edited manifests. */
  variants: z.array(variantSchema).optional(),
  challenge: challengeSchema.optional(),
});
export type SampleMeta = z.infer<typeof sampleMetaSchema>;

/** Parses and validates a sample.json object; throws a readable error when it does not fit. */
export function parseSampleMeta(value: unknown, where = 'sample.json'): SampleMeta {
  const r = sampleMetaSchema.safeParse(value);
  if (!r.success) {
    throw new Error(`${where} is not a valid sample description:\n${z.prettifyError(r.error)}`);
  }
  return r.data;
}
