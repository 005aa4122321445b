// -o yaml as kubectl prints it: sigs.k8s.io/yaml turns the object's JSON into YAML with go-yaml v2 (go.yaml.in/yaml/v2
// v2.4.3, encode.go and emitterc.go), whose style this file ports for JSON values: keys in go-yaml's natural order,
// sequences under a key not indented, `{}`/`[]` for empty ones, strings plain when they would read back as strings,
// else double-quoted (timestamps, "", "123", "yes"), single-quoted when only an indicator is in the way, `|` blocks
// for text with newlines, and plain and quoted text folded at spaces past column 80.
import { analyze, escapeChar, isBreak, isPrintable, scalarText, type Json, type Scalar } from './yaml-scalars.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

export function kubectlYaml(value: unknown): string {
  const e = new Emitter();
  e.node(value as Json, { mapping: false, simpleKey: false });
  e.writeIndent();
  return e.out.join('');
}

interface Context {
  mapping: boolean;
  simpleKey: boolean;
}

class Emitter {
  out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;

  private put(s: string): void {
    this.out.push(s);
    this.column += [...s].length;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  node(value: Json, ctx: Context): void {
    if (Array.isArray(value)) return value.length === 0 || this.flowLevel > 0 ? this.flow('[', ']') : this.sequence(value, ctx);
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort(naturalLess);
      return keys.length === 0 || this.flowLevel > 0 ? this.flow('{', '}') : this.mapping(value, keys);
    }
    this.scalar(scalarText(value), ctx);
  }

  /** Only empty ones are written in flow style here. */
  private flow(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.indicator(close, false, false, false);
  }

  private sequence(items: Json[], ctx: Context): void {
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(map: { [key: string]: Json }, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      const simple = !key.includes('\n') && Buffer.byteLength(key) <= 128;
      if (simple) {
        this.scalar(scalarText(key), { mapping: true, simpleKey: true });
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.scalar(scalarText(key), { mapping: true, simpleKey: false });
        this.writeIndent();
        this.indicator(':', true, false, true);
      }
      this.node(map[key]!, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private scalar({ text, style: wanted }: Scalar, ctx: Context): void {
    const a = analyze(text);
    let style = wanted;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (text === '' && (this.flowLevel > 0 || ctx.simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || ctx.simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const breaks = !ctx.simpleKey;
    if (style === 'plain') this.plain(text, breaks);
    else if (style === 'single') this.quoted(text, breaks, "'");
    else if (style === 'double') this.quoted(text, breaks, '"');
    else this.literal(text);
    this.popIndent();
  }

  private plain(text: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    this.folded(text, allowBreaks, false, '');
    this.whitespace = false;
    this.indention = false;
  }

  /** Plain and single-quoted text: a space past the best width becomes a line break (not at the ends, for quotes). */
  private folded(text: string, allowBreaks: boolean, quoted: boolean, quote: string): void {
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        const inside = !quoted || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inside && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'" && quote === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private quoted(text: string, allowBreaks: boolean, quote: "'" | '"'): void {
    this.indicator(quote, true, false, false);
    if (quote === "'") this.folded(text, allowBreaks, true, "'");
    else this.doubleQuoted(text, allowBreaks);
    this.indicator(quote, false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(text: string, allowBreaks: boolean): void {
    const chars = [...text];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (!isPrintable(c) || c === '\uFEFF' || isBreak(c) || c === '"' || c === '\\') {
        this.put(`\\${escapeChar(c)}`);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
  }

  private literal(text: string): void {
    this.indicator('|', true, false, false);
    if (text.startsWith(' ') || isBreak(text[0] ?? '')) this.indicator(String(BEST_INDENT), false, false, false);
    const chars = [...text];
    const last = chars.length - 1;
    let chomp = '';
    if (chars.length === 0 || !isBreak(chars[last]!)) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1]!)) chomp = '+';
    if (chomp) this.indicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** go-yaml v2's sorter.go: letters before digits, runs of digits by value ("a2" before "a10"). */
export function naturalLess(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an - bn;
    if (ai !== bi) return ai - bi;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}

const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
