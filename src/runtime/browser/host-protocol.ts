/** Messages between the app and its sandboxed run host iframe (checked with zod on arrival). */
import { z } from 'zod';

export const hostMessageSchema = z.discriminatedUnion('type', [
  /** Start a run worker and connect it to the MessagePort sent along. */
  z.object({ type: z.literal('spawn'), id: z.number().int() }),
  z.object({ type: z.literal('terminate'), id: z.number().int() }),
  /** Start loading a spare worker now (when no run is waiting on this machine's cores). */
  z.object({ type: z.literal('spare') }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export const hostEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), jspi: z.boolean() }),
  z.object({
    type: z.literal('worker-error'),
    id: z.number().int(),
    message: z.string().max(2000),
  }),
]);
export type HostEvent = z.infer<typeof hostEventSchema>;
