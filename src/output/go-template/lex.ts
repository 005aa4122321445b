// The lexer of Go's text/template (src/text/template/parse/lex.go), ported item for item so that the parser sees
// the same tokens, positions and lines, and an error item with Go's words where Go's lexer stops: `{{`/`}}`, the trim
// markers `{{- ` and ` -}}`, comments, strings, raw strings, character constants, numbers, fields and variables.
import { goQuote, goRune, type Item, type ItemType } from './items.js';

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot', block: 'block', break: 'break', continue: 'continue', define: 'define', else: 'else', end: 'end',
  if: 'if', range: 'range', nil: 'nil', template: 'template', with: 'with',
};

const SPACE = ' \t\r\n';
const isSpace = (c: string | undefined) => c !== undefined && c !== '' && SPACE.includes(c);
const isAlphaNumeric = (c: string | undefined) => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);
const hasLeftTrimMarker = (s: string) => s.length >= 2 && s[0] === '-' && isSpace(s[1]);
const hasRightTrimMarker = (s: string) => s.length >= 2 && isSpace(s[0]) && s[1] === '-';

/** All the items of a template, up to EOF or the first error. Positions count UTF-16 units, as lines do. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}

type State = () => State | null;

class Lexer {
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;
  private readonly items: Item[] = [];

  constructor(private readonly input: string) {}

  run(): Item[] {
    let state: State | null = () => this.lexText();
    while (state) state = state();
    return this.items;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.pos++;
      return '';
    }
    const c = this.input[this.pos++]!;
    if (c === '\n') this.line++;
    return c;
  }

  private peek(): string {
    return this.input[this.pos] ?? '';
  }

  private backup(): void {
    this.pos--;
    if (this.input[this.pos] === '\n') this.line--;
  }

  /** Emits the item from start to pos; lexing goes on inside the action (the callers outside one say where next). */
  private emit(type: ItemType): State | null {
    this.items.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
    return type === 'eof' ? null : () => this.lexInsideAction();
  }

  private errorf(message: string): null {
    this.items.push({ type: 'error', pos: this.start, val: message, line: this.startLine });
    return null;
  }

  private accept(valid: string): boolean {
    if (valid.includes(this.peek()) && this.peek() !== '') {
      this.next();
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.peek() !== '' && valid.includes(this.peek())) this.next();
  }

  private lexText(): State | null {
    const x = this.input.indexOf('{{', this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (hasLeftTrimMarker(this.input.slice(x + 2))) trim = rightTrimLength(this.input.slice(this.start, this.pos));
        this.pos -= trim;
        this.line += count(this.input.slice(this.start, this.pos), '\n');
        const val = this.input.slice(this.start, this.pos);
        const item: Item = { type: 'text', pos: this.start, val, line: this.startLine };
        this.pos += trim;
        this.line += count(this.input.slice(this.pos - trim, this.pos), '\n');
        this.start = this.pos;
        this.startLine = this.line;
        if (val.length > 0) this.items.push(item);
      }
      return () => this.lexLeftDelim();
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += count(this.input.slice(this.start, this.pos), '\n');
      this.emit('text');
    }
    this.emit('eof');
    return null;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    const rest = this.input.slice(this.pos);
    if (hasRightTrimMarker(rest) && rest.startsWith('}}', 2)) return { delim: true, trim: true };
    if (rest.startsWith('}}')) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private lexLeftDelim(): State | null {
    this.pos += 2;
    const trim = hasLeftTrimMarker(this.input.slice(this.pos));
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.start = this.pos;
      return this.lexComment();
    }
    this.items.push({ type: 'leftDelim', pos: this.start, val: '{{', line: this.startLine });
    this.pos += after;
    this.start = this.pos;
    this.parenDepth = 0;
    return () => this.lexInsideAction();
  }

  private lexComment(): State | null {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    this.line += count(this.input.slice(this.start, this.pos), '\n');
    if (trim) this.pos += 2;
    this.pos += 2;
    if (trim) this.pos += leftTrimLength(this.input.slice(this.pos), (n) => (this.line += n));
    this.start = this.pos;
    this.startLine = this.line;
    return () => this.lexText();
  }

  private lexRightDelim(): State | null {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += 2;
    this.items.push({ type: 'rightDelim', pos: this.start, val: '}}', line: this.startLine });
    this.start = this.pos;
    if (trim) {
      this.pos += leftTrimLength(this.input.slice(this.pos), (n) => (this.line += n));
      this.start = this.pos;
    }
    this.startLine = this.line;
    return () => this.lexText();
  }

  private lexInsideAction(): State | null {
    if (this.atRightDelim().delim) {
      if (this.parenDepth === 0) return this.lexRightDelim();
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === '') return this.errorf('unclosed action');
    if (isSpace(r)) {
      this.backup();
      return this.lexSpace();
    }
    switch (r) {
      case '=':
        return this.emit('assign');
      case ':':
        if (this.next() !== '=') return this.errorf('expected :=');
        return this.emit('declare');
      case '|':
        return this.emit('pipe');
      case '"':
        return this.lexQuoted('"', 'string', 'quoted string');
      case '`':
        return this.lexRawQuote();
      case '$':
        return this.lexVariable();
      case "'":
        return this.lexQuoted("'", 'charConstant', 'character constant');
      case '(':
        this.parenDepth++;
        return this.emit('leftParen');
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        return this.emit('rightParen');
    }
    if (r === '.') {
      const c = this.peek();
      if (this.pos < this.input.length && (c < '0' || c > '9')) return this.lexFieldOrVariable('field');
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.backup();
      return this.lexNumber();
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return this.lexIdentifier();
    }
    const code = r.codePointAt(0)!;
    if (code <= 0x7f && code >= 0x20 && code !== 0x7f) return this.emit('char');
    return this.errorf(`unrecognized character in action: ${goRune(r)}`);
  }

  private lexSpace(): State | null {
    let spaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      spaces++;
    }
    const rest = this.input.slice(this.pos - 1);
    if (hasRightTrimMarker(rest) && rest.startsWith('}}', 2)) {
      this.backup();
      if (spaces === 1) return this.lexRightDelim();
    }
    return this.emit('space');
  }

  private lexIdentifier(): State | null {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${goRune(r)}`);
      const keyword = KEYWORDS[word];
      if (keyword && keyword !== 'dot') return this.emit(keyword);
      if (word === 'true' || word === 'false') return this.emit('bool');
      return this.emit('identifier');
    }
  }

  private lexVariable(): State | null {
    if (this.atTerminator()) return this.emit('variable');
    return this.lexFieldOrVariable('variable');
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): State | null {
    if (this.atTerminator()) return this.emit(type === 'variable' ? 'variable' : 'dot');
    let r: string;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${goRune(r)}`);
    return this.emit(type);
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (r === '' || '.,|:)('.includes(r)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  /** A '…' character constant or a "…" string: escapes skipped, never across a line. */
  private lexQuoted(close: string, type: 'charConstant' | 'string', what: string): State | null {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const r = this.next();
        if (r !== '' && r !== '\n') continue;
        return this.errorf(`unterminated ${what}`);
      }
      if (c === '' || c === '\n') return this.errorf(`unterminated ${what}`);
      if (c === close) return this.emit(type);
    }
  }

  private lexNumber(): State | null {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos + 1))}`);
    return this.emit('number');
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private lexRawQuote(): State | null {
    for (;;) {
      const c = this.next();
      if (c === '') return this.errorf('unterminated raw quoted string');
      if (c === '`') return this.emit('rawString');
    }
  }
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

function rightTrimLength(s: string): number {
  return s.length - s.replace(/[ \t\r\n]+$/, '').length;
}

function leftTrimLength(s: string, newlines: (n: number) => void): number {
  const n = s.length - s.replace(/^[ \t\r\n]+/, '').length;
  newlines(count(s.slice(0, n), '\n'));
  return n;
}
