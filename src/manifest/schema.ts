/**
 * The capability manifest, format v1: the one schema definition that the types, the validation
 * and the editor's JSON Schema (completion and hover docs) all come from.
 *
 * Deny by default: every field is optional and an empty manifest `{}` grants nothing but
 * stdout and stderr.
 */
import { z } from 'zod';
import { semanticIssues } from './semantic';

/**
 * Extra words for the learner-facing validator (`parse.ts`): how to say what a field expects when
 * the schema alone would read badly ("a string matching /^frozen:/"), and a hint to append.
 * Not part of the JSON Schema.
 */
export const learnerHints = z.registry<{ expected?: string; hint?: string }>();

export { DEFAULT_LIMITS } from './limits';

const seedFile = z
  .union([
    z.string().describe("The file's text content (UTF-8)."),
    z
      .strictObject({ base64: z.string().describe("The file's bytes, base64-encoded.") })
      .describe('A binary file.'),
    z.strictObject({}).describe('A directory (its name should end with "/").'),
  ])
  .describe('A seed file: text, `{ "base64": "..." }` for bytes, or `{}` for a directory.')
  .register(learnerHints, {
    expected: 'text, { "base64": "…" } for bytes, or {} for a directory',
  });

export const mountSchema = z
  .strictObject({
    guest: z
      .string()
      .min(1)
      .describe(
        'Where the guest sees this directory: the preopen name, exactly as written, an absolute path such as "/data" or a relative name such as "fs-tests.dir" or "." (as wasmtime\'s --dir HOST::NAME gives it).',
      ),
    access: z
      .enum(['read-only', 'read-write'])
      .optional()
      .describe(
        '"read-only" (the default) refuses every change; "read-write" lets the guest create, change and delete files inside this mount.',
      ),
    files: z
      .record(z.string(), seedFile)
      .optional()
      .describe(
        'Seed files, by path relative to the mount: `{ "input.txt": "text", "img.bin": { "base64": "..." }, "sub/dir/": {} }`.',
      ),
  })
  .describe('A directory the guest may open. Nothing outside a mount is visible at all.');

export const wallClockSchema = z
  .union([
    z.literal('real'),
    z.literal('deny'),
    z
      .string()
      .regex(/^frozen:/)
      .register(learnerHints, { expected: '"frozen:" and an RFC 3339 time' }),
  ])
  .describe(
    '"real" gives the browser\'s clock; "frozen:<RFC 3339>" (e.g. "frozen:2024-01-01T00:00:00Z") always returns that instant; "deny" (the default) traps the guest when it asks for the time.',
  )
  .register(learnerHints, {
    expected: '"real", "deny" or "frozen:<time>" such as "frozen:2024-01-01T00:00:00Z"',
  });

export const httpMockSchema = z
  .strictObject({
    status: z.number().int().min(100).max(599).describe('HTTP status code of the mocked response.'),
    headers: z.record(z.string(), z.string()).optional().describe('Response headers.'),
    body: z.string().optional().describe('Response body text.'),
  })
  .describe('A canned response: the request never reaches the network.');

/**
 * The manifest's fields and their types, without the cross-field checks: the shape the editor's
 * JSON Schema and the positioned validator walk.
 */
