/**
 * Binds each WASI call to the policy question that decides it, one module per interface
 * family. The decisions themselves are made in src/policy (pure functions of the manifest);
 * these modules only read a call's arguments (which descriptor, which path, which flags, which
 * URL) and turn a policy decision into a ruling for the interceptor.
 *
 * - filesystem.ts: `wasi:filesystem/types` and `/preopens`
 * - streams.ts: `wasi:io/streams` (stdout, stderr, stdin, file streams)
 * - cli-env.ts: `wasi:cli/environment`
 * - clocks-random.ts: `wasi:clocks/*`, `wasi:random/*`
 * - http.ts: `wasi:http/outgoing-handler`, the response future in `wasi:http/types`
 * - sockets.ts: `wasi:sockets/*`
 * - context.ts: the run's context and what the modules share
 */
import type { Gates } from '../../intercept/interceptor';
import { environmentGates } from './cli-env';
import { clockGates, randomGates } from './clocks-random';
import type { GateContext } from './context';
import { filesystemGates } from './filesystem';
import { httpGates } from './http';
import { socketGates } from './sockets';
import { streamGates } from './streams';

export type { GateContext } from './context';

export function buildGates(ctx: GateContext): Gates {
  return {
    ...environmentGates(ctx),
    ...filesystemGates(ctx),
    ...streamGates(ctx),
    ...clockGates(ctx),
    ...randomGates(ctx),
    ...httpGates(ctx),
    ...socketGates(),
  };
}
