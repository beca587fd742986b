import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/expr/ast';
import { formatFailure } from '../../../src/expr/errors';
import { MAX_TREE_DEPTH, parseExpression, parseProgram } from '../../../src/expr/parse';
import { MAX_SOURCE_LENGTH, tokenize } from '../../../src/expr/tokenize';

/** A compact, fully parenthesized rendering of a tree, to check precedence and structure. */
function show(e: Expr): string {
  switch (e.type) {
    case 'name':
      return e.name;
    case 'number':
      return e.float ? `${e.value}f` : String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'constant':
      return String(e.value);
    case 'ellipsis':
      return '...';
    case 'tuple':
      return `tuple(${e.items.map(show).join(', ')})`;
    case 'list':
      return `list(${e.items.map(show).join(', ')})`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'logical':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'compare':
      return `cmp(${e.operands.map(show).join(` ${e.ops[0]} `)})`;
    case 'conditional':
      return `(${show(e.body)} if ${show(e.test)} else ${show(e.orelse)})`;
    case 'attribute':
      return `${show(e.object)}.${e.name}`;
    case 'call':
      return `${show(e.callee)}(${[...e.args.map(show), ...e.keywords.map((k) => `${k.name}=${show(k.value)}`)].join(', ')})`;
    case 'subscript':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'slice':
      return `slice(${e.start ? show(e.start) : '_'}:${e.stop ? show(e.stop) : '_'}:${e.step ? show(e.step) : '_'})`;
  }
}

function parsed(source: string): string {
  const r = parseExpression(source);
  if (!r.ok) throw new Error(`${source}: ${r.error}`);
  return show(r.value);
}

