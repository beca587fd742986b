/**
 * Fuzzing of the .ipynb import and the text cells' rendering: mutated notebooks (the lesson's export
 * and small hand-made ones, with fields replaced, removed or filled with hostile Markdown and HTML,
 * and the JSON text cut or spliced). Whatever the file, tryParseIpynb never throws and either refuses
 * it with a message that says what is wrong, or gives cells whose Markdown renders to markup with only
 * the expected elements: no script, iframe, style or event-handler attributes, no javascript:, vbscript:
 * or data: URLs.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeIpynb, toSourceLines, tryParseIpynb } from '../../../../src/notebook/code-cells/ipynb';
import { LESSON_CELLS } from '../../../../src/notebook/code-cells/lesson';
import MarkdownView from '../../../../src/notebook/code-cells/MarkdownView';

/** Mutated notebooks per run (the issue asks for at least 1,000). */
const RUNS = 1_200;

/** Every element the cells' Markdown may produce (GFM included; `link` is react-dom/server's image preload), and KaTeX's MathML for the maths. */
const ALLOWED_TAGS = new Set(
  [
    'p h3 h4 h5 h6 strong em del code pre ul ol li a img span table thead tbody tr th td input blockquote hr br sup section link',
    'math semantics annotation mrow mi mo mn ms mtext mspace msup msub msubsup mfrac msqrt mroot mstyle mtable mtr mtd mover munder munderover mpadded mphantom menclose',
  ]
    .join(' ')
    .split(' '),
);
const UNSAFE_URL = /^(javascript|vbscript|data):/i;

/** Entities decoded and the characters a browser ignores in a URL removed, as a browser would read an attribute. */
function attributeValue(raw: string): string {
  const decoded = raw.replace(/&(#x[\da-f]+|#\d+|quot|amp|lt|gt|#39);/gi, (_, e: string) => {
    const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()];
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
  return [...decoded].filter((c) => c.charCodeAt(0) > 0x20).join('');
}

/** What is wrong with rendered markup (empty when it is safe). React escapes < > " in text and attributes, so every '<' starts a real tag. */
export function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^<>]*)>/g)) {
    if (!ALLOWED_TAGS.has(name.toLowerCase())) problems.push(`element <${name}>`);
    const rest = attrs.replace(/\/$/, '').replace(/\s([^\s="'<>/]+)(?:="([^"]*)")?/g, (_, attr: string, value: string | undefined) => {
      const key = attr.toLowerCase();
      if (key.startsWith('on') || key === 'style' || key === 'srcdoc' || key === 'formaction') problems.push(`attribute ${attr} in ${tag}`);
      if ((key === 'href' || key === 'src' || key === 'action' || key === 'xlink:href') && UNSAFE_URL.test(attributeValue(value ?? ''))) problems.push(`URL ${value} in ${tag}`);
      return '';
    });
    if (rest.trim() !== '') problems.push(`unparsed attributes "${rest}" in ${tag}`);
  }
  const stray = html.replace(/<\/?[a-zA-Z][\w-]*[^<>]*>/g, '');
  if (stray.includes('<') || stray.includes('>')) problems.push('an unescaped < or > in text');
  return problems;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)><circle/></svg>',
  '<a href="javascript:alert(1)">a</a>',
  '<div style="background:url(javascript:alert(1))">',
  '<style>body{display:none}</style>',
  '<object data="x.swf"></object>',
  '<!-- comment -->',
  '<details open ontoggle=alert(1)>',
  '[link](javascript:alert(1))',
  '[link](JAVASCRIPT:alert(1))',
  '[link](java&#x09;script:alert(1))',
  '[link](&#106;avascript:alert(1))',
  '[link](vbscript:msgbox(1))',
  '[link](data:text/html,<script>alert(1)</script>)',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml,<svg onload=alert(1)>)',
  '![remote](https://example.com/x.png)',
  '![](//example.com/x.png)',
  '[ref]: javascript:alert(1)\n\n[ref]',
  '<javascript:alert(1)>',
  'https://example.com/path?q=1',
  'www.example.com',
  '| a | b |\n|:-|-:|\n| 1 | 2 |',
  '| x |\n|:-:|\n| <b onclick=1>y</b> |',
  '- [x] done\n- [ ] todo',
  '~~struck~~',
  '$x^2$',
  '$$\\sum_i x_i$$',
  '$$\n\\frac{a}{b}\n$$',
  '$\\frac{$',
  '$\\href{javascript:alert(1)}{x}$',
  '$\\htmlStyle{color:red}{x}$ $\\url{javascript:x}$',
  '$\\def\\a{\\a\\a}\\a$',
  '$\\text{<b>x</b>}$',
  '```\n<script>x</script>\n```',
  '`<b>`',
  '# heading',
  '> quote <i>x</i>',
  'x[^1]\n\n[^1]: note',
  '***',
  '\\<script>',
  '&lt;script&gt;',
  '&#60;script&#62;',
];
const PUNCTUATION = ['\n', '\n\n', ' ', '|', '-', '*', '_', '`', '$', '<', '>', '[', ']', '(', ')', ':', '!', '#', '&', '"', "'", '\\', '\u0000', '\r'];

