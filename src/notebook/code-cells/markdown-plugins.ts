/**
 * The tree transforms the text cells' Markdown runs through (react-markdown: remark on the Markdown
 * tree, rehype on the HTML tree), pure functions of the trees, the maths typesetter's options and the
 * image-URL rule.
 */
import katex, { type KatexOptions } from 'katex';
import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import type { VFile } from 'vfile';
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';

/**
 * KaTeX's options for the cells' `$...$` and `$$...$$` (remark-math, rehype-katex). Pure MathML, which
 * Chromium draws natively: no KaTeX stylesheet, fonts or style attributes, so nothing the CSP refuses.
 * A formula KaTeX cannot parse shows its source in a `katex-error` span (rehype-katex catches every
 * error; its inline colour is dropped by rehypeCellMarkup, expr.css colours the class). No \href, \url,
 * \includegraphics or \html... (trust false), and bounded sizes and macro expansion, so a hostile
 * notebook cannot hang the tab.
 */
export const KATEX_OPTIONS: KatexOptions = {
  output: 'mathml',
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxSize: 50,
  maxExpand: 200,
};

/**
 * Remark plugin, after remark-math: `$$...$$` inside a line of text is display maths, as in Jupyter
 * (remark-math makes it inline maths; only `$$` on lines of their own is a block). The dollars are read
 * from the source at the node's position; the class is the one rehype-katex typesets in display mode.
 */
export function remarkDisplayDollars() {
  return (tree: MdastRoot, file: VFile) => {
    const source = String(file.value);
    const walk = (node: MdastRoot | MdastContent): void => {
      if (node.type === 'inlineMath') {
        const start = node.position?.start.offset;
        if (start !== undefined && source.startsWith('$$', start)) {
          node.data = { ...node.data, hProperties: { ...node.data?.hProperties, className: ['language-math', 'math-display'] } };
        }
      } else if ('children' in node) {
        for (const child of node.children) walk(child);
      }
    };
    walk(tree);
  };
}

/**
 * Rehype plugin, before rehype-katex: a formula KaTeX cannot typeset becomes a `katex-error` span with
 * its source and KaTeX's message as the title. rehype-katex would make the same span with an inline
 * `style` colour, as HTML text that the browser parses: that parse is what the CSP's style-src refuses
 * (a reported violation, even though rehypeCellMarkup later drops the attribute). Formulas that
 * typeset are left to rehype-katex, which typesets them again (KaTeX is fast; a notebook's few
 * formulas cost milliseconds).
 */
export function rehypeMathErrors() {
  const walk = (parent: HastRoot | Element): void => {
    const children = parent.children as HastContent[];
    children.forEach((child, k) => {
      if (child.type !== 'element') return;
      const maths = mathIn(child);
      if (!maths) return walk(child);
      try {
        katex.renderToString(maths.source, { ...KATEX_OPTIONS, displayMode: maths.display, throwOnError: true });
      } catch (error) {
        children[k] = { type: 'element', tagName: 'span', properties: { className: ['katex-error'], title: String(error) }, children: [{ type: 'text', value: maths.source }] };
      }
    });
  };
  return (tree: HastRoot) => walk(tree);
}

const classesOf = (el: Element): unknown[] => (Array.isArray(el.properties.className) ? el.properties.className : []);
const textOf = (el: Element): string => el.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');

/** The maths an element is to rehype-katex: `$...$` (math-inline), `$$...$$` (math-display), or a ```math block (a pre around code.language-math, displayed). */
function mathIn(el: Element): { source: string; display: boolean } | null {
  const only = el.children.length === 1 ? el.children[0] : undefined;
  if (el.tagName === 'pre' && only?.type === 'element' && only.tagName === 'code' && classesOf(only).includes('language-math')) return { source: textOf(only), display: true };
  const classes = classesOf(el);
  if (classes.includes('math-display') || classes.includes('math-inline') || classes.includes('language-math')) return { source: textOf(el), display: !classes.includes('math-inline') };
  return null;
}

/** Elements whose whitespace-only text children are layout between blocks, never content. */
const BLOCK_CONTAINERS = new Set(['ul', 'ol', 'blockquote', 'section']);
const BLOCKS = new Set(['p', 'ul', 'ol', 'li', 'pre', 'blockquote', 'table', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'div']);
const ALIGNS = new Set(['left', 'center', 'right']);

const isBlock = (node: HastContent | undefined): boolean => node?.type === 'element' && BLOCKS.has(node.tagName);

/**
 * Rehype plugin, the cells' house rules on the HTML tree:
 * - a cell's `#` is an h3 (headings move down two levels, to nest under the section's title);
 * - a table cell's alignment is a class (`md-align-center`), never a `style` attribute, which the
 *   CSP (`style-src 'self'`) would refuse in markup; no element keeps a `style` property;
 * - this holds for the maths too: it runs after rehype-katex, whose MathML carries no style of its own;
 * - raw HTML is shown as the text it is: a block of it as preformatted text, inline HTML as text;
 * - the newlines between blocks are dropped (they render as nothing, and keep the markup tidy).
 */
export function rehypeCellMarkup() {
  const walk = (parent: HastRoot | Element): void => {
    const flow = parent.type === 'root' || BLOCK_CONTAINERS.has(parent.tagName);
    const children = parent.children as HastContent[];
    for (let k = children.length - 1; k >= 0; k--) {
      const child = children[k];
      if (child.type === 'text' && child.value.trim() === '' && (flow || isLayoutInItem(parent, children, k))) {
        children.splice(k, 1);
      } else if (child.type === 'raw') {
        // HTML directly in the flow is an HTML block; anywhere else it is inline HTML in a line of text.
        const text: ElementContent = { type: 'text', value: child.value };
        children[k] = flow ? { type: 'element', tagName: 'pre', properties: { className: ['md-raw-html'] }, children: [text] } : text;
      } else if (child.type === 'element') {
        fixElement(child);
        walk(child);
      }
    }
  };
  return (tree: HastRoot) => walk(tree);
}

/** A whitespace child of a list item at its ends or beside one of its blocks (a loose item's paragraphs, a nested list), not between two words. */
function isLayoutInItem(parent: HastRoot | Element, children: HastContent[], k: number): boolean {
  if (parent.type !== 'element' || parent.tagName !== 'li') return false;
  return k === 0 || k === children.length - 1 || isBlock(children[k - 1]) || isBlock(children[k + 1]);
}

function fixElement(el: Element): void {
  const heading = /^h([1-6])$/.exec(el.tagName);
  if (heading) el.tagName = `h${Math.min(6, Number(heading[1]) + 2)}`;
  const { align, ...rest } = el.properties;
  delete rest.style;
  if (typeof align === 'string' && ALIGNS.has(align)) {
    const existing = Array.isArray(rest.className) ? rest.className : [];
    rest.className = [...existing, `md-align-${align}`];
  }
  el.properties = rest;
}

/**
 * True when an image's URL is not the app's own: the CSP's `img-src 'self' data: blob:` would block
 * it, so the cell shows a link to it instead (an absolute URL with a scheme, or a `//host` one).
 */
export function isForeignImage(src: string): boolean {
  return /^\s*([a-z][a-z\d+.-]*:|[\\/]{2})/i.test(src);
}
