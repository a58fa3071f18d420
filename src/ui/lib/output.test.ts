import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output';

const text = (b: OutputBuffer) => b.chunks.map((c) => c.spans.map((s) => s.text).join('')).join('');

describe('OutputBuffer', () => {
  it('keeps streams apart and merges small writes of one stream', () => {
    const b = new OutputBuffer();
    b.append('stdout', 'a');
    b.append('stdout', 'b');
    b.append('stderr', 'oops\n');
    b.append('stdout', 'c');
    expect(b.chunks.map((c) => [c.stream, c.spans.map((s) => s.text).join('')])).toEqual([
      ['stdout', 'ab'],
      ['stderr', 'oops\n'],
      ['stdout', 'c'],
    ]);
    expect(b.plain('stdout')).toBe('abc');
    expect(b.plain('stderr')).toBe('oops\n');
  });

  it('keeps ANSI state per stream across chunks', () => {
    const b = new OutputBuffer();
    b.append('stdout', '\u001b[32mgr');
    b.append('stderr', 'plain');
    b.append('stdout', 'een\u001b[0m');
    expect(b.chunks[2]!.spans[0]).toMatchObject({ text: 'een', fg: 2 });
    expect(b.chunks[1]!.spans[0]).toMatchObject({ text: 'plain', fg: null });
    expect(b.plain('stdout')).toBe('green');
  });

  it('keeps only the last capChars characters and says how much was dropped', () => {
    const b = new OutputBuffer(10);
    b.append('stdout', '0123456789');
    b.append('stderr', 'ABCD');
    expect(text(b)).toBe('456789ABCD');
    expect(b.chars).toBe(10);
    expect(b.truncated).toBe(true);
    expect(b.droppedChars).toBe(4);
    b.append('stderr', 'x'.repeat(25));
    expect(text(b)).toBe('x'.repeat(10));
    expect(b.droppedChars).toBe(29);
    expect(b.received).toEqual({ stdout: 10, stderr: 29 });
  });

  it('does not mutate chunks it already handed out', () => {
    const b = new OutputBuffer();
    b.append('stdout', 'a');
    const first = b.chunks[0]!;
    b.append('stdout', 'b');
    expect(first.spans[0]!.text).toBe('a');
    expect(b.chunks[0]!.spans[0]!.text).toBe('ab');
  });

  it('echoes typed stdin as its own stream without counting it as output', () => {
    const b = new OutputBuffer();
    b.append('stdin', 'hello\n');
    expect(b.isEmpty).toBe(true);
    expect(b.chunks[0]!.stream).toBe('stdin');
  });
});
