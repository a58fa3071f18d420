/**
 * Time that a guest can wait on. Timer pollables carry their deadline, so a run can block on
 * them either asynchronously (JSPI: the shim's promise-based poll) or synchronously (no JSPI:
 * poll sleeps the dedicated worker thread until the earliest deadline).
 */
import type { PollableSource, ShimModules } from './shim-types';

export interface Timers {
  /** A pollable ready `ms` milliseconds from now. */
  after: (ms: number) => unknown;
  /** Deadline (performance.now() ms) of a timer pollable, if it is one. */
  deadlineOf: (pollable: unknown) => number | undefined;
}

export function createTimers(io: ShimModules['io']): Timers {
  const deadlines = new WeakMap<object, number>();
  return {
    after(ms) {
      const deadline = performance.now() + Math.max(0, ms);
      const source: PollableSource = {
        ready: () => performance.now() >= deadline,
        // A timer may fire a fraction of a millisecond early: wait again until the deadline, or
        // poll would find nothing ready (an empty result, which WASI does not allow).
        wait: () =>
          new Promise<void>((resolve) => {
            const check = () => {
              const left = deadline - performance.now();
              if (left <= 0) resolve();
              else setTimeout(check, Math.max(1, left));
            };
            check();
          }),
      };
      const pollable = io.pollableCreate(source);
      deadlines.set(pollable, deadline);
      return pollable;
    },
    deadlineOf: (pollable) =>
      pollable && typeof pollable === 'object' ? deadlines.get(pollable) : undefined,
  };
}

/** Blocks the current thread for `ms` (only ever a dedicated worker or the CLI's guest thread). */
export function sleepSync(ms: number): void {
  if (ms <= 0) return;
  if (typeof SharedArrayBuffer !== 'undefined') {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      return;
    } catch {
      // Atomics.wait is not allowed on this thread: fall through to spinning.
    }
  }
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin: a browser worker without cross-origin isolation has no other way to block */
  }
}

/**
 * `wasi:io/poll.poll` without JSPI: returns the indices of ready pollables, sleeping until the
 * earliest timer deadline when none is ready. Pollables that are not timers are treated as
 * ready (they are, in a synchronous host: stdin text and file streams never wait).
 */
export function pollSync(list: { ready: () => boolean }[], timers: Timers): Uint32Array {
  if (list.length === 0) throw new Error('poll list must not be empty');
  for (;;) {
    const ready: number[] = [];
    let earliest = Infinity;
    list.forEach((p, i) => {
      const deadline = timers.deadlineOf(p);
      if (deadline === undefined || p.ready()) ready.push(i);
      else earliest = Math.min(earliest, deadline);
    });
    if (ready.length) return new Uint32Array(ready);
    sleepSync(earliest - performance.now());
  }
}
