import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../components/Markdown';
import { headingSlug, inlineText, parseInline, parseMarkdown, safeHref } from './markdown';

const html = (source: string) =>
  renderToStaticMarkup(createElement(Markdown, { source, headingOffset: 0 }));

describe('parseMarkdown', () => {
  it('parses headings, paragraphs, lists and code blocks', () => {
    const blocks = parseMarkdown(
      '# Title\n\nSome *text*\nwraps.\n\n- one\n- two `x`\n\n1. a\n2. b\n\n```jsonc\n{ "env": {} }\n```\n',
    );
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'code']);
    expect(blocks[4]).toEqual({ type: 'code', lang: 'jsonc', text: '{ "env": {} }' });
    const list = blocks[2];
    expect(list?.type === 'list' && list.items.length).toBe(2);
  });

  it('parses inline bold, italic, code and links', () => {
    const nodes = parseInline('a **b** _c_ `d*e*` [f](https://x.test/)');
    expect(nodes.map((n) => n.type)).toEqual([
      'text',
      'strong',
      'text',
      'em',
      'text',
      'code',
      'text',
      'link',
    ]);
    expect(inlineText(nodes)).toBe('a b c d*e* f');
  });

  it('leaves snake_case and lone markers alone', () => {
    expect(inlineText(parseInline('get_environment and 2 * 3'))).toBe('get_environment and 2 * 3');
  });
});

describe('Markdown rendering is safe', () => {
  it('renders HTML in a lesson as text', () => {
    const out = html('Hello <img src=x onerror=alert(1)> <script>alert(1)</script>\n\n# <b>hi</b>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('<h1>&lt;b&gt;hi&lt;/b&gt;</h1>');
  });

  it('escapes code blocks and inline code', () => {
    expect(html('```\n</pre><script>x</script>\n```')).toContain('&lt;/pre&gt;&lt;script&gt;');
    expect(html('`<b>`')).toContain('<code>&lt;b&gt;</code>');
  });

  it('keeps only safe link targets', () => {
    expect(safeHref('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('#section')).toBe('#section');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHref('//evil.test/')).toBeNull();
    const out = html('[click](javascript:alert(1)) and [ok](https://wasi.dev "WASI")');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<span>click</span>');
    expect(out).toContain(
      '<a href="https://wasi.dev" target="_blank" rel="noopener noreferrer">ok</a>',
    );
  });

  it('escapes attribute breakouts in hrefs', () => {
    const out = html('[x](https://a.test/"onmouseover="alert(1))');
    expect(out).not.toMatch(/href="[^"]*"onmouseover/);
  });
});

describe('tables and heading anchors', () => {
  it('parses a pipe table with inline markup in its cells', () => {
    const [table] = parseMarkdown(
      '| field | default |\n|---|---|\n| `args` | none |\n| **env** | empty |',
    );
    expect(table).toMatchObject({ type: 'table' });
    if (table?.type !== 'table') return;
    expect(table.head.map(inlineText)).toEqual(['field', 'default']);
    expect(table.rows.map((r) => r.map(inlineText))).toEqual([
      ['args', 'none'],
      ['env', 'empty'],
    ]);
  });

  it('a line with pipes but no separator stays a paragraph', () => {
    expect(parseMarkdown('| not | a table |')[0]?.type).toBe('paragraph');
  });

  it('makes GitHub-style anchors', () => {
    expect(headingSlug('stdout, stderr')).toBe('stdout-stderr');
    expect(headingSlug('$schema')).toBe('schema');
    expect(headingSlug('Verdicts and the event format')).toBe('verdicts-and-the-event-format');
  });
});

describe('parseInline on hostile text: work grows linearly with the input', () => {
  const hostile: [string, string][] = [
    ['unclosed emphasis', '*a '],
    ['unclosed strong', '**a '],
    ['unclosed underscores', '_a '],
    ['unmatched brackets', '[a '],
    ['links without a closing paren', '[a](b '],
    ['unclosed code', '``a '],
    ['angle brackets', '<a '],
    ['nested emphasis', '*a **b '],
  ];
  it.each(hostile)('%s: 4x the text is at most 5x the work', (_name, unit) => {
    const steps = (n: number) => {
      const stats = { steps: 0 };
      parseInline(unit.repeat(n), stats);
      return stats.steps;
    };
    const small = steps(5_000);
    const large = steps(20_000);
    expect(large / small).toBeLessThan(5);
    // And a 60 KB paragraph is parsed at all (it once took 10 s), its text kept.
    const text = unit.repeat(20_000);
    expect(inlineText(parseInline(text)).length).toBeGreaterThan(text.length / 4);
  });

  it('nesting deeper than 8 levels stays literal text', () => {
    const deep = '*'.repeat(1) + '[x '.repeat(50) + 'a' + '](y)'.repeat(50);
    const nodes = parseInline(deep);
    let depth = 0;
    const walk = (list: ReturnType<typeof parseInline>, d: number) => {
      depth = Math.max(depth, d);
      for (const n of list) if (n.type !== 'text' && n.type !== 'code') walk(n.children, d + 1);
    };
    walk(nodes, 0);
    expect(depth).toBeLessThanOrEqual(9);
  });
});
