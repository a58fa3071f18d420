import { describe, expect, it } from 'vitest';
import { initialAnsiState, parseAnsi, stripAnsi } from './ansi';

describe('parseAnsi', () => {
  it('passes plain text through as one default span', () => {
    const { spans } = parseAnsi('hello\nworld');
    expect(spans).toEqual([{ text: 'hello\nworld', fg: null, bg: null, bold: false }]);
  });

  it('applies foreground colours, bright colours, bold and reset', () => {
    const { spans } = parseAnsi(
      '\u001b[31mred\u001b[0m \u001b[1;92mgreen\u001b[22m thin\u001b[39m plain',
    );
    expect(spans).toEqual([
      { text: 'red', fg: 1, bg: null, bold: false },
      { text: ' ', fg: null, bg: null, bold: false },
      { text: 'green', fg: 10, bg: null, bold: true },
      { text: ' thin', fg: 10, bg: null, bold: false },
      { text: ' plain', fg: null, bg: null, bold: false },
    ]);
  });

  it('treats ESC[m as a reset and handles backgrounds', () => {
    const { spans } = parseAnsi('\u001b[44;37mx\u001b[my');
    expect(spans).toEqual([
      { text: 'x', fg: 7, bg: 4, bold: false },
      { text: 'y', fg: null, bg: null, bold: false },
    ]);
  });

  it('drops other CSI and OSC sequences', () => {
    expect(stripAnsi('a\u001b[2Kb\u001b[10;3Hc\u001b]0;title\u0007d')).toBe('abcd');
  });

  it('keeps an escape split across chunks and finishes it with the next chunk', () => {
    const first = parseAnsi('one\u001b[3', initialAnsiState());
    expect(first.spans.map((s) => s.text).join('')).toBe('one');
    expect(first.state.pending).toBe('\u001b[3');
    const second = parseAnsi('3myellow', first.state);
    expect(second.spans).toEqual([{ text: 'yellow', fg: 3, bg: null, bold: false }]);
    expect(second.state.pending).toBe('');
  });

  it('carries the style from one chunk to the next', () => {
    const a = parseAnsi('\u001b[35mmag');
    const b = parseAnsi('enta', a.state);
    expect(b.spans).toEqual([{ text: 'enta', fg: 5, bg: null, bold: false }]);
  });

  it('skips the arguments of 256-colour codes without crashing', () => {
    const { spans } = parseAnsi('\u001b[38;5;196;1mx');
    expect(spans).toEqual([{ text: 'x', fg: null, bg: null, bold: true }]);
  });
});
