/**
 * `AIRLOCK_TIMING=1`: the CLI prints when each phase of a run ended to stderr, in ms since its
 * process started (docs/performance.md › CLI start). Costs nothing when off.
 */
const on = typeof process !== 'undefined' && !!process.env?.AIRLOCK_TIMING;

export function timing(phase: string): void {
  if (on)
    process.stderr.write(
      `airlock timing: ${performance.now().toFixed(1).padStart(7)} ms  ${phase}\n`,
    );
}
