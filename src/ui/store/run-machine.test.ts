import { describe, expect, it } from 'vitest';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import type { RunEnd } from '../../runtime/browser/run-client';
import { reduceRun, type RunMachineEvent } from './run-machine';
import { IDLE_RUN, type RunState } from './state';

const prepared = { transpileMs: 12, source: 'prebuilt' } as PreparedComponent;
const exited: RunEnd = { runId: 1, status: 'exited', exitCode: 0, files: [] };

function press(seq: number, ready: PreparedComponent | null = prepared): RunMachineEvent {
  return { type: 'pressed', seq, at: 100, interactive: false, invoked: null, prepared: ready };
}

const play = (events: RunMachineEvent[], from: RunState = IDLE_RUN) =>
  events.reduce(reduceRun, from);

describe('the run lifecycle', () => {
  it('a warm Run goes straight to running; started, first output, end and verdict follow', () => {
    const s = play([
      press(1),
      { type: 'started', seq: 1, at: 110, instantiateMs: 4 },
      { type: 'first-output', seq: 1, at: 115 },
      { type: 'ended', seq: 1, end: exited, challenge: null },
      { type: 'end-shown', seq: 1, at: 130 },
    ]);
    expect(s).toMatchObject({
      phase: 'done',
      seq: 1,
      end: exited,
      files: [],
      endMarked: true,
      guestStartedAt: 110,
      timings: { transpileMs: 12, instantiateMs: 4, firstOutputMs: 5, totalMs: 30 },
    });
  });

  it('a Run before the component is ready waits in preparing, then runs', () => {
    const waiting = play([press(1, null)]);
    expect(waiting.phase).toBe('preparing');
    expect(reduceRun(waiting, { type: 'started', seq: 1, at: 1, instantiateMs: 1 })).toBe(waiting);
    expect(reduceRun(waiting, { type: 'prepared', seq: 1, prepared }).phase).toBe('running');
  });

  it('a component that cannot be prepared ends the run from preparing', () => {
    const s = play([
      press(1, null),
      {
        type: 'ended',
        seq: 1,
        end: { runId: 0, status: 'error', exitCode: null },
        challenge: null,
      },
    ]);
    expect(s.phase).toBe('done');
    expect(s.end?.status).toBe('error');
  });

  it('drops what a stale run sends: its start, its input request, its end', () => {
    const second = play([
      press(1),
      { type: 'ended', seq: 1, end: exited, challenge: null },
      press(2),
    ]);
    expect(second).toMatchObject({ phase: 'running', seq: 2, end: null });
    for (const stale of [
      { type: 'started', seq: 1, at: 5, instantiateMs: 1 },
      { type: 'wants-input', seq: 1 },
      { type: 'ended', seq: 1, end: exited, challenge: null },
      { type: 'first-output', seq: 1, at: 9 },
    ] as RunMachineEvent[])
      expect(reduceRun(second, stale)).toBe(second);
  });

  it('Run cannot start a second run while one is preparing or running, nor an older one', () => {
    const running = play([press(2)]);
    expect(reduceRun(running, press(3))).toBe(running);
    expect(reduceRun(play([press(2, null)]), press(3)).seq).toBe(2);
    const done = play([press(2), { type: 'ended', seq: 2, end: exited, challenge: null }]);
    expect(reduceRun(done, press(1))).toBe(done);
  });

  it('ends once: a second end (a killed worker that still reports) changes nothing', () => {
    const done = play([press(1), { type: 'ended', seq: 1, end: exited, challenge: null }]);
    const again = reduceRun(done, {
      type: 'ended',
      seq: 1,
      end: { runId: 1, status: 'trapped', exitCode: null },
      challenge: null,
    });
    expect(again).toBe(done);
  });

  it('waits for input, and stops waiting when a line is sent or the run ends', () => {
    const waiting = play([press(1), { type: 'wants-input', seq: 1 }]);
    expect(waiting.waitingInput).toBe(true);
    expect(reduceRun(waiting, { type: 'input-sent', seq: 1 }).waitingInput).toBe(false);
    expect(
      reduceRun(waiting, { type: 'ended', seq: 1, end: exited, challenge: null }).waitingInput,
    ).toBe(false);
  });

  it('the first output is timed once, from the guest start', () => {
    const s = play([
      press(1),
      { type: 'started', seq: 1, at: 200, instantiateMs: 1 },
      { type: 'first-output', seq: 1, at: 203 },
      { type: 'first-output', seq: 1, at: 500 },
    ]);
    expect(s.timings.firstOutputMs).toBe(3);
  });

  it('reset (another component) goes back to idle and keeps the numbering', () => {
    const s = play([press(4), { type: 'reset' }]);
    expect(s).toEqual({ ...IDLE_RUN, seq: 4 });
    expect(reduceRun(s, press(5)).seq).toBe(5);
  });
});
