/**
 * A text cell's Markdown as React elements (react-markdown with GFM: tables, strikethrough, task lists,
 * autolinks; `$...$` and `$$...$$` maths typeset as MathML by KaTeX, as Jupyter does with MathJax). Raw HTML is shown as text and never parsed into elements; URLs other than http(s),
 * mailto and relative ones are dropped by react-markdown's default urlTransform. Loaded lazily by Markdown.tsx.
 */
import type { ComponentPropsWithoutRef } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import type { PluggableList } from 'unified';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { isForeignImage, KATEX_OPTIONS, rehypeCellMarkup, rehypeMathErrors, remarkDisplayDollars } from './markdown-plugins';

/** Links leave the notebook in a new tab, with no reference back to it; in-page links (#...) stay. */
function CellLink({ node: _node, href, children, ...props }: ComponentPropsWithoutRef<'a'> & ExtraProps) {
  if (!href) return <span className="md-link-dropped" title="Link removed: only http(s), mailto and relative links are kept">{children}</span>;
  if (href.startsWith('#')) return <a {...props} href={href}>{children}</a>;
  return (
    <a {...props} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** The app's own images are drawn; a foreign one (blocked by the CSP's img-src) is a link to it, showing its alt text. */
function CellImage({ src, alt, title }: ComponentPropsWithoutRef<'img'> & ExtraProps) {
  const description = alt || title || '';
  if (typeof src !== 'string' || src === '') return <span className="md-image-dropped">{`[image${description ? `: ${description}` : ''}]`}</span>;
  if (isForeignImage(src)) {
    return (
      <a className="md-image-link" href={src} target="_blank" rel="noopener noreferrer" title={`Image from another site (not loaded here): ${src}`}>
        {`[image: ${description || src}]`}
      </a>
    );
  }
  return <img src={src} alt={alt ?? ''} title={title} />;
}

const REMARK_PLUGINS: PluggableList = [remarkGfm, remarkMath, remarkDisplayDollars];
/** Formulas KaTeX refuses become error spans first; the house rules (rehypeCellMarkup) run last, over the typeset maths as over everything else. */
const REHYPE_PLUGINS: PluggableList = [rehypeMathErrors, [rehypeKatex, KATEX_OPTIONS], rehypeCellMarkup];
const COMPONENTS: Components = { a: CellLink, img: CellImage };

/** The cell's blocks, no wrapper element (the caller's div holds them). */
export default function MarkdownView({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={COMPONENTS}>
      {source}
    </ReactMarkdown>
  );
}
