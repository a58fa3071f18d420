/** Running a component file through the Node engine in tests: output, events and outcome. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseManifest } from '../../manifest/parse';
import type { CallEvent } from '../events';
import type { GuestResult } from '../engine/run-guest';
import type { Manifest } from '../../manifest/schema';
import { runInNode } from './run-in-node';
import { runInThread } from './run-thread';
import { toComponent, transpileInNode } from './transpile';
import type { TranspiledComponent } from '../transpile/options';

const transpileCache = new Map<string, Promise<TranspiledComponent>>();

export function transpileFile(path: string): Promise<TranspiledComponent> {
  let cached = transpileCache.get(path);
  if (!cached) {
    cached = readFile(path).then(async (bytes) =>
      transpileInNode((await toComponent(new Uint8Array(bytes))).component),
    );
    transpileCache.set(path, cached);
  }
  return cached;
}

export interface TestRun extends GuestResult {
  stdout: string;
  stderr: string;
  events: CallEvent[];
}

export async function runFile(
  path: string,
  manifestText: string,
  extra: { invoke?: { name: string; args: unknown[] }; stdinLines?: string[] } = {},
): Promise<TestRun> {
  const parsed = parseManifest(manifestText);
  if (!parsed.ok)
    throw new Error(
      `bad test manifest: ${parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`,
    );
  const transpiled = await transpileFile(path);
  const events: CallEvent[] = [];
  let stdout = '';
  let stderr = '';
  const decoder = new TextDecoder();
  const lines = [...(extra.stdinLines ?? [])];
  const result = await runInNode({
    transpiled,
    resolved: parsed.resolved,
    sink: {
      event: (e) => events.push(e),
      output: (stream, bytes) => {
        if (stream === 'stdout') stdout += decoder.decode(bytes);
        else stderr += decoder.decode(bytes);
      },
    },
    interactive: {
      readSync: () => {
        const line = lines.shift();
        return line === undefined ? null : new TextEncoder().encode(line);
      },
    },
    invoke: extra.invoke,
  });
  return { ...result, stdout, stderr, events };
}

/**
 * A run in its own thread, as the CLI runs it: for guests that may never end (the thread is
 * terminated at limits.timeoutMs, and the timeout is the last event).
 */
export async function runFileInThread(path: string, manifest: Manifest): Promise<TestRun> {
  const events: CallEvent[] = [];
  let stdout = '';
  let stderr = '';
  const decoder = new TextDecoder();
  const result = await runInThread({
    component: new Uint8Array(readFileSync(path)),
    manifest,
    onEvents: (batch) => events.push(...batch),
    onOutput: (stream, bytes) => {
      if (stream === 'stdout') stdout += decoder.decode(bytes);
      else stderr += decoder.decode(bytes);
    },
  });
  return {
    status:
      result.status === 'exited'
        ? 'exited'
        : result.status === 'timeout' || result.status === 'trapped'
          ? 'trapped'
          : 'error',
    exitCode: result.exitCode,
    reason: result.reason,
    instantiateMs: result.status === 'bad-input' ? 0 : (result.instantiateMs ?? 0),
    files: [],
    stdout,
    stderr,
    events,
  };
}
