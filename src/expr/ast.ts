/** Syntax tree of the notebook's Python/numpy subset. Every node knows where it came from, for carets. */
import type { SourceSpan } from './errors';

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';
export type UnaryOp = '-' | '+' | '~' | 'not';

interface Base {
  span: SourceSpan;
  /** Height of the subtree (a leaf is 1): bounds the evaluator's recursion. */
  depth: number;
}

export type Expr =
  | (Base & { type: 'name'; name: string })
  | (Base & { type: 'number'; value: number; float: boolean })
  | (Base & { type: 'string'; value: string })
  | (Base & { type: 'constant'; value: boolean | null })
  | (Base & { type: 'ellipsis' })
  | (Base & { type: 'tuple'; items: Expr[] })
  | (Base & { type: 'list'; items: Expr[] })
  | (Base & { type: 'unary'; op: UnaryOp; operand: Expr })
  | (Base & { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; opSpan: SourceSpan })
  | (Base & { type: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr })
  | (Base & { type: 'compare'; ops: CompareOp[]; operands: Expr[] })
  | (Base & { type: 'conditional'; test: Expr; body: Expr; orelse: Expr })
  | (Base & { type: 'attribute'; object: Expr; name: string })
  | (Base & { type: 'call'; callee: Expr; args: Expr[]; keywords: Keyword[] })
  | (Base & { type: 'subscript'; object: Expr; index: Expr })
  | (Base & { type: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null });

export interface Keyword {
  name: string;
  value: Expr;
  span: SourceSpan;
}

/** `name = expr`, `a, b = expr`, or a bare expression (whose value a cell shows when it is last). */
export type Statement =
  | { type: 'assign'; targets: string[]; unpack: boolean; value: Expr; span: SourceSpan }
  | { type: 'expression'; expr: Expr; span: SourceSpan };

/** A cell: statements in order. An empty cell has none. */
export interface Program {
  statements: Statement[];
}
