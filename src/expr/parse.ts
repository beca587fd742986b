/** Recursive-descent parser for the notebook's Python/numpy subset: a cell's statements here, its expressions in parse-expression.ts. */
import type { Expr, Program, Statement } from './ast';
import type { SyntaxFailure } from './errors';
import { succeed, syntaxFailure } from './errors';
import { ParseError, depthOf, join } from './cursor';
import { ExpressionParser } from './parse-expression';
import { tokenize } from './tokenize';

export { MAX_TREE_DEPTH } from './cursor';

/** Parses a cell into statements; failures carry Python's wording and the offending token's position. */
export function parseProgram(source: string): { ok: true; value: Program } | SyntaxFailure {
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  try {
    return succeed(new Parser(tokens.value).program());
  } catch (e) {
    if (e instanceof ParseError) return e.failure;
    if (e instanceof RangeError) return syntaxFailure('expression too deeply nested', 0, 0, 1);
    throw e;
  }
}

/** Parses one expression (no assignment), e.g. for tests and tools. */
export function parseExpression(source: string): { ok: true; value: Expr } | SyntaxFailure {
  const program = parseProgram(source);
  if (!program.ok) return program;
  const statements = program.value.statements;
  if (statements.length !== 1 || statements[0].type !== 'expression') {
    const span = statements[1]?.span ?? statements[0]?.span ?? { line: 0, column: 0, length: 1 };
    return syntaxFailure(statements.length === 0 ? 'expected an expression' : 'expected a single expression', span.line, span.column, span.length);
  }
  return succeed(statements[0].expr);
}

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=']);

/** Statements (expressions and plain or unpacking assignments) over the expression grammar. */
class Parser extends ExpressionParser {
  program(): Program {
    const statements: Statement[] = [];
    while (this.peek().kind !== 'end') {
      if (this.peek().kind === 'newline' || this.isOp(';')) {
        this.next();
        continue;
      }
      statements.push(this.statement());
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      const t = this.peek();
      if (t.kind !== 'newline' && t.kind !== 'end') this.fail(t);
    }
    return { statements };
  }

  private statement(): Statement {
    const first = this.peek();
    if (first.kind === 'keyword' && !['True', 'False', 'None', 'not', 'lambda'].includes(first.text)) {
      const hint = first.text === 'import' || first.text === 'from' ? ` (imports are not needed: np is already available)` : '';
      this.fail(first, `'${first.text}' statements are not supported in this notebook${hint}`);
    }
    if (first.kind === 'keyword' && first.text === 'lambda') this.fail(first, 'lambda is not supported in this notebook');
    const expr = this.exprList();
    if (this.isOp('=')) {
      this.next();
      const targets = this.targets(expr);
      if (this.peek().kind === 'newline' || this.peek().kind === 'end' || this.isOp(';')) this.fail(this.peek());
      const value = this.exprList();
      if (this.isOp('=')) this.fail(this.peek(), 'chained assignment is not supported in this notebook');
      return { type: 'assign', targets: targets.names, unpack: targets.unpack, value, span: join(expr.span, value.span) };
    }
    if (this.peek().kind === 'op' && AUGMENTED.has(this.peek().text)) {
      this.fail(this.peek(), `augmented assignment ('${this.peek().text}') is not supported in this notebook; write name = name ${this.peek().text.slice(0, -1)} value`);
    }
    return { type: 'expression', expr, span: expr.span };
  }

  private targets(expr: Expr): { names: string[]; unpack: boolean } {
    const bad = (node: Expr): never => {
      const what =
        node.type === 'subscript'
          ? 'item assignment is not supported: tensors are immutable here; build a new array instead'
          : node.type === 'attribute'
            ? 'cannot assign to attribute here'
            : node.type === 'call'
              ? "cannot assign to function call here. Maybe you meant '==' instead of '='?"
              : node.type === 'number' || node.type === 'string' || node.type === 'constant'
                ? "cannot assign to literal here. Maybe you meant '==' instead of '='?"
                : "cannot assign to expression here. Maybe you meant '==' instead of '='?";
      throw new ParseError(syntaxFailure(what, node.span.line, node.span.column, node.span.length));
    };
    if (expr.type === 'name') return { names: [expr.name], unpack: false };
    if (expr.type === 'tuple' || expr.type === 'list') {
      const names = expr.items.map((item) => (item.type === 'name' ? item.name : bad(item)));
      if (names.length === 0) bad(expr);
      return { names, unpack: true };
    }
    return bad(expr);
  }

  /** `a, b, c` at statement level: a tuple without parentheses. */
  private exprList(): Expr {
    const first = this.test();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.startsExpression()) items.push(this.test());
      else break;
    }
    const last = items[items.length - 1];
    return this.check({ type: 'tuple', items, span: join(first.span, last.span), depth: depthOf(...items) });
  }

  private startsExpression(): boolean {
    const t = this.peek();
    if (t.kind === 'name' || t.kind === 'int' || t.kind === 'float' || t.kind === 'string') return true;
    if (t.kind === 'keyword') return ['True', 'False', 'None', 'not'].includes(t.text);
    return t.kind === 'op' && ['(', '[', '-', '+', '~', '...'].includes(t.text);
  }
}
