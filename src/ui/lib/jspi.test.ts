import { describe, expect, it } from 'vitest';
import { jspiWarnings } from './jspi';

describe('jspiWarnings', () => {
  it('warns about interactive stdin and granted HTTP only when the component imports them', () => {
    const imports = ['wasi:cli/stdin', 'wasi:http/outgoing-handler'];
    const w = jspiWarnings(imports, {
      stdin: { interactive: true },
      http: { allow: ['https://a.test'] },
    });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/stdin.*JSPI/);
    expect(w[1]).toMatch(/HTTP.*JSPI/);
    expect(jspiWarnings(['wasi:cli/stdout'], { stdin: { interactive: true } })).toEqual([]);
    expect(jspiWarnings(imports, { stdin: 'text' })).toEqual([]);
    expect(jspiWarnings(imports, null)).toEqual([]);
  });
});