export const manifestObjectSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional: the JSON Schema of this file.'),
    args: z
      .array(z.string())
      .optional()
      .describe('Arguments after the program name (argv[1..]). Default: none.'),
    env: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'Environment variables, `{ "NAME": "value" }`. These are the only variables the guest sees. Default: an empty environment.',
      ),
    cwd: z
      .string()
      .optional()
      .describe('Initial working directory. It must lie inside a mount. Default: none.'),
    stdin: z
      .union([
        z.string().describe('Text fed to stdin; the guest then reads end of input.'),
        z
          .strictObject({
            interactive: z.literal(true).describe('The user types into a terminal line.'),
          })
          .describe('An interactive terminal: the guest waits until the user submits a line.'),
      ])
      .optional()
      .describe('What the guest reads on stdin. Default: stdin is closed (end of input at once).'),
    stdout: z
      .boolean()
      .optional()
      .describe('Whether the guest may write to stdout. Default: true.'),
    stderr: z
      .boolean()
      .optional()
      .describe('Whether the guest may write to stderr. Default: true.'),
    mounts: z
      .array(mountSchema)
      .optional()
      .describe('Directories the guest may open. Default: no directory is visible at all.'),
    clocks: z
      .strictObject({
        wall: wallClockSchema.optional(),
        monotonic: z
          .enum(['real', 'deny'])
          .optional()
          .describe(
            '"real" gives a monotonic clock (timers, sleep); "deny" (the default) traps the guest when it reads it.',
          ),
      })
      .optional()
      .describe(
        'Access to clocks. Default: both denied (a call traps: clocks have no error channel).',
      ),
    random: z
      .union([
        z.literal('real'),
        z.literal('deny'),
        z
          .strictObject({
            seed: z.number().int().describe('Seed for a deterministic generator.'),
          })
          .describe('Deterministic random bytes from this seed: every run is the same.'),
      ])
      .optional()
      .describe(
        '"real" gives crypto-quality random bytes; `{ "seed": 42 }` gives the same bytes every run; "deny" (the default) traps the guest when it asks.',
      ),
    http: z
      .strictObject({
        allow: z
          .array(z.string())
          .optional()
          .describe(
            'Origins the guest may call: "https://api.example.com", "https://*.example.org:443", "http://localhost:8080". Scheme and host are required; the port defaults to the scheme\'s.',
          ),
        mock: z
          .record(z.string(), httpMockSchema)
          .optional()
          .describe(
            'Canned responses by exact URL. A mocked URL is answered without any network, even offline; it counts as a grant for that URL only.',
          ),
      })
      .optional()
      .describe('Outbound HTTP (wasi:http). Default: every request is denied.'),
    sockets: z
      .literal('deny')
      .register(learnerHints, {
        hint: 'A browser has no raw sockets, so "deny" is the only value.',
      })
      .optional()
      .describe(
        'Raw TCP/UDP sockets. Always "deny": a browser has no raw sockets, and every socket call is logged as denied.',
      ),
    limits: z
      .strictObject({
        timeoutMs: z
          .number()
          .int()
          .min(1)
          .max(600_000)
          .optional()
          .describe(
            'Wall-clock time the run may take before it is stopped (trapped). Default: 5000.',
          ),
        maxOutputBytes: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            'Bytes of stdout plus stderr kept before the run is stopped. Default: 1048576.',
          ),
        maxMemoryMiB: z
          .number()
          .int()
          .min(1)
          .max(4096)
          .optional()
          .describe('Linear memory the guest may grow to, in MiB. Default: 256.'),
      })
      .optional()
      .describe('Resource limits. Default: 5 s, 1 MiB of output, 256 MiB of memory.'),
    onDenied: z
      .enum(['error', 'trap'])
      .optional()
      .describe(
        '"error" (the default): a denied call returns the WASI error code and the guest goes on. "trap": the first denied call stops the guest.',
      ),
  })
  .describe(
    'Airlock capability manifest (format v1). Deny by default: `{}` grants only stdout and stderr.',
  );

/** A manifest as written (every field optional). */
export type Manifest = z.infer<typeof manifestObjectSchema>;

/**
 * THE manifest schema: the fields above plus the checks that span fields or need parsing (a cwd
 * inside a mount, absolute and distinct mount paths, allow patterns, mock URLs, the frozen
 * instant, seed file names, base64). `parseManifest` reports the same checks with positions.
 */
export const manifestSchema = manifestObjectSchema.superRefine((manifest, ctx) => {
  for (const issue of semanticIssues(manifest)) {
    if (issue.severity !== 'error') continue;
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});
export type Mount = z.infer<typeof mountSchema>;
export type SeedFile = z.infer<typeof seedFile>;
export type HttpMock = z.infer<typeof httpMockSchema>;
