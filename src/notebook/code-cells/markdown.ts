/** A small Markdown subset for the notebook's prose cells: headings, paragraphs, lists, code blocks, inline code, bold, italic. */

export type Inline = { type: 'text' | 'code' | 'bold' | 'italic'; text: string };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'code'; text: string };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const FENCE = /^\s*```/;

/** Splits text into blocks; never throws, whatever the text. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i]); i++) body.push(lines[i]);
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1].length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2]) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = numbered !== null;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1]);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // An indented line continues the last list item.
      list.items[list.items.length - 1] += ' ' + line.trim();
      continue;
    }
    if (list) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** `code`, **bold** / __bold__, *italic* / _italic_; unmatched markers stay as text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (type: Inline['type'], s: string) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (type === 'text' && last?.type === 'text') last.text += s;
    else out.push({ type, text: s });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        push('code', text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    } else if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const marker = ch + ch;
      const end = text.indexOf(marker, i + 2);
      if (end > i + 2) {
        push('bold', text.slice(i + 2, end));
        i = end + 2;
        continue;
      }
    } else if (ch === '*' || (ch === '_' && !isWordChar(text[i - 1]))) {
      const end = findClosing(text, ch, i + 1);
      if (end > i + 1) {
        push('italic', text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    push('text', ch);
    i++;
  }
  return out;
}

function findClosing(text: string, marker: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] !== marker) continue;
    if (text[j + 1] === marker) {
      j++;
      continue;
    }
    if (marker === '_' && isWordChar(text[j + 1])) continue;
    return text[from] === ' ' ? -1 : j;
  }
  return -1;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /\w/.test(c);
}
