// The executor of Go's text/template (src/text/template/exec.go) over the values kubectl hands a template, with
// missingkey=default (kubectl's --allow-missing-template-keys=true): a missing key prints "<no value>", a field of
// JSON null is "nil pointer evaluating interface {}.x", and the errors carry Go's "template: output:L:C: executing
// "output" at <node>: …" with the same line, column and node text.
import { GoTemplateError } from './errors.js';
import { callFunction, type ParamKind } from './funcs.js';
import { formatV } from './fmt.js';
import { nodeString, type Arg, type Command, type ControlNode, type ListNode, type Node, type Pipe } from './nodes.js';
import { GoNumber, isMap, kindOf, sortedKeys, truth, typeName, type GoValue } from './values.js';

/**
 * A value with what Go knows of its static type: `boxed` when it came out of a map or a slice (an interface{}), which
 * is what "can't evaluate field x in type interface {}" names; a pipeline's result is unboxed.
 */
interface Ref {
  v: GoValue;
  boxed: boolean;
}

/** {{break}} and {{continue}} unwind to their range, as Go's walkBreak and walkContinue panics do. */
class LoopControl extends Error {}
const BREAK = new LoopControl('break');
const CONTINUE = new LoopControl('continue');
/** fmt's word for nothing. */
const NO_VALUE = '<no value>';

export function executeGoTemplate(root: ListNode, text: string, data: GoValue, name = 'output'): string {
  return new State(text, name, data).run(root);
}

class State {
  private out: string[] = [];
  private vars: { name: string; value: Ref }[];
  private node: { pos: number; text: string } | undefined;

  constructor(
    private readonly text: string,
    private readonly name: string,
    data: GoValue,
  ) {
    this.vars = [{ name: '$', value: { v: data, boxed: false } }];
  }

  run(root: ListNode): string {
    this.walk({ v: this.vars[0]!.value.v, boxed: false }, root);
    return this.out.join('');
  }

  /** Go's s.at(node): the node that an error names. */
  private at(node: Arg | Command, text?: string): void {
    this.node = { pos: node.pos, text: text ?? nodeString(node) };
  }

