/**
 * What a binary file is, from its first bytes (not its name: the guest chose the name), when the
 * browser can show it: a sound to play or an image to look at. Pure.
 */
export type MediaKind = { kind: 'audio' | 'image'; mime: string };

function startsWith(bytes: Uint8Array, at: number, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffMedia(bytes: Uint8Array): MediaKind | null {
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WAVE')))
    return { kind: 'audio', mime: 'audio/wav' };
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP')))
    return { kind: 'image', mime: 'image/webp' };
  if (startsWith(bytes, 0, ascii('OggS'))) return { kind: 'audio', mime: 'audio/ogg' };
  if (startsWith(bytes, 0, ascii('fLaC'))) return { kind: 'audio', mime: 'audio/flac' };
  if (startsWith(bytes, 0, ascii('ID3')) || startsWith(bytes, 0, [0xff, 0xfb]))
    return { kind: 'audio', mime: 'audio/mpeg' };
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', mime: 'image/png' };
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg' };
  if (startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a')))
    return { kind: 'image', mime: 'image/gif' };
  if (startsWith(bytes, 0, ascii('BM'))) return { kind: 'image', mime: 'image/bmp' };
  return null;
}
