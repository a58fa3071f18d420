/** Running a component file through the Node engine in tests: output, events and outcome. */
import { readFile } from 'node:fs/promises';
import { parseManifest } from '../../manifest/parse';
import type { CallEvent } from '../events';
import type { GuestResult } from '../engine/run-guest';
import { runInNode } from './run-in-node';
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
