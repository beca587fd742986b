/** Tokenizer for the notebook's Python/numpy subset: text in, tokens with 0-based positions out. */
import type { SyntaxFailure } from './errors';
import { succeed, syntaxFailure } from './errors';

/** Longest cell text accepted, in characters: longer input is refused before tokenizing. */
export const MAX_SOURCE_LENGTH = 20_000;
/** Most tokens in one cell: bounds the work of the parser and of the evaluator. */
export const MAX_TOKENS = 4_000;

export type TokenKind = 'name' | 'keyword' | 'int' | 'float' | 'string' | 'op' | 'newline' | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text of the token; for strings, the decoded value. */
  text: string;
  /** 0-based offset into the whole source. */
  offset: number;
  /** 0-based line and column of the first character. */
  line: number;
  column: number;
  /** Length in source characters (for the caret). */
  length: number;
}

const KEYWORDS = new Set(['True', 'False', 'None', 'and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'def', 'class', 'return', 'import', 'from', 'del', 'while', 'with', 'as', 'pass', 'global', 'yield', 'raise', 'try', 'except', 'finally', 'assert', 'break', 'continue', 'elif', 'nonlocal', 'async', 'await']);

/** Operators, longest first so `//` wins over `/` and `**` over `*`. */
const OPERATORS = ['...', '**=', '//=', '**', '//', '==', '!=', '<=', '>=', '<<', '>>', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', ':=', '+', '-', '*', '/', '%', '@', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '&', '|', '^', '~'];

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

const isIdStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdPart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Splits `source` into tokens. Newlines inside brackets are joined like Python's implicit line
 * joining; `#` starts a comment. Failures carry the position of the offending character.
 */
export function tokenize(source: string): { ok: true; value: Token[] } | SyntaxFailure {
  if (source.length > MAX_SOURCE_LENGTH) return syntaxFailure(`cell is too long (${source.length} characters; the limit is ${MAX_SOURCE_LENGTH})`, 0, 0, 1);
  const tokens: Token[] = [];
  const brackets: Token[] = [];
  let line = 0;
  let lineStart = 0;
  let i = 0;
  let atLineStart = true;
  const push = (kind: TokenKind, text: string, start: number, length: number) => {
    tokens.push({ kind, text, offset: start, line, column: start - lineStart, length });
  };
  while (i < source.length) {
    if (tokens.length > MAX_TOKENS) return syntaxFailure(`cell is too long (more than ${MAX_TOKENS} tokens)`, line, i - lineStart, 1);
    const c = source[i];
    if (c === '\n' || c === '\r') {
      if (brackets.length === 0 && tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') push('newline', '\n', i, 1);
      if (c === '\r' && source[i + 1] === '\n') i++;
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      let j = i;
      while (j < source.length && (source[j] === ' ' || source[j] === '\t' || source[j] === '\f')) j++;
      const restStart = source[j];
      const blank = j >= source.length || restStart === '\n' || restStart === '\r' || restStart === '#';
      if (atLineStart && brackets.length === 0 && !blank) {
        const failure = syntaxFailure('unexpected indent', line, j - lineStart, 1);
        return { ...failure, error: failure.error.replace('SyntaxError', 'IndentationError') };
      }
      i = j;
      continue;
    }
    atLineStart = false;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
      continue;
    }
    if (c === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      i += source[i + 1] === '\r' && source[i + 2] === '\n' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    const start = i;
    if (isIdStart(c)) {
      while (i < source.length && isIdPart(source[i])) i++;
      const word = source.slice(start, i);
      if ((source[i] === '"' || source[i] === "'") && /^[rRbBuUfF]{1,2}$/.test(word)) {
        return syntaxFailure(`string prefix ${word} is not supported here`, line, start - lineStart, i - start);
      }
      push(KEYWORDS.has(word) ? 'keyword' : 'name', word, start, i - start);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      const number = scanNumber(source, i);
      if (!number.ok) return syntaxFailure(number.error, line, start - lineStart, Math.max(1, number.end - start));
      i = number.end;
      push(number.float ? 'float' : 'int', source.slice(start, i).replace(/_/g, ''), start, i - start);
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      if (triple) return syntaxFailure('triple-quoted strings are not supported here', line, start - lineStart, 3);
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== c && source[j] !== '\n' && source[j] !== '\r') {
        if (source[j] === '\\' && j + 1 < source.length && source[j + 1] !== '\n') {
          const escaped = source[j + 1];
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
          j += 2;
        } else {
          value += source[j];
          j++;
        }
      }
      if (source[j] !== c) return syntaxFailure(`unterminated string literal (detected at line ${line + 1})`, line, start - lineStart, 1);
      i = j + 1;
      push('string', value, start, i - start);
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op !== undefined) {
      i += op.length;
      push('op', op, start, op.length);
      const token = tokens[tokens.length - 1];
      if (op in OPENERS) {
        brackets.push(token);
        if (brackets.length > MAX_BRACKET_DEPTH) return syntaxFailure('too many nested parentheses', line, start - lineStart, 1);
      } else if (op === ')' || op === ']' || op === '}') {
        const open = brackets.pop();
        if (open === undefined) return syntaxFailure(`unmatched '${op}'`, line, start - lineStart, 1);
        if (OPENERS[open.text] !== op) {
          const where = open.line === line ? '' : ` on line ${open.line + 1}`;
          return syntaxFailure(`closing parenthesis '${op}' does not match opening parenthesis '${open.text}'${where}`, line, start - lineStart, 1);
        }
      }
      continue;
    }
    const code = c.codePointAt(0) ?? 0;
    const shown = String.fromCodePoint(code);
    return syntaxFailure(`invalid character '${shown}' (U+${code.toString(16).toUpperCase().padStart(4, '0')})`, line, start - lineStart, 1);
  }
  if (brackets.length > 0) {
    const open = brackets[brackets.length - 1];
    return syntaxFailure(`'${open.text}' was never closed`, open.line, open.column, 1);
  }
  if (tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') push('newline', '\n', i, 0);
  push('end', '', i, 0);
  return succeed(tokens);
}

/** Deepest bracket nesting accepted (Python's own parser stops at 200). */
export const MAX_BRACKET_DEPTH = 100;

function scanNumber(source: string, from: number): { ok: true; end: number; float: boolean } | { ok: false; error: string; end: number } {
  let i = from;
  let float = false;
  const digits = () => {
    const begin = i;
    while (i < source.length && (isDigit(source[i]) || (source[i] === '_' && isDigit(source[i + 1] ?? '') && i > begin))) i++;
    return i - begin;
  };
  if (source[i] === '0' && /[xXoObB]/.test(source[i + 1] ?? '')) {
    i += 2;
    while (i < source.length && isIdPart(source[i])) i++;
    return { ok: false, error: 'hexadecimal, octal and binary literals are not supported here', end: i };
  }
  digits();
  if (source[i] === '.' && source[i + 1] !== '.') {
    float = true;
    i++;
    digits();
  }
  if (source[i] === 'e' || source[i] === 'E') {
    const save = i;
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    if (digits() === 0) {
      i = save;
      while (i < source.length && isIdPart(source[i])) i++;
      return { ok: false, error: 'invalid decimal literal', end: i };
    }
    float = true;
  }
  if (i < source.length && isIdPart(source[i])) {
    while (i < source.length && isIdPart(source[i])) i++;
    return { ok: false, error: source[i - 1] === 'j' ? 'complex numbers are not supported here' : 'invalid decimal literal', end: i };
  }
  const text = source.slice(from, i);
  if (!float && /^0\d/.test(text.replace(/_/g, '')) && /[1-9]/.test(text)) {
    return { ok: false, error: 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', end: i };
  }
  return { ok: true, end: i, float };
}
