/**
 * Every sample's lesson, checked through the engine: under its starting manifest and under each
 * variant the lesson talks about, the output, exit code and verdicts are what the lesson says;
 * and the challenge's reference solution passes the challenge's own check. A lesson can never
 * silently go stale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import { checkChallenge } from '../../samples/challenge';
import { parseSampleMeta, type Expectation } from '../../samples/sample-meta';
import { hasJspi } from '../transpile/options';
import { runFile, runFileInThread, type TestRun } from './test-helpers';

/**
 * Granted outgoing HTTP needs JSPI (fetch is asynchronous); Node 20 has none, so the lessons that
 * expect a granted request are checked in the browser instead (e2e/samples-http.spec.ts).
 */
function needsJspi(expectation: Expectation): boolean {
  return (
    !hasJspi() &&
    (expectation.verdicts ?? []).some(
      (v) => v.interface.startsWith('wasi:http/') && v.verdict === 'granted',
    )
  );
}

const ids = readdirSync('samples', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`samples/${d.name}/sample.json`))
  .map((d) => d.name);

/** A run with a timeout needs its own thread (a busy loop cannot be interrupted in-process). */
async function runSample(id: string, manifestFile: string): Promise<TestRun> {
  const manifestText = readFileSync(`samples/${id}/${manifestFile}`, 'utf8');
  const wasm = `samples/${id}/${id}.wasm`;
  if (!/timeoutMs|runaway|sleep/.test(manifestText + id)) return runFile(wasm, manifestText);
  const parsed = parseManifest(manifestText);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  return runFileInThread(wasm, parsed.manifest);
}

function checkExpectation(run: TestRun, expectation: Expectation): void {
  const context = `stdout:\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 500)}\nstatus: ${run.status} ${run.reason ?? ''}`;
  expect(run.exitCode, context).toBe(expectation.exitCode);
  for (const text of expectation.stdoutIncludes ?? []) expect(run.stdout, context).toContain(text);
  for (const text of expectation.stderrIncludes ?? []) expect(run.stderr, context).toContain(text);
  for (const match of expectation.verdicts ?? []) {
    const found = run.events.some(
      (e) =>
        e.interface === match.interface &&
        e.function === match.function &&
        e.verdict === match.verdict,
    );
    expect(found, `expected a ${match.verdict} ${match.interface} ${match.function} event`).toBe(
      true,
    );
  }
}

describe.each(ids)('sample %s', (id) => {
  const meta = parseSampleMeta(
    JSON.parse(readFileSync(`samples/${id}/sample.json`, 'utf8')),
    `samples/${id}/sample.json`,
  );

  it.skipIf(needsJspi(meta.expect))(
    'runs as its lesson says under its starting manifest',
    async () => {
      checkExpectation(await runSample(id, 'manifest.jsonc'), meta.expect);
    },
  );

  for (const variant of meta.variants ?? []) {
    it.skipIf(needsJspi(variant.expect))(
      `runs as its lesson says with "${variant.name}"`,
      async () => {
        checkExpectation(await runSample(id, variant.manifest), variant.expect);
      },
    );
  }

  if (meta.challenge && existsSync(`samples/${id}/solution.jsonc`) && !needsJspi(meta.expect)) {
    it('passes its challenge with the reference solution, and not with the starting manifest', async () => {
      const solutionText = readFileSync(`samples/${id}/solution.jsonc`, 'utf8');
      const solution = parseManifest(solutionText);
      if (!solution.ok) throw new Error(solution.diagnostics[0]!.message);
      const run = await runSample(id, 'solution.jsonc');
      const verdict = checkChallenge(meta.challenge!.passWhen, run, solution.manifest);
      expect(verdict.reasons).toEqual([]);
      expect(verdict.passed).toBe(true);

      const start = parseManifest(readFileSync(`samples/${id}/manifest.jsonc`, 'utf8'));
      if (!start.ok) throw new Error(start.diagnostics[0]!.message);
      const startRun = await runSample(id, 'manifest.jsonc');
      expect(checkChallenge(meta.challenge!.passWhen, startRun, start.manifest).passed).toBe(false);
    });
  }
});
