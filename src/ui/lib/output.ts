/**
 * The Output pane's model: stdout and stderr chunks, parsed for ANSI colours as they arrive
 * (each stream keeps its own escape state), capped so that only the last `capChars` characters
 * stay on screen, with a count of what was dropped. It also keeps each stream's plain text
 * (up to `keepChars`) for the challenge check. Pure; no DOM.
 */
import { initialAnsiState, parseAnsi, type AnsiSpan, type AnsiState } from './ansi';

export type StreamName = 'stdout' | 'stderr' | 'stdin';

export interface OutputChunk {
  id: number;
  /** `stdin` is the echo of what the user typed into an interactive stdin. */
  stream: StreamName;
  spans: AnsiSpan[];
  chars: number;
}

/** Chunks smaller than this are merged into the previous chunk of the same stream. */
const MERGE_BELOW = 8192;

export class OutputBuffer {
  chunks: OutputChunk[] = [];
  /** Characters currently held in `chunks`. */
  chars = 0;
  /** Characters dropped from the front to respect the cap. */
  droppedChars = 0;
  /** Total characters received per stream. */
  received = { stdout: 0, stderr: 0 };
  private text = { stdout: '', stderr: '' };
  private ansi: Record<'stdout' | 'stderr', AnsiState> = {
    stdout: initialAnsiState(),
    stderr: initialAnsiState(),
  };
  private nextId = 1;

  constructor(
    /**
     * What stays on screen: the pane lays this text out again as output streams in, so more
     * of it is a long main-thread task (1 MB took 0.2-1.6 s here, 200 KB still 200+ ms under
     * load). The plain text (`keepChars`) is kept longer, for the challenge checks.
     */
    readonly capChars = 64_000,
    readonly keepChars = 4_000_000,
  ) {}

  get truncated(): boolean {
    return this.droppedChars > 0;
  }

  get isEmpty(): boolean {
    return this.received.stdout === 0 && this.received.stderr === 0;
  }

  /** Plain text of a stream (escape sequences removed), up to `keepChars`. */
  plain(stream: 'stdout' | 'stderr'): string {
    return this.text[stream];
  }

  append(stream: StreamName, raw: string): void {
    if (!raw) return;
    let spans: AnsiSpan[];
    if (stream === 'stdin') {
      spans = [{ text: raw, fg: null, bg: null, bold: false }];
    } else {
      this.received[stream] += raw.length;
      const parsed = parseAnsi(raw, this.ansi[stream]);
      this.ansi[stream] = parsed.state;
      spans = parsed.spans;
      const plain = spans.map((s) => s.text).join('');
      if (this.text[stream].length < this.keepChars) {
        this.text[stream] += plain.slice(0, this.keepChars - this.text[stream].length);
      }
    }
    const chars = spans.reduce((n, s) => n + s.text.length, 0);
    if (!chars) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream && last.chars < MERGE_BELOW) {
      // Replace (not mutate) the last chunk, so memoised views of older chunks stay valid.
      const merged = [...last.spans];
      for (const s of spans) {
        const tail = merged[merged.length - 1];
        if (tail && tail.fg === s.fg && tail.bg === s.bg && tail.bold === s.bold) {
          merged[merged.length - 1] = { ...tail, text: tail.text + s.text };
        } else merged.push(s);
      }
      this.chunks[this.chunks.length - 1] = { ...last, spans: merged, chars: last.chars + chars };
    } else {
      this.chunks.push({ id: this.nextId++, stream, spans, chars });
    }
    this.chars += chars;
    this.trim();
  }

  private trim(): void {
    let excess = this.chars - this.capChars;
    if (excess <= 0) return;
    let drop = 0;
    while (drop < this.chunks.length - 1 && this.chunks[drop]!.chars <= excess) {
      excess -= this.chunks[drop]!.chars;
      this.droppedChars += this.chunks[drop]!.chars;
      this.chars -= this.chunks[drop]!.chars;
      drop++;
    }
    if (drop) this.chunks.splice(0, drop);
    if (excess > 0) {
      // Cut the front of the (now) first chunk.
      const first = this.chunks[0]!;
      const spans: AnsiSpan[] = [];
      let cut = excess;
      for (const s of first.spans) {
        if (cut >= s.text.length) {
          cut -= s.text.length;
          continue;
        }
        spans.push(cut > 0 ? { ...s, text: s.text.slice(cut) } : s);
        cut = 0;
      }
      this.chunks[0] = { ...first, id: this.nextId++, spans, chars: first.chars - excess };
      this.chars -= excess;
      this.droppedChars += excess;
    }
  }
}
