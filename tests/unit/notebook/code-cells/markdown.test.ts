import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../../../src/notebook/code-cells/markdown';

describe('parseInline', () => {
  it.each([
    ['plain', [{ type: 'text', text: 'plain' }]],
    ['', []],
    ['a `x[0]` b', [{ type: 'text', text: 'a ' }, { type: 'code', text: 'x[0]' }, { type: 'text', text: ' b' }]],
    ['**bold** and __also__', [{ type: 'bold', text: 'bold' }, { type: 'text', text: ' and ' }, { type: 'bold', text: 'also' }]],
    ['*it* _em_', [{ type: 'italic', text: 'it' }, { type: 'text', text: ' ' }, { type: 'italic', text: 'em' }]],
    ['`**not bold**`', [{ type: 'code', text: '**not bold**' }]],
    ['training_images and test_labels', [{ type: 'text', text: 'training_images and test_labels' }]],
    ['unclosed `code and *star', [{ type: 'text', text: 'unclosed `code and *star' }]],
    ['2 * 3 * 4', [{ type: 'text', text: '2 * 3 * 4' }]],
    ['****', [{ type: 'text', text: '****' }]],
  ])('%j', (text, expected) => {
    expect(parseInline(text)).toEqual(expected);
  });
});

describe('parseMarkdown', () => {
  it('reads headings, paragraphs (joined lines), lists and fenced code', () => {
    const blocks = parseMarkdown('## Title ##\n\nfirst line\nsecond `line`\n\n- one\n- **two**\n  continued\n\n1. a\n2) b\n\n```\nx = 1\n  y\n```\nafter');
    expect(blocks).toEqual([
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'Title' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'first line second ' }, { type: 'code', text: 'line' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'one' }], [{ type: 'bold', text: 'two' }, { type: 'text', text: ' continued' }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]] },
      { type: 'code', text: 'x = 1\n  y' },
      { type: 'paragraph', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('ends a paragraph at a heading or a list, and a list at a paragraph line', () => {
    expect(parseMarkdown('text\n# H\n* item\nplain').map((b) => b.type)).toEqual(['paragraph', 'heading', 'list', 'paragraph']);
  });

  it('handles empty text, blank lines, CRLF and an unclosed fence', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('\n\n  \n')).toEqual([]);
    expect(parseMarkdown('a\r\nb')).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'a b' }] }]);
    expect(parseMarkdown('```\ncode')).toEqual([{ type: 'code', text: 'code' }]);
  });

  it('does not treat #hashtag or 7 without a dot as markup', () => {
    expect(parseMarkdown('#hashtag\n7 digits').map((b) => b.type)).toEqual(['paragraph']);
  });
});
