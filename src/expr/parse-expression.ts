/** The expression grammar, with Python's operator precedence: conditional, or/and/not, comparisons, bitwise, arithmetic, unary, power, then calls, attributes, subscripts and atoms. */
import type { BinaryOp, CompareOp, Expr, Keyword } from './ast';
import { syntaxFailure } from './errors';
import type { Token } from './tokenize';
import { ParseError, TokenCursor, depthOf, join, spanOf } from './cursor';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Recursive descent over one expression; test() is the entry point (an expression without a top-level comma). */
export class ExpressionParser extends TokenCursor {
  protected test(): Expr {
    const body = this.orTest();
    if (!this.isKeyword('if')) return body;
    this.next();
    const test = this.orTest();
    if (!this.isKeyword('else')) this.fail(this.peek(), "expected 'else' after 'if' expression");
    this.next();
    const orelse = this.test();
    return this.check({ type: 'conditional', test, body, orelse, span: join(body.span, orelse.span), depth: depthOf(test, body, orelse) });
  }

  private orTest(): Expr {
    let left = this.andTest();
    while (this.isKeyword('or')) {
      this.next();
      const right = this.andTest();
      left = this.check({ type: 'logical', op: 'or', left, right, span: join(left.span, right.span), depth: depthOf(left, right) });
    }
    return left;
  }

  private andTest(): Expr {
    let left = this.notTest();
    while (this.isKeyword('and')) {
      this.next();
      const right = this.notTest();
      left = this.check({ type: 'logical', op: 'and', left, right, span: join(left.span, right.span), depth: depthOf(left, right) });
    }
    return left;
  }

  private notTest(): Expr {
    if (this.isKeyword('not')) {
      const t = this.next();
      this.enter(t);
      const operand = this.notTest();
      this.nesting--;
      return this.check({ type: 'unary', op: 'not', operand, span: join(spanOf(t), operand.span), depth: depthOf(operand) });
    }
    return this.comparison();
  }

