/**
 * The text cells' Markdown, rendered with react-dom/server: what a reader sees (headings two levels
 * down, GFM tables with alignment as classes, links that open safely, unsafe URLs dropped, raw HTML as
 * text, images), and the lazy wrapper's raw text while the renderer loads.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { prerenderToNodeStream } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../../../src/notebook/code-cells/Markdown';
import MarkdownView from '../../../../src/notebook/code-cells/MarkdownView';
import { isForeignImage, rehypeMathErrors } from '../../../../src/notebook/code-cells/markdown-plugins';

const render = (source: string) => renderToStaticMarkup(createElement(MarkdownView, { source }));

describe('inline Markdown (what the old renderer did, as CommonMark does it)', () => {
  it.each([
    ['plain', '<p>plain</p>'],
    ['', ''],
    ['a `x[0]` b', '<p>a <code>x[0]</code> b</p>'],
    ['**bold** and __also__', '<p><strong>bold</strong> and <strong>also</strong></p>'],
    ['*it* _em_', '<p><em>it</em> <em>em</em></p>'],
    ['`**not bold**`', '<p><code>**not bold**</code></p>'],
    ['training_images and test_labels', '<p>training_images and test_labels</p>'],
    ['unclosed `code and *star', '<p>unclosed `code and *star</p>'],
    ['2 * 3 * 4', '<p>2 * 3 * 4</p>'],
    ['a ****', '<p>a ****</p>'],
    // CommonMark: a line of four stars alone is a thematic break (the old renderer kept it as text).
    ['****', '<hr/>'],
    ['~~gone~~ kept', '<p><del>gone</del> kept</p>'],
  ])('%j', (source, html) => {
    expect(render(source)).toBe(html);
  });
});

describe('blocks', () => {
  it('headings (two levels down), paragraphs, lists and fenced code, with no newlines between blocks', () => {
    const html = render('## Title ##\n\nfirst line\nsecond `line`\n\n- one\n- **two**\n  continued\n\n1. a\n2. b\n\n```\nx = 1\n  y\n```\nafter');
    expect(html).toBe(
      '<h4>Title</h4><p>first line\nsecond <code>line</code></p><ul><li>one</li><li><strong>two</strong>\ncontinued</li></ul>' +
        '<ol><li>a</li><li>b</li></ol><pre><code>x = 1\n  y\n</code></pre><p>after</p>',
    );
  });

  it('shifts # to h3 and caps at h6', () => {
    expect(render('# a\n\n#### b\n\n###### c')).toBe('<h3>a</h3><h6>b</h6><h6>c</h6>');
  });

  it('ends a paragraph at a heading or a list', () => {
    expect(render('text\n# H\n* item\n\nplain')).toBe('<p>text</p><h3>H</h3><ul><li>item</li></ul><p>plain</p>');
  });

  it('handles blank lines, CRLF, an unclosed fence, #hashtag and a number without a dot', () => {
    expect(render('\n\n  \n')).toBe('');
    expect(render('a\r\nb')).toBe('<p>a\r\nb</p>');
    expect(render('```\ncode')).toBe('<pre><code>code\n</code></pre>');
    expect(render('#hashtag\n7 digits')).toBe('<p>#hashtag\n7 digits</p>');
  });

  it('keeps the space between two inline elements on separate lines', () => {
    expect(render('*a*\n*b*')).toBe('<p><em>a</em>\n<em>b</em></p>');
  });

  it('renders a GFM table, its alignment as classes and never as a style attribute', () => {
    const html = render('| digit | count | share |\n|:--|:-:|--:|\n| 0 | 5923 | 9.9% |\n| 1 | `6742` | 11.2% |');
    expect(html).toBe(
      '<table><thead><tr><th class="md-align-left">digit</th><th class="md-align-center">count</th><th class="md-align-right">share</th></tr></thead>' +
        '<tbody><tr><td class="md-align-left">0</td><td class="md-align-center">5923</td><td class="md-align-right">9.9%</td></tr>' +
        '<tr><td class="md-align-left">1</td><td class="md-align-center"><code>6742</code></td><td class="md-align-right">11.2%</td></tr></tbody></table>',
    );
    expect(html).not.toContain('style');
  });

  it('renders task lists as disabled checkboxes', () => {
    expect(render('- [x] load\n- [ ] train')).toBe(
      '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" disabled="" checked=""/> load</li><li class="task-list-item"><input type="checkbox" disabled=""/> train</li></ul>',
    );
  });

});

describe('maths (remark-math and KaTeX, MathML only)', () => {
  const MATHML = 'xmlns="http://www.w3.org/1998/Math/MathML"';
  const tex = (t: string) => `<annotation encoding="application/x-tex">${t}</annotation>`;

  it('typesets $x^2$ inline as a <math> element with an <msup>', () => {
    expect(render('so $x^2$ grows')).toBe(`<p>so <span class="katex"><math ${MATHML}><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>${tex('x^2')}</semantics></math></span> grows</p>`);
  });

  it('typesets $$...$$ as display maths, on its own lines or inside a line (as Jupyter does)', () => {
    const frac = `<math ${MATHML} display="block"><semantics><mrow><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow>${tex('\\frac{a}{b}')}</semantics></math>`;
    expect(render('$$\n\\frac{a}{b}\n$$')).toBe(`<span class="katex">${frac}</span>`);
    expect(render('$$\\frac{a}{b}$$')).toBe(`<p><span class="katex">${frac}</span></p>`);
    expect(render('$\\frac{a}{b}$')).not.toContain('display="block"');
  });

  it('leaves maths in code alone, and keeps an escaped dollar as a dollar', () => {
    expect(render('`$x$` stays code')).toBe('<p><code>$x$</code> stays code</p>');
    expect(render('costs \\$5 and \\$10')).toBe('<p>costs $5 and $10</p>');
  });

  it('reads "costs $5 and $10" as Jupyter does: the text between the dollars is maths, and every word and digit still shows', () => {
    const html = render('costs $5 and $10');
    expect(html).toBe(`<p>costs <span class="katex"><math ${MATHML}><semantics><mrow><mn>5</mn><mi>a</mi><mi>n</mi><mi>d</mi></mrow>${tex('5 and ')}</semantics></math></span>10</p>`);
  });

  it('shows a formula it cannot read as its source in the error class, never a style attribute, and does not throw', () => {
    expect(render('a $\\frac{$ b')).toMatch(/^<p>a <span class="katex-error" title="ParseError: KaTeX parse error: [^"]*">\\frac\{<\/span> b<\/p>$/);
    // rehype-katex's own error span has an inline style, which the browser's HTML parse reports to the CSP: these never reach it.
    expect(render('$$\n\\begin{matrix}\n$$')).toMatch(/^<span class="katex-error" title="ParseError: [^"]*">\\begin\{matrix\}<\/span>$/);
    expect(render('```math\n\\sqrt{\n```')).toMatch(/^<span class="katex-error" title="ParseError: [^"]*">\\sqrt\{\n<\/span>$/);
    expect(render('```math\n\\sqrt{x}\n```')).toContain('<msqrt><mi>x</mi></msqrt>');
  });

  it('turns a formula KaTeX refuses into an error span before rehype-katex sees it, with no style (rehypeMathErrors)', () => {
    const maths = (value: string, cls: string) => ({ type: 'element' as const, tagName: 'code', properties: { className: ['language-math', cls] }, children: [{ type: 'text' as const, value }] });
    const tree = { type: 'root' as const, children: [{ type: 'element' as const, tagName: 'p', properties: {}, children: [maths('\\frac{', 'math-inline'), maths('x^2', 'math-inline')] }] };
    rehypeMathErrors()(tree);
    const [bad, good] = tree.children[0].children;
    expect(bad).toMatchObject({ tagName: 'span', properties: { className: ['katex-error'] }, children: [{ type: 'text', value: '\\frac{' }] });
    expect(Object.keys(bad.properties).sort()).toEqual(['className', 'title']);
    expect(good).toBe(tree.children[0].children[1]);
    expect(good.tagName).toBe('code');
  });

  it.each(['$\\href{javascript:alert(1)}{x}$', '$\\url{javascript:alert(1)}$', '$\\htmlClass{a}{x}$', '$\\htmlId{a}{x}$', '$\\htmlStyle{color:red}{x}$', '$\\htmlData{a=b}{x}$', '$\\includegraphics{javascript:alert(1)}$'])(
    'trusts no command that makes links, images or HTML: %s',
    (source) => {
      const html = render(source);
      expect(html).toContain('<math');
      expect(html).not.toMatch(/<(a|img|script|span class="a")[\s>]|href=|src=|\sstyle=|data-a|id="a"/);
      expect(html.replace(/<annotation[^]*<\/annotation>/, '')).not.toContain('javascript');
    },
  );

  it('puts no style attribute on anything it typesets (colours are MathML attributes)', () => {
    const html = render('$\\color{red}{x} \\begin{pmatrix}1&2\\\\3&4\\end{pmatrix} \\sqrt{y} \\overbrace{a}^{b} \\text{t} \\rule{1em}{1em} \\kern1em \\boxed{z}$ $\\bad$');
    for (const tag of ['mtable', 'msqrt', 'mtext', 'mover', 'mstyle mathcolor="red"']) expect(html).toContain(`<${tag}`);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('stops an expansion bomb and a huge nesting quickly, showing an error', () => {
    for (const source of ['$\\def\\a{\\a\\a}\\a$', '$' + '\\underbrace{'.repeat(3000) + 'x' + '}'.repeat(3000) + '$', '$\\rule{99999em}{99999em}$']) {
      const started = performance.now();
      const html = render(source);
      expect(performance.now() - started).toBeLessThan(2000);
      if (!source.includes('rule')) expect(html).toContain('class="katex-error"');
    }
  });
});

describe('links', () => {
  it('open in a new tab with rel="noopener noreferrer", bare URLs too', () => {
    expect(render('[MNIST](https://yann.lecun.com/exdb/mnist/)')).toBe('<p><a href="https://yann.lecun.com/exdb/mnist/" target="_blank" rel="noopener noreferrer">MNIST</a></p>');
    expect(render('see www.tensorflow.org/js')).toBe('<p>see <a href="http://www.tensorflow.org/js" target="_blank" rel="noopener noreferrer">www.tensorflow.org/js</a></p>');
    expect(render('[mail](mailto:a@b.c "Write")')).toBe('<p><a title="Write" href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">mail</a></p>');
  });

  it('in-page links stay in the page', () => {
    expect(render('[up](#top)')).toBe('<p><a href="#top">up</a></p>');
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java&#x09;script:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x]: javascript:alert(1)\n\n[x]',
    '<javascript:alert(1)>',
  ])('drop a dangerous URL: %s', (source) => {
    const html = render(source);
    expect(html).not.toMatch(/href/i);
    const text = source === '<javascript:alert(1)>' ? 'javascript:alert(1)' : 'x';
    expect(html).toBe(`<p><span class="md-link-dropped" title="Link removed: only http(s), mailto and relative links are kept">${text}</span></p>`);
  });
});

describe('raw HTML is shown as text, never as elements', () => {
  it.each([
    ['<script>alert(1)</script>', '<pre class="md-raw-html">&lt;script&gt;alert(1)&lt;/script&gt;</pre>'],
    ['<iframe src="https://example.com"></iframe>', '<pre class="md-raw-html">&lt;iframe src=&quot;https://example.com&quot;&gt;&lt;/iframe&gt;</pre>'],
    ['<div style="color:red" onclick="alert(1)">\nhi\n</div>', '<pre class="md-raw-html">&lt;div style=&quot;color:red&quot; onclick=&quot;alert(1)&quot;&gt;\nhi\n&lt;/div&gt;</pre>'],
    ['a <img src=x onerror="alert(1)"> b', '<p>a &lt;img src=x onerror=&quot;alert(1)&quot;&gt; b</p>'],
    ['- <b>bold?</b>', '<ul><li>&lt;b&gt;bold?&lt;/b&gt;</li></ul>'],
  ])('%j', (source, html) => {
    expect(render(source)).toBe(html);
  });
});

describe('images', () => {
  it('draws the app’s own images', () => {
    // (react-dom/server also hoists a <link rel="preload"> for the image; the browser's React does not.)
    expect(render('![a digit](data/mnist/sample.png "Five")')).toContain('<p><img src="data/mnist/sample.png" alt="a digit" title="Five"/></p>');
  });

  it('shows a foreign image (which the CSP would block) as a link with its alt text', () => {
    expect(render('![the MNIST grid](https://example.com/grid.png)')).toBe(
      '<p><a class="md-image-link" href="https://example.com/grid.png" target="_blank" rel="noopener noreferrer" title="Image from another site (not loaded here): https://example.com/grid.png">[image: the MNIST grid]</a></p>',
    );
    expect(render('![](//example.com/x.png)')).toContain('>[image: //example.com/x.png]</a>');
  });

  it('drops an image with a dangerous URL, keeping its description', () => {
    expect(render('![x](javascript:alert(1))')).toBe('<p><span class="md-image-dropped">[image: x]</span></p>');
    expect(render('![](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)')).toBe('<p><span class="md-image-dropped">[image]</span></p>');
  });

  it.each([
    ['https://a.org/x.png', true],
    ['HTTP://a.org/x.png', true],
    ['//a.org/x.png', true],
    ['\\\\a.org/x.png', true],
    ['/\\a.org/x.png', true],
    ['data/mnist/x.png', false],
    ['./x.png', false],
    ['/x.png', false],
    ['x.png?a=b:c', false],
  ])('isForeignImage(%j) is %s', (src, foreign) => {
    expect(isForeignImage(src)).toBe(foreign);
  });
});

describe('Markdown (the lazy wrapper)', () => {
  it('shows the raw text while the renderer loads', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { source: '## Hi\n\n<b>x</b>', testId: 'expr.cell.markdown' }));
    expect(html).toBe('<div class="expr-markdown" data-testid="expr.cell.markdown"><p class="md-raw">## Hi\n\n&lt;b&gt;x&lt;/b&gt;</p></div>');
  });

  it('shows the rendered Markdown once it has loaded', async () => {
    const { prelude } = await prerenderToNodeStream(createElement(Markdown, { source: '## My notes\n\nThe **first** label is `5`.', testId: 'expr.cell.markdown' }));
    let html = '';
    for await (const chunk of prelude) html += String(chunk);
    html = html.replace(/<!--\/?\$-->/g, ''); // React's Suspense boundary markers
    expect(html).toBe('<div class="expr-markdown" data-testid="expr.cell.markdown"><h4>My notes</h4><p>The <strong>first</strong> label is <code>5</code>.</p></div>');
  });
});
