import { describe, expect, it } from 'vitest';
import { oneLine } from './options';

describe('oneLine', () => {
  it('joins a tool error chain into one readable line', () => {
    const chain =
      'failed to parse WebAssembly module\n\nCaused by:\n    0: unexpected end-of-file (at offset 0x42)\n    1: section too short';
    const line = oneLine(chain);
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'failed to parse WebAssembly module: unexpected end-of-file (at offset 0x42): section too short',
    );
  });

  it('bounds the length', () => {
    expect(oneLine('x'.repeat(1000), 50)).toHaveLength(50);
  });
});
