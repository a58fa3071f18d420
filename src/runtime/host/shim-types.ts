/**
 * The parts of @bytecodealliance/preview2-shim's browser build that the host uses, typed loosely.
 * The modules themselves are injected (the browser run worker imports them; the Node host loads
 * the same browser build from disk), so nothing outside the worker code imports the shim.
 */
import type { StreamFactories } from './filesystem/descriptor';

export type Namespace = Record<string, unknown>;

/** A shim pollable's readiness source. */
export interface PollableSource {
  ready: () => boolean;
  wait: () => Promise<void>;
}

export interface OutputHandler {
  write: (bytes: Uint8Array) => void;
  blockingFlush?: () => void;
  flush?: () => void;
  checkWrite?: () => bigint;
}

export interface InputHandler {
  read?: (len: bigint) => Uint8Array;
  blockingRead: (len: bigint) => Uint8Array | Promise<Uint8Array>;
  subscribe?: () => unknown;
}

export interface ShimModules {
  cli: {
    createCli: (config: {
      environment?: Record<string, string>;
      arguments?: string[];
      initialCwd?: string;
      stdin?: InputHandler;
      stdout?: OutputHandler;
      stderr?: OutputHandler;
    }) => Record<string, Namespace>;
  };
  clocks: { monotonicClock: Namespace; wallClock: Namespace };
  filesystem: {
    createFilesystem: (config: { adapter: unknown; preopens: Record<string, unknown> }) => {
      types: Namespace;
      preopens: Namespace;
      dispose: () => void;
    };
    InMemoryFilesystemAdapter: new () => unknown;
  };
  io: {
    error: Namespace;
    poll: Namespace & { Pollable: { prototype: { ready: () => boolean; block: () => unknown } } };
    streams: Namespace;
    pollableCreate: (source?: PollableSource | Promise<unknown>) => { ready: () => boolean };
    /** The shim's stream and error factories (file streams must be the shim's own classes). */
    inputStreamCreate: StreamFactories['inputStreamCreate'];
    outputStreamCreate: StreamFactories['outputStreamCreate'];
    ioErrorCreate: StreamFactories['ioErrorCreate'];
  };
  random: { random: Namespace; insecure: Namespace; insecureSeed: Namespace };
  http: { types: Namespace; outgoingHandler: Namespace; incomingHandler: Namespace };
  sockets: Record<string, Namespace>;
}
