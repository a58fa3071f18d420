/**
 * The guest's stdin, stdout and stderr as the manifest says: output goes to the run's sink
 * (counted, so the output limit can stop a flood), stdin is closed, pre-filled text, or lines
 * the user types (interactive; blocks only where the host can block).
 */
import type { OutputStreamName } from '../events';
import type { InputHandler, OutputHandler } from './shim-types';

export interface OutputSink {
  output: (stream: OutputStreamName, bytes: Uint8Array) => void;
}

export interface OutputMeter {
  /** Bytes of stdout plus stderr delivered so far. */
  total: number;
  limit: number;
}

export function createOutputHandler(
  stream: OutputStreamName,
  sink: OutputSink,
  meter: OutputMeter,
): OutputHandler {
  return {
    write(bytes) {
      if (bytes.byteLength === 0) return;
      meter.total += bytes.byteLength;
      // Copy: the guest's memory view is reused by the next write.
      sink.output(stream, bytes.slice());
    },
    blockingFlush() {},
    flush() {},
    checkWrite: () => 1_048_576n,
  };
}

/**
 * Where interactive input comes from. `readSync` returns the next chunk (or null at end of
 * input) by blocking the thread (Node); `read` returns it asynchronously (browser with JSPI).
 */
export interface InteractiveInput {
  readSync?: () => Uint8Array | null;
  read?: () => Promise<Uint8Array | null>;
}

const closed = () => {
  throw { tag: 'closed' };
};

export function createStdinHandler(
  stdin: { kind: 'closed' } | { kind: 'text'; text: string } | { kind: 'interactive' },
  interactive: InteractiveInput | undefined,
): InputHandler {
  if (stdin.kind === 'closed') return { blockingRead: closed };
  if (stdin.kind === 'text') {
    let pending: Uint8Array = new TextEncoder().encode(stdin.text);
    const take = (len: bigint) => {
      if (pending.byteLength === 0) closed();
      const n = Math.min(Number(len), pending.byteLength);
      const chunk = pending.slice(0, n);
      pending = pending.subarray(n);
      return chunk;
    };
    return { blockingRead: take, read: take };
  }
  let buffered: Uint8Array = new Uint8Array(0);
  let ended = false;
  const serve = (len: bigint): Uint8Array => {
    const n = Math.min(Number(len), buffered.byteLength);
    const chunk = buffered.slice(0, n);
    buffered = buffered.subarray(n);
    return chunk;
  };
  return {
    blockingRead(len) {
      if (buffered.byteLength > 0) return serve(len);
      if (ended) closed();
      if (interactive?.readSync) {
        const next = interactive.readSync();
        if (!next) {
          ended = true;
          closed();
        }
        buffered = next!;
        return serve(len);
      }
      if (interactive?.read) {
        return interactive.read().then((next) => {
          if (!next) {
            ended = true;
            throw { tag: 'closed' };
          }
          buffered = next;
          return serve(len);
        });
      }
      ended = true;
      return closed();
    },
    read(len) {
      // Non-blocking read: whatever is buffered (possibly nothing).
      if (buffered.byteLength > 0) return serve(len);
      if (ended) closed();
      return new Uint8Array(0);
    },
  };
}
