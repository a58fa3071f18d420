/**
 * Evaluates a sample's challenge (`challenge.passWhen` in sample.json) against a finished run
 * and the manifest it ran with. Pure: no I/O, no globals; usable from Node and the browser.
 *
 * The check language (see `PassWhen` in ./sample-meta.ts): every condition given must hold.
 *   exitCode                 the guest's exit code; null = it did not exit (trapped)
 *   stdoutIncludes/Excludes  substrings that must / must not appear in stdout
 *   stderrIncludes/Excludes  the same for stderr
 *   verdicts                 for each entry, at least one event with that interface, function, verdict
 *   noVerdict                "trapped" (no event has that verdict) or a pattern no event may match
 *   manifest                 conditions on the manifest (noReadWriteMounts, envHas, random, ...)
 *   anyOf                    at least one alternative holds
 * `reasons` explains every failed condition in words a learner can act on.
 */
import type { EventMatch, EventPattern, ManifestCondition, PassWhen, Verdict } from './sample-meta';

export interface ChallengeRun {
  stdout: string;
  stderr: string;
  /** null when the guest did not exit normally (trap, timeout, output limit). */
  exitCode: number | null;
  events: { interface: string; function: string; verdict: string }[];
}

export interface ChallengeResult {
  passed: boolean;
  /** Why it did not pass, one line per failed condition (empty when passed). */
  reasons: string[];
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;

export function checkChallenge(
  passWhen: PassWhen,
  run: ChallengeRun,
  manifest: unknown,
): ChallengeResult {
  const reasons = check(passWhen, run, manifest);
  return { passed: reasons.length === 0, reasons };
}

function check(p: PassWhen, run: ChallengeRun, manifest: unknown): string[] {
  const reasons: string[] = [];

  if (p.exitCode !== undefined && p.exitCode !== run.exitCode) {
    reasons.push(
      `expected ${describeExit(p.exitCode)}, but the program ${run.exitCode === null ? 'did not exit (it was stopped)' : `exited with code ${run.exitCode}`}`,
    );
  }
  for (const s of p.stdoutIncludes ?? []) {
    if (!run.stdout.includes(s)) reasons.push(`stdout does not contain ${JSON.stringify(s)}`);
  }
  for (const s of p.stdoutExcludes ?? []) {
    if (run.stdout.includes(s)) reasons.push(`stdout must not contain ${JSON.stringify(s)}`);
  }
  for (const s of p.stderrIncludes ?? []) {
    if (!run.stderr.includes(s)) reasons.push(`stderr does not contain ${JSON.stringify(s)}`);
  }
  for (const s of p.stderrExcludes ?? []) {
    if (run.stderr.includes(s)) reasons.push(`stderr must not contain ${JSON.stringify(s)}`);
  }
  for (const v of p.verdicts ?? []) {
    if (!run.events.some((e) => matches(e, v))) {
      reasons.push(`the capability log has no ${v.verdict} call to ${v.interface} ${v.function}`);
    }
  }
  if (p.noVerdict !== undefined) {
    const pattern: EventPattern =
      typeof p.noVerdict === 'string' ? { verdict: p.noVerdict } : p.noVerdict;
    const hit = run.events.find((e) => matches(e, pattern));
    if (hit) {
      reasons.push(
        `the capability log must have no ${describePattern(pattern)}, but ${hit.interface} ${hit.function} was ${hit.verdict}`,
      );
    }
  }
  if (p.manifest) reasons.push(...checkManifest(p.manifest, manifest));
  if (p.anyOf && p.anyOf.length > 0) {
    const alternatives = p.anyOf.map((alt) => check(alt, run, manifest));
    if (!alternatives.some((r) => r.length === 0)) {
      reasons.push(
        `none of the ${alternatives.length} ways to pass holds: ` +
          alternatives.map((r, i) => `(${i + 1}) ${r.join('; ')}`).join(' '),
      );
    }
  }
  return reasons;
}

function describeExit(code: number | null): string {
  return code === null ? 'the program to be stopped (no exit code)' : `exit code ${code}`;
}

function matches(e: ChallengeRun['events'][number], p: EventPattern | EventMatch): boolean {
  return (
    (p.interface === undefined || e.interface === p.interface) &&
    (p.function === undefined || e.function === p.function) &&
    (p.verdict === undefined || e.verdict === p.verdict)
  );
}

function describePattern(p: EventPattern): string {
  const what = [p.interface, p.function].filter(Boolean).join(' ');
  return [p.verdict, what ? `call to ${what}` : 'call'].filter(Boolean).join(' ');
}

// ---- the manifest side ------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function mountsOf(m: Obj): Obj[] {
  return Array.isArray(m.mounts) ? m.mounts.filter(isObj) : [];
}