  private compareOp(): CompareOp | null {
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(t.text)) return t.text as CompareOp;
    if (t.kind === 'keyword' && t.text === 'in') return 'in';
    if (t.kind === 'keyword' && t.text === 'is') return this.isKeyword('not', 1) ? 'is not' : 'is';
    if (t.kind === 'keyword' && t.text === 'not' && this.isKeyword('in', 1)) return 'not in';
    return null;
  }

  private comparison(): Expr {
    const first = this.bitOr();
    const ops: CompareOp[] = [];
    const operands = [first];
    for (let op = this.compareOp(); op !== null; op = this.compareOp()) {
      this.next();
      if (op === 'is not' || op === 'not in') this.next();
      ops.push(op);
      operands.push(this.bitOr());
    }
    if (ops.length === 0) return first;
    const last = operands[operands.length - 1];
    return this.check({ type: 'compare', ops, operands, span: join(first.span, last.span), depth: depthOf(...operands) });
  }

  private binaryLevel(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
      const t = this.next();
      const right = operand();
      left = this.check({ type: 'binary', op: t.text as BinaryOp, left, right, opSpan: spanOf(t), span: join(left.span, right.span), depth: depthOf(left, right) });
    }
    return left;
  }

  private bitOr(): Expr {
    return this.binaryLevel(['|'], () => this.bitXor());
  }

  private bitXor(): Expr {
    return this.binaryLevel(['^'], () => this.bitAnd());
  }

  private bitAnd(): Expr {
    return this.binaryLevel(['&'], () => this.shift());
  }

  private shift(): Expr {
    if (this.peek().kind === 'op' && (this.peek().text === '<<' || this.peek().text === '>>')) this.fail(this.peek());
    const e = this.arith();
    if (this.isOp('<<') || this.isOp('>>')) this.fail(this.peek(), `the '${this.peek().text}' operator is not supported in this notebook`);
    return e;
  }

  private arith(): Expr {
    return this.binaryLevel(['+', '-'], () => this.term());
  }

  private term(): Expr {
    return this.binaryLevel(['*', '/', '//', '%', '@'], () => this.factor());
  }

  private factor(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.next();
      this.enter(t);
      const operand = this.factor();
      this.nesting--;
      return this.check({ type: 'unary', op: t.text as '-' | '+' | '~', operand, span: join(spanOf(t), operand.span), depth: depthOf(operand) });
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    if (!this.isOp('**')) return base;
    const t = this.next();
    this.enter(t);
    const exponent = this.factor();
    this.nesting--;
    return this.check({ type: 'binary', op: '**', left: base, right: exponent, opSpan: spanOf(t), span: join(base.span, exponent.span), depth: depthOf(base, exponent) });
  }

  private primary(): Expr {
    let node = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.peek();
        if (name.kind !== 'name') this.fail(name);
        this.next();
        node = this.check({ type: 'attribute', object: node, name: name.text, span: join(node.span, spanOf(name)), depth: depthOf(node) });
      } else if (this.isOp('(')) {
        const open = this.next();
        this.enter(open);
        const { args, keywords } = this.callArguments();
        const close = this.expectOp(')');
        this.nesting--;
        node = this.check({ type: 'call', callee: node, args, keywords, span: join(node.span, spanOf(close)), depth: depthOf(node, ...args, ...keywords.map((k) => k.value)) });
      } else if (this.isOp('[')) {
        const open = this.next();
        this.enter(open);
        const index = this.subscriptList(open);
        const close = this.expectOp(']');
        this.nesting--;
        node = this.check({ type: 'subscript', object: node, index, span: join(node.span, spanOf(close)), depth: depthOf(node, index) });
      } else {
        return node;
      }
    }
  }

  private callArguments(): { args: Expr[]; keywords: Keyword[] } {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '*' || t.text === '**')) this.fail(t, 'argument unpacking (* and **) is not supported in this notebook');
      if (t.kind === 'name' && this.isOp('=', 1)) {
        this.next();
        this.next();
        if (keywords.some((k) => k.name === t.text)) this.fail(t, `keyword argument repeated: ${t.text}`);
        const value = this.test();
        keywords.push({ name: t.text, value, span: join(spanOf(t), value.span) });
      } else {
        const value = this.test();
        if (this.isOp('=')) this.fail(this.peek(), 'expression cannot contain assignment, perhaps you meant "=="?');
        if (keywords.length > 0) throw new ParseError(syntaxFailure('positional argument follows keyword argument', value.span.line, value.span.column, value.span.length));
        args.push(value);
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    return { args, keywords };
  }

  private subscriptList(open: Token): Expr {
    if (this.isOp(']')) this.fail(this.peek());
    const first = this.subscript();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(']')) break;
      items.push(this.subscript());
    }
    return this.check({ type: 'tuple', items, span: join(spanOf(open), items[items.length - 1].span), depth: depthOf(...items) });
  }

  private subscript(): Expr {
    const startTok = this.peek();
    const start = this.isOp(':') ? null : this.test();
    if (!this.isOp(':')) {
      if (start === null) this.fail(this.peek());
      return start;
    }
    const colon = this.next();
    const stop = this.isOp(':') || this.isOp(',') || this.isOp(']') ? null : this.test();
    let step: Expr | null = null;
    let end = stop?.span ?? spanOf(colon);
    if (this.isOp(':')) {
      const second = this.next();
      end = spanOf(second);
      step = this.isOp(',') || this.isOp(']') ? null : this.test();
      if (step) end = step.span;
    }
    return this.check({ type: 'slice', start, stop, step, span: join(start?.span ?? spanOf(startTok), end), depth: depthOf(start, stop, step) });
  }

  private atom(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'name':
        this.next();
        return { type: 'name', name: t.text, span: spanOf(t), depth: 1 };
      case 'int':
      case 'float': {
        this.next();
        const value = Number(t.text);
        return { type: 'number', value, float: t.kind === 'float', span: spanOf(t), depth: 1 };
      }
      case 'string': {
        this.next();
        let value = t.text;
        let span = spanOf(t);
        while (this.peek().kind === 'string') {
          const more = this.next();
          value += more.text;
          span = join(span, spanOf(more));
        }
        return { type: 'string', value, span, depth: 1 };
      }
      case 'keyword':
        if (t.text === 'True' || t.text === 'False' || t.text === 'None') {
          this.next();
          return { type: 'constant', value: t.text === 'None' ? null : t.text === 'True', span: spanOf(t), depth: 1 };
        }
        // Valid Python this notebook does not take says so, rather than calling it invalid.
        if (t.text === 'await' || t.text === 'yield' || t.text === 'lambda') return this.fail(t, `'${t.text}' is not supported in this notebook`);
        return this.fail(t);
      case 'op':
        if (t.text === '...') {
          this.next();
          return { type: 'ellipsis', span: spanOf(t), depth: 1 };
        }
        if (t.text === '(') return this.parenthesized();
        if (t.text === '[') return this.listDisplay();
        if (t.text === '{') return this.fail(t, 'dicts and sets are not supported in this notebook');
        return this.fail(t);
      case 'newline':
      case 'end':
        return this.fail(t, 'invalid syntax');
      default:
        return this.fail(t);
    }
  }

  private parenthesized(): Expr {
    const open = this.next();
    this.enter(open);
    if (this.isOp(')')) {
      const close = this.next();
      this.nesting--;
      return { type: 'tuple', items: [], span: join(spanOf(open), spanOf(close)), depth: 1 };
    }
    const first = this.test();
    if (this.isKeyword('for')) this.fail(this.peek(), 'comprehensions and generators are not supported in this notebook');
    if (this.isOp(')')) {
      this.next();
      this.nesting--;
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      items.push(this.test());
    }
    const close = this.expectOp(')');
    this.nesting--;
    return this.check({ type: 'tuple', items, span: join(spanOf(open), spanOf(close)), depth: depthOf(...items) });
  }

  private listDisplay(): Expr {
    const open = this.next();
    this.enter(open);
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      items.push(this.test());
      if (this.isKeyword('for')) this.fail(this.peek(), 'comprehensions and generators are not supported in this notebook');
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(']');
    this.nesting--;
    return this.check({ type: 'list', items, span: join(spanOf(open), spanOf(close)), depth: depthOf(...items) });
  }
}
