/**
 * A text cell's Markdown. The renderer (MarkdownView.tsx, react-markdown and its parsers) is its own
 * chunk, loaded when the first text cell is drawn; until then, and if it cannot be loaded, the cell
 * shows its raw text.
 */
import { lazy, memo, Suspense } from 'react';

function RawText({ source }: { source: string }) {
  return <p className="md-raw">{source}</p>;
}

const MarkdownView = lazy(() => import('./MarkdownView').catch(() => ({ default: RawText })));

/** Headings are shifted down two levels (a cell's # is an h3), so they nest under the section's title. */
export const Markdown = memo(function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <div className="expr-markdown" data-testid={testId}>
      <Suspense fallback={<RawText source={source} />}>
        <MarkdownView source={source} />
      </Suspense>
    </div>
  );
});
