/**
 * Renders the tree from `lib/markdown.ts` as React elements. Every string goes in as a text
 * child (React escapes it); there is no `dangerouslySetInnerHTML` anywhere.
 */
import { createElement, type ReactNode } from 'react';
import { headingSlug, inlineText, parseMarkdown, type Block, type Inline } from '../lib/markdown';

function renderInline(nodes: Inline[], key = ''): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}${i}`;
    switch (n.type) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={k}>{n.text}</code>;
      case 'strong':
        return <strong key={k}>{renderInline(n.children, `${k}.`)}</strong>;
      case 'em':
        return <em key={k}>{renderInline(n.children, `${k}.`)}</em>;
      case 'link':
        if (n.href === null) return <span key={k}>{renderInline(n.children, `${k}.`)}</span>;
        if (n.href.startsWith('#'))
          // A link to a heading of this text: scroll there (the page's own hash holds a sandbox).
          return (
            <a
              key={k}
              href={n.href}
              onClick={(e) => {
                e.preventDefault();
                const root = e.currentTarget.closest('.markdown');
                const target = root?.querySelector(
                  `[data-anchor="${CSS.escape(n.href!.slice(1))}"]`,
                );
                if (target instanceof HTMLElement) {
                  target.scrollIntoView({ block: 'start' });
                  target.focus({ preventScroll: true });
                }
              }}
            >
              {renderInline(n.children, `${k}.`)}
            </a>
          );
        return (
          <a key={k} href={n.href} target="_blank" rel="noopener noreferrer">
            {renderInline(n.children, `${k}.`)}
          </a>
        );
    }
  });
}

function renderBlocks(
  blocks: Block[],
  headingOffset: number,
  key = '',
  anchors = false,
): ReactNode[] {
  return blocks.map((b, i) => {
    const k = `${key}${i}`;
    switch (b.type) {
      case 'heading': {
        const level = Math.min(6, b.level + headingOffset);
        return createElement(
          `h${level}`,
          anchors
            ? { key: k, 'data-anchor': headingSlug(inlineText(b.children)), tabIndex: -1 }
            : { key: k },
          renderInline(b.children),
        );
      }
      case 'paragraph':
        return <p key={k}>{renderInline(b.children)}</p>;
      case 'code':
        return (
          <pre key={k} className="md-code" data-lang={b.lang || undefined}>
            <code>{b.text}</code>
          </pre>
        );
      case 'list': {
        const items = b.items.map((item, j) => {
          // A tight item (one paragraph) renders without <p> around it.
          const only = item.length === 1 ? item[0] : undefined;
          return (
            <li key={j}>
              {only?.type === 'paragraph'
                ? renderInline(only.children)
                : renderBlocks(item, headingOffset, `${k}.${j}.`, anchors)}
            </li>
          );
        });
        return b.ordered ? (
          <ol key={k} start={b.start === 1 ? undefined : b.start}>
            {items}
          </ol>
        ) : (
          <ul key={k}>{items}</ul>
        );
      }
      case 'quote':
        return (
          <blockquote key={k}>
            {renderBlocks(b.children, headingOffset, `${k}.`, anchors)}
          </blockquote>
        );
      case 'rule':
        return <hr key={k} />;
      case 'table':
        return (
          <div key={k} className="md-table-wrap">
            <table className="md-table">
              <thead>
                <tr>
                  {b.head.map((c, j) => (
                    <th key={j}>{renderInline(c, `${k}.h${j}.`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((c, j) => (
                      <td key={j}>{renderInline(c, `${k}.${r}.${j}.`)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
    }
  });
}

export function Markdown({
  source,
  headingOffset = 1,
  anchors = false,
}: {
  source: string;
  headingOffset?: number;
  /** Headings get GitHub-style anchors that `#…` links in the text scroll to. */
  anchors?: boolean;
}) {
  return (
    <div className="markdown">
      {renderBlocks(parseMarkdown(source), headingOffset, '', anchors)}
    </div>
  );
}
