// A parser for the small subset of Python literals that .npy headers use:
// dicts, tuples, lists, strings, integers (with Python 2's `L` suffix), True,
// False and None. NumPy reads headers with ast.literal_eval; this accepts the
// same documents for that subset and never evaluates anything.
import { DataError } from './errors.js';

/** A parsed literal. Integers are bigints so no digit is lost. */
export type PyValue =
  | string | bigint | boolean | null
  | { kind: 'tuple'; items: PyValue[] }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'dict'; entries: Array<[PyValue, PyValue]> };

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new DataError(`cannot parse the .npy header: ${what} at character ${this.at} of ${JSON.stringify(this.text)}`);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? '';
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.at++;
  }

  parseDocument(): PyValue {
    const value = this.parseValue();
    if (this.peek() !== '') this.fail('unexpected text after the literal');
    return value;
  }

  private parseValue(): PyValue {
    const c = this.peek();
    if (c === "'" || c === '"') return this.parseString(c);
    if (c === '(' || c === '[' || c === '{') return this.parseContainer(c);
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseInteger();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.at))?.[0];
    const constants: Record<string, PyValue> = { True: true, False: false, None: null };
    if (word === undefined || !Object.hasOwn(constants, word)) this.fail('expected a literal');
    this.at += word.length;
    return constants[word];
  }

  private parseString(quote: string): string {
    this.at++;
    let result = '';
    for (;;) {
      const c = this.text[this.at++];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) return result;
      if (c !== '\\') { result += c; continue; }
      const escaped = this.text[this.at++];
      if (escaped === undefined || !Object.hasOwn(ESCAPES, escaped)) this.fail('unsupported escape in a string');
      result += ESCAPES[escaped];
    }
  }

  private parseInteger(): bigint {
    const match = /^-?\s*\d+[lL]?/.exec(this.text.slice(this.at));
    if (match === null) this.fail('expected an integer');
    this.at += match[0].length;
    const digits = match[0].replace(/[\slL]/g, '');
    // Python 3 rejects leading zeros ("007"), and so does ast.literal_eval.
    if (/^-?0\d/.test(digits)) this.fail('an integer with a leading zero');
    return BigInt(digits);
  }

  private parseContainer(open: string): PyValue {
    this.at++;
    const close = CLOSERS[open];
    const items: PyValue[] = [];
    const entries: Array<[PyValue, PyValue]> = [];
    let trailingComma = false;
    while (this.peek() !== close) {
      const item = this.parseValue();
      if (open === '{') {
        this.expect(':');
        entries.push([item, this.parseValue()]);
      } else {
        items.push(item);
      }
      trailingComma = this.peek() === ',';
      if (!trailingComma) break;
      this.at++;
    }
    this.expect(close);
    if (open === '{') return { kind: 'dict', entries };
    if (open === '[') return { kind: 'list', items };
    // (x) is x itself in Python; only (x,) is a one-element tuple.
    if (items.length === 1 && !trailingComma) return items[0];
    return { kind: 'tuple', items };
  }
}

/** Parses a Python literal; throws DataError on anything outside the subset. */
export function parsePythonLiteral(text: string): PyValue {
  return new Parser(text).parseDocument();
}
