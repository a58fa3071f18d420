import { describe, expect, it } from 'vitest';
import { sniffMedia } from './media';

const bytes = (s: string, extra: number[] = []) =>
  new Uint8Array([...[...s].map((c) => c.charCodeAt(0)), ...extra]);

describe('sniffMedia', () => {
  it('knows sounds and images by their first bytes', () => {
    expect(sniffMedia(bytes('RIFF\x24\0\0\0WAVEfmt '))).toEqual({
      kind: 'audio',
      mime: 'audio/wav',
    });
    expect(sniffMedia(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual(
      {
        kind: 'image',
        mime: 'image/png',
      },
    );
    expect(sniffMedia(bytes('GIF89a'))?.mime).toBe('image/gif');
    expect(sniffMedia(bytes('OggS'))?.kind).toBe('audio');
  });

  it('anything else (and a name alone) is not media', () => {
    expect(sniffMedia(bytes('RIFF\0\0\0\0AVI '))).toBeNull();
    expect(sniffMedia(new Uint8Array([0, 1, 2, 3]))).toBeNull();
    expect(sniffMedia(new Uint8Array())).toBeNull();
  });
});
