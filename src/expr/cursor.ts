/** The parser's token cursor: lookahead, Python-worded failures at a token, spans and the bounds on tree depth and nesting. */
import type { Expr } from './ast';
import type { SourceSpan, SyntaxFailure } from './errors';
import { syntaxFailure } from './errors';
import type { Token } from './tokenize';

/** Tallest syntax tree accepted: keeps parser and evaluator recursion far from the JS stack limit. */
export const MAX_TREE_DEPTH = 200;

/** Thrown inside the parser to unwind to parseProgram, which returns its failure as a value. */
export class ParseError extends Error {
  readonly failure: SyntaxFailure;
  constructor(failure: SyntaxFailure) {
    super(failure.error);
    this.failure = failure;
  }
}

/** A token's position as a span (at least one column, so the caret shows). */
export function spanOf(token: Token): SourceSpan {
  return { line: token.line, column: token.column, length: Math.max(1, token.length) };
}

/** From the start of `a` to the end of `b` when on one line; otherwise the rest of a's line. */
export function join(a: SourceSpan, b: SourceSpan): SourceSpan {
  if (a.line !== b.line) return a;
  return { line: a.line, column: a.column, length: Math.max(1, b.column + b.length - a.column) };
}

/** Depth of a node over these children (null for an absent slice part). */
export function depthOf(...children: (Expr | null)[]): number {
  let d = 0;
  for (const c of children) if (c && c.depth > d) d = c.depth;
  return d + 1;
}

/** Lookahead and failure helpers shared by the expression and statement grammars. */
export class TokenCursor {
  private pos = 0;
  protected nesting = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  protected isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }

  protected isKeyword(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'keyword' && t.text === text;
  }

  protected fail(token: Token, message = 'invalid syntax'): never {
    throw new ParseError(syntaxFailure(message, token.line, token.column, token.length));
  }

  protected expectOp(text: string, message?: string): Token {
    if (!this.isOp(text)) this.fail(this.peek(), message ?? 'invalid syntax');
    return this.next();
  }

  /** Bounds depth so a pathological input is a SyntaxError, not a stack overflow. */
  protected check(node: Expr): Expr {
    if (node.depth > MAX_TREE_DEPTH) throw new ParseError(syntaxFailure('expression too deeply nested', node.span.line, node.span.column, node.span.length));
    return node;
  }

  protected enter(token: Token): void {
    this.nesting++;
    if (this.nesting > MAX_TREE_DEPTH) this.fail(token, 'expression too deeply nested');
  }
}
