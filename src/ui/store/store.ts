/**
 * A tiny external store for React (`useSyncExternalStore`): one state object, replaced (never
 * mutated) on every change, and selectors that pick slices of it.
 */
import { useSyncExternalStore } from 'react';

export class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private state: T) {}

  get = (): T => this.state;

  set(update: Partial<T> | ((state: T) => Partial<T>)): void {
    const patch = typeof update === 'function' ? update(this.state) : update;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

/**
 * A version counter bumped at most once per animation frame: the high-rate data (log events,
 * output chunks) lives in mutable buffers, and views re-read them when the version changes.
 */
export class FrameTicker {
  private listeners = new Set<() => void>();
  private scheduled = false;
  private last = 0;
  version = 0;

  /**
   * @param minIntervalMs at least this long between bumps (a flood of events then costs at most
   *   1000 / minIntervalMs renders a second, whatever the frame rate).
   */
  constructor(private minIntervalMs = 0) {}

  /**
   * Changes the interval between bumps: a run that streams a big log or a lot of output is
   * redrawn less often (laying out its text and rows is the page's main cost then).
   */
  setMinInterval(ms: number): void {
    this.minIntervalMs = ms;
  }

  /** Asks for a bump on a coming frame (many calls make one bump). */
  bump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      const now = performance.now();
      const wait = this.last + this.minIntervalMs - now;
      if (wait > 1) {
        setTimeout(() => schedule(), wait);
        return;
      }
      this.scheduled = false;
      this.last = now;
      this.version++;
      for (const l of this.listeners) l();
    };
    const schedule = () => {
      if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden') {
        requestAnimationFrame(run);
      } else setTimeout(run, 16);
    };
    schedule();
  }

  /** True while listeners hear a flush (not a frame's bump). */
  flushing = false;

  /** Bumps now (a new run, the end of a run). */
  flush(): void {
    this.last = performance.now();
    this.version++;
    this.flushing = true;
    try {
      for (const l of this.listeners) l();
    } finally {
      this.flushing = false;
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useTicker(ticker: FrameTicker | TrailingTicker): number {
  return useSyncExternalStore(ticker.subscribe, () => ticker.version);
}

/**
 * A ticker that bumps one frame after `lead` does (at once when `lead` is flushed). Views on it
 * redraw in the frame after the lead's views, so one redraw of a fast stream is two shorter
 * tasks instead of one long one (the log's rows, and the output and status).
 */
export class TrailingTicker {
  private listeners = new Set<() => void>();
  private scheduled = false;
  version = 0;

  constructor(private readonly lead: FrameTicker) {
    lead.subscribe(() => {
      if (lead.flushing) this.notify();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      if (!this.scheduled) return;
      this.notify();
    };
    if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden')
      requestAnimationFrame(run);
    else setTimeout(run, 16);
  }

  private notify(): void {
    this.scheduled = false;
    this.version++;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
