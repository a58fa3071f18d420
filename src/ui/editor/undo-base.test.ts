import { describe, expect, it } from 'vitest';
import { rememberUndoBase, takeUndoBase } from './undo-base';

describe('the undo base for an editor that loads after a grant', () => {
  it('gives the text before the change while the manifest is what the change made, once', () => {
    rememberUndoBase('{"a": 1}', '{"a": 2}');
    expect(takeUndoBase('{"a": 2}')).toBe('{"a": 1}');
    expect(takeUndoBase('{"a": 2}')).toBeUndefined();
  });

  it('gives nothing once the manifest has changed since (a sample picked, typing)', () => {
    rememberUndoBase('{"a": 1}', '{"a": 2}');
    expect(takeUndoBase('{"b": 1}')).toBeUndefined();
  });
});
