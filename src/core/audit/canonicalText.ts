/**
 * Whether a JSON text (one `JSON.parse` accepted) is, byte for byte, the canonical JSON of the value it parses to —
 * what `canonicalJson(JSON.parse(text)) === text` says — read in one pass over the text, without parsing it again or
 * writing the value out: no whitespace, every object's keys in strictly rising code-unit order (so none twice), every
 * number as JavaScript writes it, every string as it stands. `false` also where it cannot tell quickly (a string with
 * an escape or a surrogate, which canonical JSON writes as JSON.stringify does): the caller then compares the long
 * way. Never `true` for a text that is not canonical. A log line is checked so before its seal is read off it.
 *
 * @example
 * isPlainCanonicalText('{"a":[1,true],"b":"低保"}') // true
 * isPlainCanonicalText('{"b":1,"a":2}') // false: keys out of order
 * isPlainCanonicalText('{"a": 1}') // false: whitespace
 *
 * With `spans`, also says where each top-level key's value is in the text: in a canonical text that slice is the
 * value's own canonical JSON, so a reader can hash a part of a record (its input) without writing it out again.
 * const spans = new Map(); isPlainCanonicalText('{"a":[1],"b":2}', spans); spans.get('a') // [5, 8]
 */
export function isPlainCanonicalText(text: string, spans?: Map<string, [start: number, end: number]>): boolean {
  const scanner = new Scanner(text, spans);
  try {
    return scanner.value() && scanner.at === text.length;
  } catch {
    return false; // nested too deep for the stack: left to the long way
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

class Scanner {
  at = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly spans?: Map<string, [number, number]>,
  ) {}

  value(): boolean {
    const code = this.text.charCodeAt(this.at);
    if (code === 0x7b) return this.object();
    if (code === 0x5b) return this.array();
    if (code === QUOTE) return this.string() >= 0;
    if (code === 0x74) return this.word('true');
    if (code === 0x66) return this.word('false');
    if (code === 0x6e) return this.word('null');
    return this.number();
  }

  private object(): boolean {
    const text = this.text;
    this.at++;
    if (text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return true;
    }
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      if (text.charCodeAt(this.at) !== QUOTE) return false;
      const start = this.at + 1;
      const end = this.string();
      if (end < 0) return false;
      if (previousStart >= 0 && !this.rising(previousStart, previousEnd, start, end)) return false;
      previousStart = start;
      previousEnd = end;
      if (text.charCodeAt(this.at) !== COLON) return false;
      this.at++;
      const valueStart = this.at;
      this.depth++;
      const read = this.value();
      this.depth--;
      if (!read) return false;
      if (this.depth === 0 && this.spans) this.spans.set(text.slice(start, end), [valueStart, this.at]);
      const next = text.charCodeAt(this.at++);
      if (next === 0x7d) return true;
      if (next !== COMMA) return false;
    }
  }

  private array(): boolean {
    const text = this.text;
    this.at++;
    if (text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return true;
    }
    for (;;) {
      if (!this.value()) return false;
      const next = text.charCodeAt(this.at++);
      if (next === 0x5d) return true;
      if (next !== COMMA) return false;
    }
  }

  /** Reads a string with no escape and no surrogate; returns where its content ends (the closing quote), or -1. */
  private string(): number {
    const text = this.text;
    for (let i = this.at + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        this.at = i + 1;
        return i;
      }
      if (code === BACKSLASH || code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) return -1;
    }
    return -1;
  }

  /** Whether the key text[bStart, bEnd) comes strictly after text[aStart, aEnd) in code-unit order. */
  private rising(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    const text = this.text;
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let i = 0; i < length; i++) {
      const a = text.charCodeAt(aStart + i);
      const b = text.charCodeAt(bStart + i);
      if (a !== b) return a < b;
    }
    return aEnd - aStart < bEnd - bStart;
  }

  private word(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  /** A number exactly as JavaScript writes it back (`1`, not `1.0`, `1e2` or `-0`). */
  private number(): boolean {
    const text = this.text;
    const start = this.at;
    let i = start;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // Digits, minus, plus, dot, e and E: what a JSON number is made of.
      if (!((code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45)) break;
    }
    if (i === start) return false;
    const token = text.slice(start, i);
    const value = Number(token);
    if (!Number.isFinite(value) || String(value) !== token) return false;
    this.at = i;
    return true;
  }
}
