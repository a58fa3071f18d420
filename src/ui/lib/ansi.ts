/**
 * A tiny ANSI SGR parser for the Output pane: colours 30–37 / 90–97 (and backgrounds 40–47 /
 * 100–107), bold, resets. Every other escape sequence is dropped. Streaming: an escape cut in
 * half between two chunks is kept in the state and finished by the next chunk.
 */

export interface AnsiStyle {
  /** Foreground colour index 0–15 (8–15 are the bright ones), or null for the default. */
  fg: number | null;
  bg: number | null;
  bold: boolean;
}

export interface AnsiSpan extends AnsiStyle {
  text: string;
}

export interface AnsiState {
  style: AnsiStyle;
  /** The start of an escape sequence that the previous chunk ended in. */
  pending: string;
}

export const DEFAULT_STYLE: AnsiStyle = Object.freeze({ fg: null, bg: null, bold: false });

export function initialAnsiState(): AnsiState {
  return { style: { ...DEFAULT_STYLE }, pending: '' };
}

const ESC = '\u001b';

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const next = { ...style };
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) {
      next.fg = null;
      next.bg = null;
      next.bold = false;
    } else if (c === 1) next.bold = true;
    else if (c === 22) next.bold = false;
    else if (c >= 30 && c <= 37) next.fg = c - 30;
    else if (c === 39) next.fg = null;
    else if (c >= 90 && c <= 97) next.fg = c - 90 + 8;
    else if (c >= 40 && c <= 47) next.bg = c - 40;
    else if (c === 49) next.bg = null;
    else if (c >= 100 && c <= 107) next.bg = c - 100 + 8;
    else if (c === 38 || c === 48) {
      // 256-colour / true-colour forms: skip their arguments, keep the colour unchanged.
      const mode = codes[i + 1];
      i += mode === 5 ? 2 : mode === 2 ? 4 : 1;
    }
  }
  return next;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold;
}

/**
 * Parses one chunk. Returns the styled spans (adjacent text of one style merged) and the state
 * to pass with the next chunk of the same stream.
 */
export function parseAnsi(
  chunk: string,
  state: AnsiState = initialAnsiState(),
): { spans: AnsiSpan[]; state: AnsiState } {
  const input = state.pending + chunk;
  let style = state.style;
  const spans: AnsiSpan[] = [];
  let text = '';
  const flush = () => {
    if (!text) return;
    const last = spans[spans.length - 1];
    if (last && sameStyle(last, style)) last.text += text;
    else spans.push({ ...style, text });
    text = '';
  };
  let i = 0;
  let pending = '';
  while (i < input.length) {
    const esc = input.indexOf(ESC, i);
    if (esc === -1) {
      text += input.slice(i);
      break;
    }
    text += input.slice(i, esc);
    if (esc + 1 >= input.length) {
      pending = input.slice(esc);
      break;
    }
    const kind = input[esc + 1];
    if (kind === '[') {
      // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, final byte 0x40–0x7E.
      let j = esc + 2;
      while (j < input.length && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x3f) j++;
      if (j >= input.length) {
        pending = input.slice(esc);
        break;
      }
      const final = input[j]!;
      if (final === 'm') {
        flush();
        style = applySgr(style, input.slice(esc + 2, j));
      }
      i = j + 1;
    } else if (kind === ']') {
      // OSC: ends with BEL or ESC \.
      const bel = input.indexOf('\u0007', esc + 2);
      const st = input.indexOf(`${ESC}\\`, esc + 2);
      const end = bel === -1 ? st : st === -1 ? bel : Math.min(bel, st);
      if (end === -1) {
        pending = input.slice(esc);
        break;
      }
      i = end === bel ? end + 1 : end + 2;
    } else {
      // Two-character escape (ESC c, ESC 7, ...): drop it.
      i = esc + 2;
    }
  }
  flush();
  // Never hold more than a short escape back: a lone ESC followed by junk is shown as nothing.
  if (pending.length > 64) pending = '';
  return { spans, state: { style, pending } };
}

/** The text of a chunk without any escape sequence (for searching and the challenge check). */
export function stripAnsi(text: string): string {
  return parseAnsi(text)
    .spans.map((s) => s.text)
    .join('');
}
