import { describe, expect, it } from 'vitest';
import type { Change } from '../../discovery';
import { selectedChanges, toggleChange, withRequirements } from './selection';

const change = (id: string, requires?: string[]): Change => ({
  id,
  path: [id],
  op: 'remove',
  kind: 'revoke',
  description: id,
  ...(requires ? { requires } : {}),
});

const changes = [
  change('mounts[0]', ['cwd']),
  change('cwd'),
  change('env'),
  change('a', ['mounts[0]']),
];

describe('proposal selection', () => {
  it('ticking a change ticks what it requires, transitively', () => {
    expect([...toggleChange(changes, new Set(), 'a', true)].sort()).toEqual(
      ['a', 'cwd', 'mounts[0]'].sort(),
    );
    expect([...withRequirements(changes, ['env'])]).toEqual(['env']);
  });

  it('unticking a change unticks what requires it', () => {
    const all = new Set(changes.map((c) => c.id));
    expect([...toggleChange(changes, all, 'cwd', false)]).toEqual(['env']);
    expect([...toggleChange(changes, all, 'a', false)].sort()).toEqual(
      ['cwd', 'env', 'mounts[0]'].sort(),
    );
  });

  it('unknown ids are ignored and order follows the proposal', () => {
    const s = toggleChange(changes, new Set(['nope']), 'env', true);
    expect(selectedChanges(changes, s).map((c) => c.id)).toEqual(['env']);
  });
});
