/**
 * Renders the tree from `lib/markdown.ts` as React elements. Every string goes in as a text
 * child (React escapes it); there is no `dangerouslySetInnerHTML` anywhere.
 */
import { createElement, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown';

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
        return (
          <a key={k} href={n.href} target="_blank" rel="noopener noreferrer">
            {renderInline(n.children, `${k}.`)}
          </a>
        );
    }
  });
}

function renderBlocks(blocks: Block[], headingOffset: number, key = ''): ReactNode[] {
  return blocks.map((b, i) => {
    const k = `${key}${i}`;
    switch (b.type) {
      case 'heading': {
        const level = Math.min(6, b.level + headingOffset);
        return createElement(`h${level}`, { key: k }, renderInline(b.children));
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
                : renderBlocks(item, headingOffset, `${k}.${j}.`)}
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
        return <blockquote key={k}>{renderBlocks(b.children, headingOffset, `${k}.`)}</blockquote>;
      case 'rule':
        return <hr key={k} />;
    }
  });
}

export function Markdown({
  source,
  headingOffset = 1,
}: {
  source: string;
  headingOffset?: number;
}) {
  return <div className="markdown">{renderBlocks(parseMarkdown(source), headingOffset)}</div>;
}
