/**
 * A guard against a 10x regression (issue 14): the bench's 2,000 small files and 20,000 small
 * writes, paired in this process against bare jco on preview2-shim (no interception, no policy,
 * no log), must stay within 3x. Airlock's side does what the browser run does per call: the
 * interceptor, the policy, the event, and the run's stream (engine/run-stream.ts: encoded
 * batches with the file deltas) posted on a MessageChannel. Runs alternate; the ratio is of each side's fastest run (a busy machine slows single
 * runs, rarely every one). `npm run bench` gives the browser figures.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { resolveManifest } from '../../manifest/resolve';
import { runBare } from '../testing/bare-jco';
import { RunStream } from '../engine/run-stream';
import { runInNode } from './run-in-node';
import { transpileFile } from './test-helpers';

const REPS = 3;
const LIMIT = 3;

async function runAirlock(path: string, args: string[]): Promise<number> {
  const transpiled = await transpileFile(path);
  const { port1, port2 } = new MessageChannel();
  port2.on('message', () => undefined);
  // What the browser's run worker does with every call: the same stream, posting on a port.
  const stream = new RunStream({
    runId: 1,
    post: (message, transfer) => port1.postMessage(message, transfer),
  });
  const started = performance.now();
  const result = await runInNode({
    transpiled,
    resolved: resolveManifest({ args, mounts: [{ guest: '/data', access: 'read-write' }] }),
    programName: 'main',
    exposeFiles: stream.exposeFiles,
    sink: stream.sink,
  });
  stream.done({ status: result.status, exitCode: result.exitCode });
  const elapsed = performance.now() - started;
  port1.close();
  port2.close();
  expect(result).toMatchObject({ status: 'exited', exitCode: 0 });
  return elapsed;
}

async function runReference(path: string, args: string[]): Promise<number> {
  const transpiled = await transpileFile(path);
  const started = performance.now();
  const result = await runBare(transpiled, args, ['/data']);
  const elapsed = performance.now() - started;
  expect(result.exitCode).toBe(0);
  return elapsed;
}

describe('speed against bare jco, paired in one process', () => {
  for (const [program, args] of [
    ['files', ['2000']],
    ['calls', ['20000']],
  ] as const) {
    it(`${program}: Airlock within ${LIMIT}x of bare jco`, async () => {
      const path = `bench/programs/${program}.wasm`;
      await runAirlock(path, [...args]);
      await runReference(path, [...args]);
      const airlock: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < REPS; i++) {
        airlock.push(await runAirlock(path, [...args]));
        bare.push(await runReference(path, [...args]));
      }
      const ratio = Math.min(...airlock) / Math.min(...bare);
      const ms = (xs: number[]) => xs.map((x) => Math.round(x)).join('/');
      console.log(
        `speed ${program}: Airlock / bare jco = ${ratio.toFixed(2)}x (Airlock ${ms(airlock)} ms, bare ${ms(bare)} ms)`,
      );
      expect(ratio).toBeLessThanOrEqual(LIMIT);
    }, 120_000);
  }
});