const hostileText = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 2, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) }), { maxLength: 10 })
  .map((parts) => parts.join(''));
const source = fc.oneof({ weight: 4, arbitrary: hostileText }, { weight: 4, arbitrary: hostileText.map(toSourceLines) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const cellType = fc.oneof({ weight: 10, arbitrary: fc.constantFrom('markdown', 'raw', 'code') }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });
const metadata = fc.oneof(fc.constant({}), fc.constant({ collapsed: true }), fc.constant({ mnist_notebook: { role: 'loader' } }), fc.constant({ jupyter: { outputs_hidden: true } }), fc.jsonValue({ maxDepth: 2 }));
const cell = fc.oneof(
  { weight: 8, arbitrary: fc.record({ cell_type: cellType, source, metadata, id: fc.string({ maxLength: 8 }), outputs: fc.constant([]) }, { requiredKeys: ['cell_type', 'source'] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

type Doc = Record<string, unknown>;
const LESSON = JSON.parse(serializeIpynb(LESSON_CELLS)) as Doc;
const SMALL: Doc = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', source: ['# A\n', 'text'], metadata: {} }] };

type Op = (doc: Doc) => void;
const cellsOf = (doc: Doc): unknown[] | null => (Array.isArray(doc.cells) ? (doc.cells as unknown[]) : null);
const CELL_KEYS = ['cell_type', 'source', 'metadata', 'id', 'outputs', 'attachments'];
const TOP_KEYS = ['nbformat', 'nbformat_minor', 'cells', 'metadata'];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...CELL_KEYS), fc.oneof(source, cellType, metadata)).map(([k, key, value]): Op => (doc) => {
    const cells = cellsOf(doc);
    const target = cells?.[k % Math.max(1, cells.length)];
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Doc)[key] = value;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...CELL_KEYS)).map(([k, key]): Op => (doc) => {
    const cells = cellsOf(doc);
    const target = cells?.[k % Math.max(1, cells.length)];
    if (target && typeof target === 'object' && !Array.isArray(target)) delete (target as Doc)[key];
  }),
  fc.tuple(fc.nat(), cell).map(([k, c]): Op => (doc) => void cellsOf(doc)?.splice(k % ((cellsOf(doc)?.length ?? 0) + 1), 0, c)),
  fc.nat().map((k): Op => (doc) => void cellsOf(doc)?.splice(k % Math.max(1, cellsOf(doc)?.length ?? 1), 1)),
  fc.tuple(fc.constantFrom(...TOP_KEYS), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(3, 4, 5, '4', null))).map(([key, value]): Op => (doc) => {
    doc[key] = value;
  }),
  fc.constantFrom(...TOP_KEYS).map((key): Op => (doc) => {
    delete doc[key];
  }),
);

