/**
 * The editor's JSON Schema, generated from THE zod schema: validation, completion and hover docs
 * in Monaco all come from the same definition as the runtime checks.
 */
import { z } from 'zod';
import { manifestSchema } from './schema';

type JsonObject = { [key: string]: unknown };

/** Copies every `description` to `markdownDescription` (Monaco renders `code` in hovers). */
function addMarkdown(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addMarkdown(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as JsonObject;
  if (typeof obj.description === 'string' && obj.markdownDescription === undefined)
    obj.markdownDescription = obj.description;
  for (const value of Object.values(obj)) addMarkdown(value);
}

/**
 * The manifest's JSON Schema (draft 7, which Monaco's JSON language service reads fully):
 * `additionalProperties: false` on every object, descriptions as hover docs, and the
 * VS Code/Monaco flags that accept comments and trailing commas (JSONC).
 */
export function manifestJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(manifestSchema, {
    target: 'draft-7',
    unrepresentable: 'any',
  }) as JsonObject;
  addMarkdown(schema);
  return {
    ...schema,
    title: 'Airlock manifest (v1)',
    allowComments: true,
    allowTrailingCommas: true,
  };
}
