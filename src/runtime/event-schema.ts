/**
 * zod schemas for what crosses from a run to the page or the CLI. The run side executes the
 * guest, so everything it sends is untrusted input: checked here, where it enters, with caps on
 * every string and list (a forged or runaway message cannot blow up the page or the terminal).
 */
import { z } from 'zod';
import type { CallEvent, CountedOnly } from './events';

import { MAX_FIELD_CHARS } from './event-limits';
export { MAX_FIELD_CHARS };

const text = z.string().max(MAX_FIELD_CHARS);
const seconds = z.number().finite();

export const callFactsSchema = z
  .object({
    path: text.optional(),
    target: text.optional(),
    mount: z.number().int().nonnegative().optional(),
    mutates: z.boolean().optional(),
    url: text.optional(),
    method: z.string().max(64).optional(),
  })
  .strict();

export const callEventSchema: z.ZodType<CallEvent> = z
  .object({
    seq: z.number().int().nonnegative(),
    t: seconds,
    interface: z.string().max(256),
    function: z.string().max(256),
    args: z.array(text).max(64),
    verdict: z.enum(['granted', 'denied', 'trapped']),
    rule: z.string().max(512),
    result: text,
    reason: text.optional(),
    facts: callFactsSchema.optional(),
  })
  .strict();

export const countedOnlySchema: z.ZodType<CountedOnly> = z
  .object({
    granted: z.number().int().nonnegative(),
    byInterface: z.record(z.string().max(256), z.number().int().nonnegative()),
  })
  .strict();

export const outputStreamSchema = z.enum(['stdout', 'stderr']);
