/**
 * The page's one RunClient (transpile worker, run host, primed run worker), shared by the early
 * boot (src/boot/early.ts) and the app.
 */
import { RunClient } from '../../runtime/browser/run-client';

let client: RunClient | undefined;

export function runClient(): RunClient {
  client ??= new RunClient();
  return client;
}
