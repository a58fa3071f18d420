/**
 * The stream gate: stdout/stderr as the manifest says, output metered, stdin's rule as
 * configured, file streams under their mount's rule and the memory limit.
 */
import { describe, expect, it } from 'vitest';
import { decide, gateSetup } from './testing';

const STREAMS = 'wasi:io/streams';
const WRITE = '[method]output-stream.blocking-write-and-flush';

async function labelled(manifest: Parameters<typeof gateSetup>[0], label: string) {
  const setup = await gateSetup(manifest);
  const stream = {};
  setup.ctx.labels.set(stream, label);
  return { ...setup, stream };
}

describe('stdout and stderr', () => {
  it('grants writes to an open stdout under the rule "stdout"', async () => {
    const { gates, stream } = await labelled({}, 'stdout');
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(3))).toEqual({
      verdict: 'granted',
      rule: 'stdout',
    });
  });

  it('denies writes to a closed stream with `closed`; other calls go through under its rule', async () => {
    const { gates, stream } = await labelled({ stderr: false }, 'stderr');
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(3))).toEqual({
      verdict: 'denied',
      rule: 'stderr: false',
      error: 'closed',
      reason: 'the manifest closes stderr',
    });
    expect(decide(gates, STREAMS, '[method]output-stream.check-write', stream)).toEqual({
      verdict: 'granted',
      rule: 'stderr: false',
    });
  });

  it('stops the guest when output would pass limits.maxOutputBytes (bytes or a zeroes count)', async () => {
    const { gates, stream, ctx } = await labelled({ limits: { maxOutputBytes: 10 } }, 'stdout');
    ctx.meter.total = 8;
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(2))).toMatchObject({
      verdict: 'granted',
    });
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(3))).toEqual({
      verdict: 'trapped',
      rule: 'limits.maxOutputBytes',
      reason: 'output passed limits.maxOutputBytes = 10 bytes',
    });
    expect(decide(gates, STREAMS, '[method]output-stream.write-zeroes', stream, 3n)).toMatchObject({
      verdict: 'trapped',
    });
  });
});

describe('stdin', () => {
  it.each([
    [{}, 'default: stdin closed'],
    [{ stdin: 'line\n' }, 'stdin text'],
    [{ stdin: { interactive: true } }, 'stdin interactive'],
  ] as const)('names how stdin is configured (%j)', async (manifest, rule) => {
    const { gates, stream } = await labelled(manifest, 'stdin');
    expect(decide(gates, STREAMS, '[method]input-stream.read', stream, 10n)).toEqual({
      verdict: 'granted',
      rule,
    });
  });
});

describe('file streams', () => {
  const manifest = { mounts: [{ guest: '/out', access: 'read-write' as const }] };

  it("grants a file stream's writes under its mount's rule, with the file as a fact", async () => {
    const { gates, stream } = await labelled(manifest, '/out/log.txt');
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(4))).toEqual({
      verdict: 'granted',
      rule: 'mounts[0] read-write',
      facts: { path: '/out/log.txt', mutates: true },
    });
    expect(decide(gates, STREAMS, '[method]output-stream.flush', stream)).toEqual({
      verdict: 'granted',
      rule: 'mounts[0] read-write',
    });
  });

  it('stops a file stream write that would pass limits.maxMemoryMiB', async () => {
    const { gates, stream } = await labelled(
      { ...manifest, limits: { maxMemoryMiB: 1 } },
      '/out/f',
    );
    expect(decide(gates, STREAMS, WRITE, stream, new Uint8Array(2 * 1024 * 1024))).toMatchObject({
      verdict: 'trapped',
      rule: 'limits.maxMemoryMiB',
    });
  });

  it('grants a stream Airlock knows nothing about under "stream"', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, STREAMS, WRITE, {}, new Uint8Array(1))).toEqual({
      verdict: 'granted',
      rule: 'stream',
    });
  });
});
