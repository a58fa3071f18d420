/**
 * The page's run lifecycle as a pure function: `reduceRun(state, event)` gives the next
 * RunState, and every change of `appStore.run` goes through it (actions.ts › dispatchRun).
 *
 *            pressed (not prepared)        prepared
 *   idle ──────────────────────────▶ preparing ─────▶ running ──▶ done
 *     │       pressed (prepared) ────────────────────▶   │  ended   ▲
 *     └──────────────────────────────────────────────────┼─────────┘
 *                                        (ended while preparing: the component could not be
 *                                         prepared)
 *
 * Every event names the run it belongs to (`seq`, one per Run press). An event of another run
 * is stale and changes nothing, nor does an event that does not fit the phase (a `started`
 * after `done`, a second `ended`): what a dead run's worker still sends cannot touch the next.
 */
import type { RunEnd } from '../../runtime/browser/run-client';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import type { ChallengeResult } from '../../samples/challenge';
import { IDLE_RUN, type RunState } from './state';

export type RunMachineEvent =
  /** Run was pressed; `prepared` when the component is ready (the run starts at once). */
  | {
      type: 'pressed';
      seq: number;
      at: number;
      interactive: boolean;
      invoked: { name: string; args: unknown[] } | null;
      prepared: PreparedComponent | null;
    }
  /** The component a preparing run waited for is ready: the run starts. */
  | { type: 'prepared'; seq: number; prepared: PreparedComponent }
  /** The guest was instantiated and starts. */
  | { type: 'started'; seq: number; at: number; instantiateMs: number }
  | { type: 'wants-input'; seq: number }
  | { type: 'input-sent'; seq: number }
  /** The first output is on screen. */
  | { type: 'first-output'; seq: number; at: number }
  | { type: 'ended'; seq: number; end: RunEnd; challenge: ChallengeResult | null }
  /** The verdict is on screen. */
  | { type: 'end-shown'; seq: number; at: number }
  /** The component changed: back to idle (the run, if any, was stopped). */
  | { type: 'reset' };

function timingsOf(prepared: PreparedComponent): RunState['timings'] {
  return { transpileMs: prepared.transpileMs, transpileSource: prepared.source };
}

export function reduceRun(state: RunState, event: RunMachineEvent): RunState {
  if (event.type === 'reset') return { ...IDLE_RUN, seq: state.seq };
  if (event.type === 'pressed') {
    // A new run only from a phase where nothing runs, and never an older one.
    if (state.phase === 'preparing' || state.phase === 'running' || event.seq <= state.seq)
      return state;
    return {
      ...IDLE_RUN,
      seq: event.seq,
      startedAt: event.at,
      interactive: event.interactive,
      invoked: event.invoked,
      phase: event.prepared ? 'running' : 'preparing',
      timings: event.prepared ? timingsOf(event.prepared) : {},
    };
  }
  if (event.seq !== state.seq) return state;
  switch (event.type) {
    case 'prepared':
      return state.phase === 'preparing'
        ? { ...state, phase: 'running', timings: timingsOf(event.prepared) }
        : state;
    case 'started':
      return state.phase === 'running'
        ? {
            ...state,
            guestStartedAt: event.at,
            timings: { ...state.timings, instantiateMs: event.instantiateMs },
          }
        : state;
    case 'wants-input':
      return state.phase === 'running' && !state.waitingInput
        ? { ...state, waitingInput: true }
        : state;
    case 'input-sent':
      return state.waitingInput ? { ...state, waitingInput: false } : state;
    case 'first-output': {
      if (state.phase !== 'running' && state.phase !== 'done') return state;
      if (state.timings.firstOutputMs !== undefined) return state;
      const from = state.guestStartedAt ?? state.startedAt;
      return { ...state, timings: { ...state.timings, firstOutputMs: event.at - from } };
    }
    case 'ended':
      return state.phase === 'running' || state.phase === 'preparing'
        ? {
            ...state,
            phase: 'done',
            waitingInput: false,
            end: event.end,
            files: event.end.files ?? null,
            challenge: event.challenge,
          }
        : state;
    case 'end-shown':
      return state.phase === 'done' && !state.endMarked
        ? {
            ...state,
            endMarked: true,
            timings: { ...state.timings, totalMs: event.at - state.startedAt },
          }
        : state;
  }
}
