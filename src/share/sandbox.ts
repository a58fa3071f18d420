/**
 * A sandbox: what a link, a `.airlock.json` file and the autosave carry. The manifest TEXT is
 * kept verbatim (comments, spacing, even errors), the component is a reference (a sample, an
 * uploaded file known by its hash, or an https URL), plus optional extra seed files and the open
 * lesson.
 *
 * Everything that arrives from outside goes through `validateSandbox`: strict shapes (unknown
 * keys are refused), capped string lengths, and identifiers restricted to characters that can
 * never be markup. Free text (the manifest, seed file contents) is data that the UI shows as
 * text, never as HTML.
 */
import { z } from 'zod';
import { decodeBase64 } from './base64';
import { MAX_PATH_BYTES, utf8Length } from '../manifest/guest-path';
import { pathLabel } from '../manifest/semantic';

/** Longest manifest text, in characters. */
export const MAX_MANIFEST_CHARS = 256 * 1024;
/** Longest text seed file, in characters (and base64 text of a binary one). */
export const MAX_SEED_FILE_CHARS = 16 * 1024 * 1024;
/** Most extra seed files in a sandbox. */
export const MAX_SEED_FILES = 1000;
/** Largest component, in bytes (an upload's declared size, a sandbox file's embedded bytes). */
export const MAX_COMPONENT_BYTES = 64 * 1024 * 1024;
/** Longest component URL. */
export const MAX_URL_CHARS = 2048;

export const SAMPLE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const LESSON_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Characters refused in an uploaded file's display name: controls, markup and path separators. */
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHAR = /[\u0000-\u001f\u007f<>/\\]/;

const sampleRef = z.strictObject({
  kind: z.literal('sample'),
  id: z
    .string()
    .regex(
      SAMPLE_ID,
      'a sample id is lower-case letters, digits and "-" (at most 64), e.g. "read-file"',
    ),
});

const uploadRef = z.strictObject({
  kind: z.literal('upload'),
  sha256: z.string().regex(SHA256_HEX, 'a SHA-256 is 64 lower-case hexadecimal digits'),
  name: z
    .string()
    .min(1, 'the file name is empty')
    .max(255, 'the file name is longer than 255 characters')
    .refine(
      (s) => !BAD_NAME_CHAR.test(s),
      'the file name contains control characters, "<", ">", "/" or "\\"',
    ),
  size: z
    .number()
    .int('the size is a whole number of bytes')
    .min(0, 'the size cannot be negative')
    .max(MAX_COMPONENT_BYTES, `a component is at most ${MAX_COMPONENT_BYTES} bytes`),
});

/** A display name that `upload` accepts, from any file name (e.g. `File.name`). */
export function sanitizeUploadName(name: string): string {
  const cleaned = wellFormedName(name)
    .replace(new RegExp(BAD_NAME_CHAR.source, 'g'), '_')
    .trim()
    .slice(0, 255);
  return cleaned === '' ? 'component.wasm' : cleaned;
}

function wellFormedName(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** Why `text` is not an acceptable component URL, or null when it is. */
export function componentUrlProblem(text: string): string | null {
  if (text.length > MAX_URL_CHARS) return `the URL is longer than ${MAX_URL_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(text)) return 'the URL contains spaces or control characters';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'this is not a valid URL';
  }
  if (/[<>"'`{}|\\^]/.test(text))
    return 'the URL contains characters that must be percent-encoded (such as <, >, quotes)';
  if (url.protocol !== 'https:') return `only https:// URLs are allowed, not "${url.protocol}"`;
  if (url.username || url.password) return 'the URL must not contain a user name or password';
  if (!url.hostname) return 'the URL has no host';
  return null;
}

