// The parse tree of a Go template (src/text/template/parse/node.go): what the parser builds and the executor walks,
// with each node's String() as Go prints it in "executing … at <NODE>" errors.

export type Arg =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'variable'; pos: number; ident: string[] }
  | { type: 'chain'; pos: number; node: Arg; field: string[] }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; int?: number; float?: number; isInt: boolean; isFloat: boolean }
  | { type: 'string'; pos: number; quoted: string; text: string }
  | Pipe;

export interface Command {
  type: 'command';
  pos: number;
  args: Arg[];
}

export interface Pipe {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: { pos: number; name: string }[];
  cmds: Command[];
}

export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'comment'; pos: number }
  | ListNode;

export interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: ListNode;
  elseList?: ListNode;
}

export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}

/** node.String(), as in Go's error context. */
export function nodeString(n: Arg | Command): string {
  switch (n.type) {
    case 'field':
      return n.ident.map((i) => `.${i}`).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.field.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.map((d) => d.name).join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
  }
}
