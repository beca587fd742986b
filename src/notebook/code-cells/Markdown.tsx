/** A markdown cell's text drawn with the notebook's own small Markdown subset (see markdown.ts). */
import { memo, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Inline } from './markdown';

function renderInline(content: Inline[]): ReactNode[] {
  return content.map((part, k) => {
    switch (part.type) {
      case 'code':
        return <code key={k}>{part.text}</code>;
      case 'bold':
        return <strong key={k}>{part.text}</strong>;
      case 'italic':
        return <em key={k}>{part.text}</em>;
      default:
        return part.text;
    }
  });
}

/** Headings are shifted down two levels (a cell's # is an h3), so they nest under the section's title. */
export const Markdown = memo(function Markdown({ source, testId }: { source: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="expr-markdown" data-testid={testId}>
      {blocks.map((block, k) => {
        switch (block.type) {
          case 'heading': {
            const Tag = `h${Math.min(6, block.level + 2)}` as 'h3' | 'h4' | 'h5' | 'h6';
            return <Tag key={k}>{renderInline(block.content)}</Tag>;
          }
          case 'paragraph':
            return <p key={k}>{renderInline(block.content)}</p>;
          case 'list': {
            const items = block.items.map((item, i) => <li key={i}>{renderInline(item)}</li>);
            return block.ordered ? <ol key={k}>{items}</ol> : <ul key={k}>{items}</ul>;
          }
          case 'code':
            return (
              <pre key={k}>
                <code>{block.text}</code>
              </pre>
            );
        }
      })}
    </div>
  );
});