const urlRef = z.strictObject({
  kind: z.literal('url'),
  url: z.string().superRefine((s, ctx) => {
    const problem = componentUrlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const componentRefSchema = z.discriminatedUnion('kind', [sampleRef, uploadRef, urlRef], {
  error: 'the component must be { "kind": "sample" | "upload" | "url", … }',
});
export type ComponentRef = z.infer<typeof componentRefSchema>;

const fileContentSchema = z.union(
  [
    z.string().max(MAX_SEED_FILE_CHARS, `a seed file is at most ${MAX_SEED_FILE_CHARS} characters`),
    z.strictObject({
      base64: z
        .string()
        .max(
          MAX_SEED_FILE_CHARS,
          `a seed file is at most ${MAX_SEED_FILE_CHARS} characters of base64`,
        )
        .superRefine((s, ctx) => {
          const r = decodeBase64(s);
          if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
        }),
    }),
  ],
  { error: 'a seed file is text or { "base64": "…" }' },
);
export type FileContent = z.infer<typeof fileContentSchema>;

/** Why `path` cannot name an extra seed file, or null when it can. */
export function seedPathProblem(path: string): string | null {
  if (!path.startsWith('/'))
    return `"${clip(path)}" is not an absolute guest path (it must start with "/")`;
  if (path.includes('\0')) return 'a guest path must not contain a NUL character';
  if (utf8Length(path) > MAX_PATH_BYTES) return `a guest path is at most ${MAX_PATH_BYTES} bytes`;
  if (path === '/' || path.endsWith('/')) return `"${clip(path)}" names a directory, not a file`;
  const parts = path.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    return `"${clip(path)}" must not contain "//", "." or ".." segments`;
  return null;
}

export const seedFilesSchema = z.record(z.string(), fileContentSchema).superRefine((files, ctx) => {
  const keys = Object.keys(files);
  if (keys.length > MAX_SEED_FILES)
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_SEED_FILES} seed files` });
  for (const key of keys) {
    const problem = seedPathProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
  }
});
export type SeedFiles = z.infer<typeof seedFilesSchema>;

export const sandboxSchema = z.strictObject({
  manifestText: z
    .string({ error: 'the manifest text is missing' })
    .max(MAX_MANIFEST_CHARS, `the manifest is longer than ${MAX_MANIFEST_CHARS} characters`),
  component: componentRefSchema,
  files: seedFilesSchema.optional(),
  lesson: z
    .string()
    .regex(LESSON_ID, 'a lesson id is letters, digits, ".", "_" and "-" (at most 128)')
    .optional(),
});

/** A shareable sandbox. */
export type Sandbox = z.infer<typeof sandboxSchema>;

export type SandboxCheck = { ok: true; sandbox: Sandbox } | { ok: false; reason: string };

function clip(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * `JSON.parse` for untrusted text. A `__proto__` key (anywhere) is refused outright: it is never
 * part of a sandbox, and objects built from such data must not be able to reach a prototype.
 */
export function parseUntrustedJson(text: string): JsonParse {
  let protoKey = false;
  let value: unknown;
  try {
    value = JSON.parse(text, function (key, v: unknown) {
      if (key === '__proto__') protoKey = true;
      return v;
    });
  } catch (e) {
    return { ok: false, reason: e instanceof SyntaxError ? e.message : 'invalid JSON' };
  }
  if (protoKey) return { ok: false, reason: 'it contains a "__proto__" key' };
  return { ok: true, value };
}

/** The first problem zod found, as one readable sentence. */
export function describeIssues(error: z.ZodError, what = 'sandbox'): string {
  const issue = error.issues[0];
  if (!issue) return `The ${what} is not valid.`;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys')
    message = `unknown field ${issue.keys.map((k) => `"${clip(k)}"`).join(', ')}`;
  else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    message = 'this field is required';
  const where = path.length ? `${pathLabel(path)}: ` : '';
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : '';
  return `The ${what} is not valid: ${where}${message}${more}.`;
}

/** Checks untrusted data (parsed JSON) against the sandbox schema. Never throws. */
export function validateSandbox(raw: unknown): SandboxCheck {
  const r = sandboxSchema.safeParse(raw);
  if (!r.success) return { ok: false, reason: describeIssues(r.error) };
  return { ok: true, sandbox: normalizeSandbox(r.data) };
}

/**
 * The sandbox with its keys in a fixed order and absent fields left out: the form that is
 * serialized, so the same sandbox always gives the same link.
 */
export function normalizeSandbox(s: Sandbox): Sandbox {
  const c = s.component;
  const component: ComponentRef =
    c.kind === 'sample'
      ? { kind: 'sample', id: c.id }
      : c.kind === 'upload'
        ? { kind: 'upload', sha256: c.sha256, name: c.name, size: c.size }
        : { kind: 'url', url: c.url };
  const out: Sandbox = { manifestText: s.manifestText, component };
  if (s.files && Object.keys(s.files).length > 0) {
    const files: SeedFiles = {};
    for (const [k, v] of Object.entries(s.files))
      files[k] = typeof v === 'string' ? v : { base64: v.base64 };
    out.files = files;
  }
  if (s.lesson !== undefined) out.lesson = s.lesson;
  return out;
}