  errorf(message: string): never {
    if (!this.node) throw new GoTemplateError(`template: ${this.name}: ${message}`);
    const before = this.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const column = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1));
    throw new GoTemplateError(`template: ${this.name}:${line}:${column}: executing "${this.name}" at <${this.node.text}>: ${message}`);
  }

  private walk(dot: Ref, node: Node): void {
    switch (node.type) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node.pipe, nodeString(node.pipe));
          this.out.push(value === undefined ? NO_VALUE : formatV(value));
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (truth(value)) this.walk(node.type === 'with' ? { v: value, boxed: false } : dot, node.list);
        else if (node.elseList) this.walk(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(dot, node);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
    }
  }

  private walkRange(dot: Ref, node: ControlNode): void {
    const outer = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    const mark = this.vars.length;
    const decl = node.pipe.decl;
    const one = (index: Ref, elem: Ref): boolean => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) this.setVar(decl[0]!.name, decl.length > 1 ? index : elem);
        else this.vars[this.vars.length - 1]!.value = elem;
      }
      if (decl.length > 1) {
        if (node.pipe.isAssign) this.setVar(decl[1]!.name, elem);
        else this.vars[this.vars.length - 2]!.value = index;
      }
      try {
        this.walk(elem, node.list);
      } catch (e) {
        if (e === BREAK) return false;
        if (e !== CONTINUE) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let ran = false;
    const kind = kindOf(value);
    if (kind === 'slice') {
      const items = value as GoValue[];
      for (let i = 0; i < items.length; i++) {
        ran = true;
        if (!one({ v: new GoNumber(i, 'int'), boxed: false }, { v: items[i], boxed: true })) break;
      }
    } else if (kind === 'map') {
      const m = value as Record<string, GoValue>;
      for (const k of sortedKeys(m)) {
        ran = true;
        if (!one({ v: k, boxed: false }, { v: m[k], boxed: true })) break;
      }
    } else if (kind === 'int' || kind === 'uint') {
      // Go 1.22: range over an integer counts from 0.
      if (decl.length > 1) this.errorf(`can't use ${formatV(value)} to iterate over more than one variable`);
      const n = value instanceof GoNumber ? value.value : (value as number);
      const make = (i: number): GoValue => (value instanceof GoNumber ? new GoNumber(i, value.type) : i);
      for (let i = 0; i < n; i++) {
        ran = true;
        if (!one({ v: undefined, boxed: false }, { v: make(i), boxed: false })) break;
      }
    } else if (kind !== 'invalid' && kind !== 'nil') {
      this.errorf(`range can't iterate over ${formatV(value)}`);
    }
    if (!ran && node.elseList) this.walk(dot, node.elseList);
    this.vars.length = outer;
  }

  private setVar(name: string, value: Ref): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  /** The pipeline's value, unboxed: a JSON null is then nothing at all, as reflect's Elem of a nil interface is. */
  evalPipeline(dot: Ref, pipe: Pipe): GoValue {
    this.at(pipe, nodeString(pipe));
    let value: GoValue | typeof MISSING = MISSING;
    for (const cmd of pipe.cmds) {
      const result = this.evalCommand(dot, cmd, value);
      value = result === null ? undefined : result;
    }
    const v = value === MISSING ? undefined : value;
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.name, { v, boxed: false });
      else this.vars.push({ name: d.name, value: { v, boxed: false } });
    }
    return v;
  }

  private evalCommand(dot: Ref, cmd: Command, final: GoValue | typeof MISSING): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, first.ident, first, cmd.args, final);
      case 'chain': {
        this.at(first);
        const base = this.evalArg(dot, 'raw', first.node);
        return this.evalFieldChain({ v: base, boxed: false }, first.field, first, cmd.args, final);
      }
      case 'identifier':
        this.at(first);
        return this.call(dot, first.name, cmd, cmd.args.slice(1), final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot.v;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (errorf throws)
      case 'number':
        return this.constant(first);
      case 'string':
        return first.text;
    }
  }

  private notAFunction(args: Arg[], final: GoValue | typeof MISSING): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  constant(n: Extract<Arg, { type: 'number' }>): GoValue {
    this.at(n);
    const isChar = n.text.startsWith("'");
    const isHex = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isChar && !isHex && /[.eEpP]/.test(n.text)) return new GoNumber(n.float!, 'float64');
    if (n.isInt) return new GoNumber(n.int!, 'int');
    this.errorf(`${n.text} overflows int`);
  }

  private evalVariable(v: Extract<Arg, { type: 'variable' }>, args: Arg[], final: GoValue | typeof MISSING): GoValue {
    this.at(v);
    const ref = this.variable(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return ref.v;
    }
    return this.evalFieldChain(ref, v.ident.slice(1), v, args, final);
  }

  private variable(name: string): Ref {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  private evalFieldChain(receiver: Ref, ident: string[], node: Arg, args: Arg[], final: GoValue | typeof MISSING): GoValue {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = { v: this.evalField(ident[i]!, [], MISSING, r), boxed: true };
    return this.evalField(ident[ident.length - 1]!, args, final, r);
  }

  private evalField(name: string, args: Arg[], final: GoValue | typeof MISSING, receiver: Ref): GoValue {
    const { v } = receiver;
    if (v === undefined) return undefined;
    const type = receiver.boxed ? 'interface {}' : typeName(v);
    if (v === null) this.errorf(`nil pointer evaluating ${type}.${name}`);
    if (isMap(v)) {
      if (args.length > 1 || final !== MISSING) this.errorf(`${name} is not a method but has arguments`);
      return Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
    }
    this.errorf(`can't evaluate field ${name} in type ${type}`);
  }

  /** An argument as a function's parameter of this kind receives it (Go's evalArg and validateType). */
  evalArg(dot: Ref, kind: ParamKind | 'raw', n: Arg): GoValue {
    this.at(n);
    let value: GoValue;
    switch (n.type) {
      case 'dot':
        value = dot.v;
        break;
      case 'nil':
        if (kind === 'string') this.errorf('cannot assign nil to string');
        return kind === 'value' ? undefined : null;
      case 'field':
        value = this.evalFieldChain(dot, n.ident, n, [n], MISSING);
        break;
      case 'variable':
        value = this.evalVariable(n, [], MISSING);
        break;
      case 'pipe':
        value = this.evalPipeline(dot, n);
        break;
      case 'identifier':
        value = this.call(dot, n.name, n, [], MISSING);
        break;
      case 'chain': {
        const base = this.evalArg(dot, 'raw', n.node);
        value = this.evalFieldChain({ v: base, boxed: false }, n.field, n, [], MISSING);
        break;
      }
      default:
        if (kind === 'string') {
          if (n.type === 'string') return n.text;
          this.errorf(`expected string; found ${nodeString(n)}`);
        }
        return n.type === 'number' ? this.constant(n) : n.type === 'string' ? n.text : n.value;
    }
    return this.validateType(value, kind);
  }

  validateType(value: GoValue, kind: ParamKind | 'raw'): GoValue {
    if (kind === 'raw' || kind === 'value') return value;
    if (value === undefined) {
      if (kind === 'any') return null;
      this.errorf(`invalid value; expected ${kind}`);
    }
    if (kind === 'string' && typeof value !== 'string') this.errorf(`wrong type for value; expected string; got ${typeName(value)}`);
    return value;
  }

  private call(dot: Ref, name: string, node: Arg | Command, args: Arg[], final: GoValue | typeof MISSING): GoValue {
    return callFunction(this, { dot, name, node, args, final: final === MISSING ? { missing: true } : { missing: false, value: final } });
  }

  /** For funcs.ts: evaluates one argument; and the error position of the whole call. */
  arg(dot: unknown, kind: ParamKind, n: Arg): GoValue {
    return this.evalArg(dot as Ref, kind, n);
  }

  atCall(node: Arg | Command): void {
    this.at(node);
  }
}

const MISSING = Symbol('missing');
