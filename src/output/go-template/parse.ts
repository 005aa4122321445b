// The parser of Go's text/template (src/text/template/parse/parse.go), ported for what kubectl users write: actions,
// pipelines, variables, if/else if/else, with/else with, range/else, break/continue, comments and parenthesised
// pipelines, with Go's parse errors ("template: output:1: function \"x\" not defined"). {{define}}, {{template}} and
// {{block}} are refused in words of our own: kubectl's one template has no other template to call.
import { lex } from './lex.js';
import { goQuote, itemText, type Item, type ItemType } from './items.js';
import type { Arg, Command, ListNode, Node, Pipe } from './nodes.js';
import { GoTemplateError } from './errors.js';
import { parseGoInt, unquoteGo } from './literals.js';

/** Functions known at parse time: Go's builtins and kubectl's (cli-runtime printers/template.go). */
export const FUNCTION_NAMES = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'exists', 'base64decode',
]);

type End = { type: 'end' | 'else'; pos: number; line: number; elseOf?: 'if' | 'with' };

/** Parses `text` as the template named `name` (kubectl's is "output"). */
export function parseGoTemplate(text: string, name = 'output'): ListNode {
  return new Parser(lex(text), name).parse();
}

class Parser {
  private at = 0;
  /** Line of the last token read: Go's t.token[0].line, which parse errors name. */
  private line = 1;
  private actionLine = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly items: Item[],
    private readonly name: string,
  ) {}

  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if (isEnd(n)) this.errorf(`unexpected ${endText(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private errorf(message: string): never {
    throw new GoTemplateError(`template: ${this.name}:${this.line}: ${message}`);
  }

  private next(): Item {
    const item = this.items[this.at] ?? this.items[this.items.length - 1]!;
    if (this.at < this.items.length) this.at++;
    this.line = item.line;
    return item;
  }

  private backup(n = 1): void {
    this.at -= n;
  }

  private peek(): Item {
    return this.items[this.at] ?? this.items[this.items.length - 1]!;
  }

  private nextNonSpace(): Item {
    let item: Item;
    do item = this.next();
    while (item.type === 'space');
    return item;
  }

  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${token.val}${extra}`);
    }
    this.errorf(`unexpected ${itemText(token)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  private itemList(): { list: ListNode; end: End } {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isEnd(n)) return { list, end: n };
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | End {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.val };
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | End {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
      case 'define':
      case 'template':
        this.errorf(`{{${token.val}}} is not supported: kubectl csr runs one template`);
      // falls through (errorf throws)
      case 'break':
      case 'continue':
        if (this.nextNonSpace().type !== 'rightDelim') this.unexpected(this.items[this.at - 1]!, `{{${token.val}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${token.val}}} outside {{range}}`);
        return { type: token.type, pos: token.pos };
      case 'else': {
        const peek = this.peekNonSpace();
        if (peek.type === 'if' || peek.type === 'with') return { type: 'else', pos: peek.pos, line: peek.line, elseOf: peek.type };
        const t = this.expect('rightDelim', 'else');
        return { type: 'else', pos: t.pos, line: t.line };
      }
      case 'end': {
        const t = this.expect('rightDelim', 'end');
        return { type: 'end', pos: t.pos, line: t.line };
      }
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.type);
    }
    this.backup();
    const pipe = this.pipeline('command', 'rightDelim');
    return { type: 'action', pos: pipe.pos, pipe };
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    const vars = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const first = this.itemList();
      const list = first.list;
      let end = first.end;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (end.type === 'else') {
        if (end.elseOf && end.elseOf === context) {
          this.next();
          elseList = { type: 'list', pos: end.pos, nodes: [this.control(context)] };
        } else {
          ({ list: elseList, end } = this.itemList());
          if (end.type !== 'end') this.errorf(`expected end; found ${endText(end)}`);
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = vars;
    }
  }

  private pipeline(context: string, end: ItemType): Pipe {
    const token = this.peekNonSpace();
    const pipe: Pipe = { type: 'pipe', pos: token.pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.next();
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
        break;
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.type === 'space') {
        this.backup(2);
      } else {
        this.backup();
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0]!.type)) this.errorf(`non executable command in pipeline stage ${i + 2}`);
        });
        return pipe;
      }
      switch (token.type) {
        case 'bool': case 'charConstant': case 'dot': case 'field': case 'identifier': case 'number': case 'nil':
        case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private command(): Command {
    const cmd: Command = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Arg | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const field: string[] = [];
    while (this.peek().type === 'field') field.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...field] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...field] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.errorf(`unexpected . after term ${goQuote(node.type === 'string' ? node.quoted : String(node.type === 'bool' ? node.value : node.type === 'number' ? node.text : node.type === 'nil' ? 'nil' : '.'))}`);
      // falls through (errorf throws)
      default:
        return { type: 'chain', pos, node, field };
    }
  }

  private term(): Arg | null {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!FUNCTION_NAMES.has(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { type: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable': {
        const ident = token.val.split('.');
        if (!this.vars.includes(ident[0]!)) this.errorf(`undefined variable ${goQuote(ident[0]!)}`);
        return { type: 'variable', pos: token.pos, ident };
      }
      case 'field':
        return { type: 'field', pos: token.pos, ident: [token.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'number':
        return this.number(token);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private number(token: Item): Arg {
    const text = token.val;
    if (token.type === 'charConstant') {
      const rune = this.unquote(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`).codePointAt(0) ?? 0;
      return { type: 'number', pos: token.pos, text, int: rune, float: rune, isInt: true, isFloat: true };
    }
    const clean = text.replace(/_/g, '');
    if (/i$/.test(clean)) this.errorf(`complex numbers are not supported: ${goQuote(text)}`);
    const int = parseGoInt(clean);
    if (int !== undefined) return { type: 'number', pos: token.pos, text, int, float: int, isInt: true, isFloat: true };
    const f = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean) ? Number(clean) : NaN;
    if (Number.isNaN(f)) this.errorf(`illegal number syntax: ${goQuote(text)}`);
    if (!/[.eEpP]/.test(clean)) this.errorf(`integer overflow: ${goQuote(text)}`);
    const whole = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
    return { type: 'number', pos: token.pos, text, float: f, ...(whole ? { int: f } : {}), isInt: whole, isFloat: true };
  }

  /** strconv.Unquote of a "…" or `…` literal. */
  private unquote(quoted: string): string {
    if (quoted.startsWith('`')) return quoted.slice(1, -1).replace(/\r/g, '');
    try {
      return unquoteGo(quoted.slice(1, -1));
    } catch {
      this.errorf('invalid syntax');
    }
  }
}

function isEnd(n: Node | End): n is End {
  return n.type === 'end' || n.type === 'else';
}

function endText(n: End): string {
  return n.type === 'end' ? '{{end}}' : '{{else}}';
}
