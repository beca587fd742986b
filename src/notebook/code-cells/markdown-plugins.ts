/**
 * The tree transforms the text cells' Markdown runs through (react-markdown: remark on the Markdown
 * tree, rehype on the HTML tree), pure functions of the trees, and the image-URL rule.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { PhrasingContent, Root as MdastRoot, RootContent as MdastContent, Text } from 'mdast';

/** `$$x$$`, or `$x$` with no space inside either dollar and no digit after the closing one (Pandoc's rule, so "$5 and $10" stays text). */
const MATH = /\$\$([^$]+?)\$\$|\$(?=[^\s$])([^$\n]*?[^\s$])\$(?!\d)/g;

/** The class of inline maths: no maths typesetter is installed, so `$x^2$` shows as code-styled text. */
export const MATH_CLASS = 'md-math';

/** Splits one text node at its `$...$` spans; the maths become inline code with MATH_CLASS (dollars dropped). */
export function splitMath(node: Text): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const m of node.value.matchAll(MATH)) {
    if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
    out.push({ type: 'inlineCode', value: m[1] ?? m[2], data: { hProperties: { className: [MATH_CLASS] } } });
    last = m.index + m[0].length;
  }
  if (last === 0) return [node];
  if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
  return out;
}

/** Remark plugin: inline maths as code-styled text (text inside code spans and blocks is never touched). */
export function remarkInlineMath() {
  const walk = (node: MdastRoot | MdastContent): void => {
    if (!('children' in node)) return;
    const children = node.children as MdastContent[];
    for (let k = children.length - 1; k >= 0; k--) {
      const child = children[k];
      if (child.type === 'text') children.splice(k, 1, ...splitMath(child));
      else walk(child);
    }
  };
  return (tree: MdastRoot) => walk(tree);
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