type TextMutation = (text: string) => string;
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.nat().map((k): TextMutation => (t) => t.slice(0, k % (t.length + 1))),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...HOSTILE, ...PUNCTUATION, '"', '{', '}', ',', '\\"'), fc.string({ maxLength: 6 }))).map(([k, s]): TextMutation => (t) => {
    const at = k % (t.length + 1);
    return t.slice(0, at) + s + t.slice(at);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([k, n]): TextMutation => (t) => {
    const at = k % (t.length + 1);
    return t.slice(0, at) + t.slice(at + n);
  }),
);

/** A notebook file: a base notebook (the lesson's export, a small one, or one made of generated cells), mutated, as JSON text, perhaps cut or spliced. */
const notebookText = fc
  .tuple(
    fc.oneof(fc.constant(LESSON), fc.constant(SMALL), fc.array(cell, { maxLength: 6 }).map((cells): Doc => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }))),
    fc.array(op, { maxLength: 4 }),
    fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textMutation }),
  )
  .map(([base, ops, mutate]) => {
    const doc = structuredClone(base);
    for (const apply of ops) apply(doc);
    const text = JSON.stringify(doc);
    return mutate ? mutate(text) : text;
  });

/** The messages tryParseIpynb gives: each says what is wrong with the file or which cell is. */
const CLEAR_ERROR = /^(The file is too large \(|The file is not a Jupyter notebook: |The notebook has nbformat .+; only nbformat 4|The notebook has no "cells" list\.|Cell \d+ (of the notebook is not an object\.|of the notebook has no text "source"|has no "cell_type"|has an unknown cell_type ))/;

describe('unsafeMarkup (the fuzz test\'s check) finds what it must', () => {
  it.each([
    ['<p><script>x</script></p>', 'element <script>'],
    ['<iframe src="x"></iframe>', 'element <iframe>'],
    ['<img src="x" onerror="alert(1)"/>', 'attribute onerror'],
    ['<td style="text-align:left">1</td>', 'attribute style'],
    ['<a href="javascript:alert(1)">x</a>', 'URL javascript'],
    ['<a href="java&#x09;script:alert(1)">x</a>', 'URL java&#x09;script'],
    ['<img src=" data:image/png;base64,AA"/>', 'URL  data'],
  ])('%s', (html, problem) => {
    expect(unsafeMarkup(html).join('; ')).toContain(problem);
  });

  it('passes safe markup, escaped HTML in text included', () => {
    expect(unsafeMarkup('<p>a &lt;img src=x onerror=alert(1)&gt; <a href="https://x.org" target="_blank" rel="noopener noreferrer">x</a></p><input type="checkbox" disabled=""/>')).toEqual([]);
  });
});

describe('fuzzing the .ipynb import', () => {
  it(`${RUNS} mutated notebooks: never throws; a clear message, or cells whose Markdown renders safely`, () => {
    let imported = 0;
    let rendered = 0;
    let refused = 0;
    fc.assert(
      fc.property(notebookText, (text) => {
        const result = tryParseIpynb(text);
        if (!result.ok) {
          refused++;
          expect(result.error).toMatch(CLEAR_ERROR);
          return;
        }
        imported++;
        for (const c of result.value) {
          expect(['code', 'markdown']).toContain(c.type);
          expect(typeof c.source).toBe('string');
          if (c.type !== 'markdown') continue;
          const html = renderToStaticMarkup(createElement(MarkdownView, { source: c.source }));
          rendered++;
          expect(unsafeMarkup(html), html).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    expect(imported + refused).toBe(RUNS);
    // The generators reach both paths, and the renderer sees many hostile cells.
    expect(imported).toBeGreaterThan(RUNS / 5);
    expect(refused).toBeGreaterThan(RUNS / 10);
    expect(rendered).toBeGreaterThan(RUNS);
  });
});