describe('parseExpression: structure and precedence', () => {
  it.each([
    ['training_images.shape', 'training_images.shape'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-2 ** 2', '(- (2 ** 2))'],
    ['2 ** -1', '(2 ** (- 1))'],
    ['a - b - c', '((a - b) - c)'],
    ['a // b % c', '((a // b) % c)'],
    ['a & b | c', '((a & b) | c)'],
    ['a | b & c', '(a | (b & c))'],
    ['a == 3 & b', 'cmp(a == (3 & b))'],
    ['(a == 3) & (b > 1)', '(cmp(a == 3) & cmp(b > 1))'],
    ['~a', '(~ a)'],
    ['not a', '(not a)'],
    ['a < b < c', 'cmp(a < b < c)'],
    ['x is None', 'cmp(x is null)'],
    ['1e-3', '0.001f'],
    ['.5', '0.5f'],
    ['5.', '5f'],
    ['1_000', '1000'],
    ['True', 'true'],
    ['None', 'null'],
    ["'float32'", '"float32"'],
    ['"a" \'b\'', '"ab"'],
    ['x[0]', 'x[0]'],
    ['x[-1]', 'x[(- 1)]'],
    ['x[1:3]', 'x[slice(1:3:_)]'],
    ['x[::-1]', 'x[slice(_:_:(- 1))]'],
    ['x[:]', 'x[slice(_:_:_)]'],
    ['x[a:b:c]', 'x[slice(a:b:c)]'],
    ['x[:, 14]', 'x[tuple(slice(_:_:_), 14)]'],
    ['x[i, j, k]', 'x[tuple(i, j, k)]'],
    ['x[1,]', 'x[tuple(1)]'],
    ['x[..., 0]', 'x[tuple(..., 0)]'],
    ['x[y == 3]', 'x[cmp(y == 3)]'],
    ['x[[0, 2]]', 'x[list(0, 2)]'],
    ['x.mean(axis=0)', 'x.mean(axis=0)'],
    ['x.reshape(-1, 784)', 'x.reshape((- 1), 784)'],
    ["x.astype('float32')", 'x.astype("float32")'],
    ['np.unique(x, return_counts=True)', 'np.unique(x, return_counts=true)'],
    ['(a, b)', 'tuple(a, b)'],
    ['(a,)', 'tuple(a)'],
    ['()', 'tuple()'],
    ['a, b', 'tuple(a, b)'],
    ['[]', 'list()'],
    ['x[0][1].shape[0]', 'x[0][1].shape[0]'],
    ['a if b else c', '(a if b else c)'],
    ['f(\n  1,\n  2)', 'f(1, 2)'],
    ['x  # a comment', 'x'],
  ])('%s', (source, expected) => {
    expect(parsed(source)).toBe(expected);
  });
});

describe('parseProgram: statements', () => {
  it('reads assignments, unpacking and several statements', () => {
    const r = parseProgram('img = training_images[0]\nvalues, counts = np.unique(y, return_counts=True); img.shape\n\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.statements.map((s) => (s.type === 'assign' ? `${s.targets.join(',')}${s.unpack ? '*' : ''}=` : 'expr'))).toEqual(['img=', 'values,counts*=', 'expr']);
  });

  it('an empty cell or a comment-only cell has no statements', () => {
    for (const source of ['', '   ', '\n\n', '# nothing']) {
      const r = parseProgram(source);
      expect(r.ok && r.value.statements.length).toBe(0);
    }
  });
});

describe('syntax errors: Python wording and the position of the offending token', () => {
  it.each([
    ['1 +', 'SyntaxError: invalid syntax', 3],
    ['x[', "SyntaxError: '[' was never closed", 1],
    ['f(1, 2', "SyntaxError: '(' was never closed", 1],
    ['x]', "SyntaxError: unmatched ']'", 1],
    ['(1, 2]', "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('", 5],
    ['a b', 'SyntaxError: invalid syntax', 2],
    ['x = yield 1', "SyntaxError: 'yield' is not supported in this notebook", 4],
    ['f(lambda: 1)', "SyntaxError: 'lambda' is not supported in this notebook", 2],
    ['1 + await x', "SyntaxError: 'await' is not supported in this notebook", 4],
    ['1 + else', 'SyntaxError: invalid syntax', 4],
    ['x.', 'SyntaxError: invalid syntax', 2],
    ["'abc", 'SyntaxError: unterminated string literal (detected at line 1)', 0],
    ['1abc', 'SyntaxError: invalid decimal literal', 0],
    ['x $ 2', "SyntaxError: invalid character '$' (U+0024)", 2],
    ['1 = x', "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?", 0],
    ['x + 1 = 2', "SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?", 0],
    ['x[0] = 1', 'SyntaxError: item assignment is not supported: tensors are immutable here; build a new array instead', 0],
    ['f(a=1, 2)', 'SyntaxError: positional argument follows keyword argument', 7],
    ['f(a=1, a=2)', 'SyntaxError: keyword argument repeated: a', 7],
    ['import numpy as np', "SyntaxError: 'import' statements are not supported in this notebook (imports are not needed: np is already available)", 0],
    ['x += 1', "SyntaxError: augmented assignment ('+=') is not supported in this notebook; write name = name + value", 2],
    ['x[]', 'SyntaxError: invalid syntax', 2],
    ['  x', 'IndentationError: unexpected indent', 2],
    ['x = ', 'SyntaxError: invalid syntax', 4],
    ['0x1F', 'SyntaxError: hexadecimal, octal and binary literals are not supported here', 0],
    ['[i for i in x]', 'SyntaxError: comprehensions and generators are not supported in this notebook', 3],
  ])('%s', (source, error, column) => {
    const r = parseProgram(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(error);
    expect(r.span.column).toBe(column);
  });

  it('reports the line of an error in a later line', () => {
    const r = parseProgram('a = 1\nb = (2 +\n)');
    expect(!r.ok && r.span).toEqual({ line: 2, column: 0, length: 1 });
  });

  it('formats a caret under the offending token', () => {
    const source = 'x = training_images[0] +';
    const r = parseProgram(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatFailure(source, r)).toBe('    x = training_images[0] +\n                            ^\nSyntaxError: invalid syntax');
  });
});

describe('limits: pathological input is a SyntaxError, never a stack overflow', () => {
  it.each([
    ['deep parentheses', '('.repeat(5000) + '1' + ')'.repeat(5000)],
    ['deep brackets', 'x' + '['.repeat(3000) + '0' + ']'.repeat(3000)],
    ['many unary minus', '-'.repeat(3000) + '1'],
    ['long chain of additions', Array(1500).fill('1').join('+')],
    ['right-nested powers', Array(1500).fill('2').join('**')],
    ['deep calls', 'f('.repeat(2000) + ')'.repeat(2000)],
    ['too long', 'x'.repeat(MAX_SOURCE_LENGTH + 1)],
  ])('%s', (_name, source) => {
    const r = parseProgram(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^SyntaxError: (too many nested parentheses|expression too deeply nested|cell is too long)/);
  });

  it('accepts nesting up to the limit', () => {
    const depth = Math.floor(MAX_TREE_DEPTH / 2);
    expect(parseExpression('('.repeat(depth) + '1' + ')'.repeat(depth)).ok).toBe(true);
  });

  it('tokenizer positions are 0-based columns per line', () => {
    const t = tokenize('a = 1\n  + 2');
    expect(t.ok).toBe(false); // leading indent outside brackets
    const u = tokenize('(a,\n   b)');
    expect(u.ok && u.value.map((k) => `${k.text}@${k.line}:${k.column}`)).toEqual(['(@0:0', 'a@0:1', ',@0:2', 'b@1:3', ')@1:4', '\n@1:5', '@1:5']);
  });
});
