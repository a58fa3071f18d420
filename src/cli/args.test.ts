import { describe, expect, it } from 'vitest';
import { parseCommand, parseRunCommand, UsageError } from './args';

describe('airlock command line (node:util parseArgs)', () => {
  it('a run with every flag, before and after the component', () => {
    expect(
      parseRunCommand([
        'run',
        '--manifest',
        'm.jsonc',
        'app.wasm',
        '--dir',
        './fixtures::fs-tests.dir',
        '--dir=/tmp::/data::ro',
        '--env',
        'A=1=2',
        '--stdin',
        '-',
        '--trace=t.jsonl',
        'one',
        '--',
        '--env',
        'two',
      ]),
    ).toEqual({
      component: 'app.wasm',
      manifest: 'm.jsonc',
      dirs: [
        { host: './fixtures', guest: 'fs-tests.dir', readOnly: false },
        { host: '/tmp', guest: '/data', readOnly: true },
      ],
      env: [['A', '1=2']],
      stdin: '-',
      trace: 't.jsonl',
      args: ['one', '--env', 'two'],
    });
  });

  it('words after the component are the guest arguments (wasmtime style)', () => {
    expect(parseRunCommand(['run', 'x.wasm', 'a', 'b']).args).toEqual(['a', 'b']);
    expect(parseRunCommand(['run', '-', 'a']).component).toBe('-');
  });

  it('help and version', () => {
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommand(['help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['run', '--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommand(['-V'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['frob'], /unknown command "frob"/],
    [[], /missing command/],
    [['run'], /missing the component/],
    [['run', '--', 'x.wasm'], /missing the component/],
    [['run', 'x.wasm', '--bogus'], /Unknown option '--bogus'/],
    [['run', 'x.wasm', '--env'], /--env <value>' argument missing/],
    [['run', 'x.wasm', '--env', 'NOEQUALS'], /--env NOEQUALS: expected NAME=VALUE/],
    [['run', 'x.wasm', '--dir', 'a::b::c::ro'], /expected HOST\[::GUEST\[::ro\]\]/],
    [['run', 'x.wasm', '--dir', 'a::'], /guest name is missing/],
  ])('%j is a usage error, on one line', (argv, message) => {
    let error: unknown;
    try {
      parseCommand(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