function normGuest(p: unknown): string {
  const s = typeof p === 'string' ? p : '';
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

function wallSetting(m: Obj): 'real' | 'frozen' | 'deny' {
  const w = isObj(m.clocks) ? m.clocks.wall : undefined;
  if (w === 'real') return 'real';
  if (typeof w === 'string' && w.startsWith('frozen:')) return 'frozen';
  return 'deny';
}

function randomSetting(m: Obj): 'real' | 'seeded' | 'deny' {
  if (m.random === 'real') return 'real';
  if (isObj(m.random) && typeof m.random.seed === 'number') return 'seeded';
  return 'deny';
}

function stdinSetting(m: Obj): 'closed' | 'text' | 'interactive' {
  if (typeof m.stdin === 'string') return 'text';
  if (isObj(m.stdin) && m.stdin.interactive === true) return 'interactive';
  return 'closed';
}

function limit(m: Obj, key: string, dflt: number): number {
  const v = isObj(m.limits) ? m.limits[key] : undefined;
  return typeof v === 'number' ? v : dflt;
}

function checkManifest(c: ManifestCondition, manifest: unknown): string[] {
  const m: Obj = isObj(manifest) ? manifest : {};
  const reasons: string[] = [];
  const mounts = mountsOf(m);
  const guests = mounts.map((x) => normGuest(x.guest));
  const env = isObj(m.env) ? m.env : {};
  const args = Array.isArray(m.args) ? m.args : [];
  const allow = isObj(m.http) && Array.isArray(m.http.allow) ? m.http.allow : [];

  if (c.noMounts && mounts.length > 0)
    reasons.push(`the manifest must have no mounts (it has ${mounts.length})`);
  if (c.noReadWriteMounts) {
    const rw = mounts.filter((x) => x.access === 'read-write').map((x) => normGuest(x.guest));
    if (rw.length)
      reasons.push(`the manifest must have no read-write mount (${rw.join(', ')} is read-write)`);
  }
  if (c.maxMounts !== undefined && mounts.length > c.maxMounts) {
    reasons.push(`the manifest may have at most ${c.maxMounts} mount(s) (it has ${mounts.length})`);
  }
  for (const g of c.mountsAt ?? []) {
    if (!guests.includes(normGuest(g))) reasons.push(`the manifest must mount a directory at ${g}`);
  }
  for (const g of c.readOnlyMountsAt ?? []) {
    const mount = mounts.find((x) => normGuest(x.guest) === normGuest(g));
    if (!mount) reasons.push(`the manifest must mount a directory at ${g}`);
    else if (mount.access === 'read-write') reasons.push(`the mount at ${g} must stay read-only`);
  }
  for (const g of c.noMountsAt ?? []) {
    if (guests.includes(normGuest(g))) reasons.push(`the manifest must not mount anything at ${g}`);
  }
  for (const k of c.envHas ?? []) {
    if (!(k in env)) reasons.push(`the manifest must grant the environment variable ${k}`);
  }
  for (const k of c.envLacks ?? []) {
    if (k in env) reasons.push(`the manifest must not grant the environment variable ${k}`);
  }
  if (c.maxEnvVars !== undefined && Object.keys(env).length > c.maxEnvVars) {
    reasons.push(
      `the manifest may grant at most ${c.maxEnvVars} environment variable(s) (it grants ${Object.keys(env).length})`,
    );
  }
  if (c.maxArgs !== undefined && args.length > c.maxArgs) {
    reasons.push(
      `the manifest may pass at most ${c.maxArgs} argument(s) (it passes ${args.length})`,
    );
  }
  if (c.stdin !== undefined && stdinSetting(m) !== c.stdin) {
    reasons.push(`stdin must be ${c.stdin} (it is ${stdinSetting(m)})`);
  }
  if (c.wallClock !== undefined && wallSetting(m) !== c.wallClock) {
    reasons.push(
      `clocks.wall must be ${c.wallClock === 'frozen' ? '"frozen:<instant>"' : `"${c.wallClock}"`} (it is ${wallSetting(m)})`,
    );
  }
  if (c.monotonicClock !== undefined) {
    const mono = isObj(m.clocks) && m.clocks.monotonic === 'real' ? 'real' : 'deny';
    if (mono !== c.monotonicClock)
      reasons.push(`clocks.monotonic must be "${c.monotonicClock}" (it is ${mono})`);
  }
  if (c.random !== undefined && randomSetting(m) !== c.random) {
    reasons.push(
      `random must be ${c.random === 'seeded' ? '{ "seed": <int> }' : `"${c.random}"`} (it is ${randomSetting(m)})`,
    );
  }
  if (c.maxHttpAllow !== undefined && allow.length > c.maxHttpAllow) {
    reasons.push(
      `http.allow may list at most ${c.maxHttpAllow} origin(s) (it lists ${allow.length})`,
    );
  }
  if (c.noHttpWildcards) {
    const wild = allow.filter((a) => typeof a === 'string' && a.includes('*'));
    if (wild.length) reasons.push(`http.allow must not use wildcards (${wild.join(', ')})`);
  }
  if (c.maxTimeoutMs !== undefined) {
    const t = limit(m, 'timeoutMs', DEFAULT_TIMEOUT_MS);
    if (t > c.maxTimeoutMs)
      reasons.push(`limits.timeoutMs must be at most ${c.maxTimeoutMs} (it is ${t})`);
  }
  if (c.maxOutputBytes !== undefined) {
    const b = limit(m, 'maxOutputBytes', DEFAULT_MAX_OUTPUT_BYTES);
    if (b > c.maxOutputBytes)
      reasons.push(`limits.maxOutputBytes must be at most ${c.maxOutputBytes} (it is ${b})`);
  }
  for (const k of c.absent ?? []) {
    if (m[k] !== undefined) reasons.push(`the manifest must not set "${k}"`);
  }
  return reasons;
}

export type { PassWhen, Verdict };
