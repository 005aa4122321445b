// client-go's parser_test.go, ported: the node lists client-go builds, and its parse errors word for word.
import t from 'tap';
import { parseTemplate, unquote, type Node } from '../../../src/output/jsonpath/parse.js';

/** client-go's collectNode: the tree, flattened depth first, without the root. */
function collect(node: Node, out: string[] = []): string[] {
  switch (node.type) {
    case 'list':
      out.push('list');
      node.nodes.forEach((n) => collect(n, out));
      break;
    case 'filter':
      out.push(`filter ${node.operator}`);
      collect(node.left, out);
      collect(node.right, out);
      break;
    case 'union':
      out.push('union');
      node.nodes.forEach((n) => collect(n, out));
      break;
    case 'text':
      out.push(`text ${JSON.stringify(node.text)}`);
      break;
    case 'field':
      out.push(`field ${node.name}`);
      break;
    case 'array':
      out.push(`array ${node.params.map((p) => `${p.value},${p.known},${p.derived}`).join(' ')}`);
      break;
    case 'int':
    case 'float':
    case 'bool':
      out.push(`${node.type} ${node.value}`);
      break;
    case 'identifier':
      out.push(`identifier ${node.name}`);
      break;
    default:
      out.push(node.type);
  }
  return out;
}

const nodes = (text: string) => collect(parseTemplate(text)).slice(1);
const array = (...p: [number, boolean, boolean][]) => `array ${p.map(([v, k, d]) => `${v},${k},${d}`).join(' ')}`;
const NONE: [number, boolean, boolean] = [0, false, false];

t.test('TestParser', async (t) => {
  const cases: [string, string, string[]][] = [
    ['plain', 'hello jsonpath', ['text "hello jsonpath"']],
    ['variable', 'hello {.jsonpath}', ['text "hello "', 'list', 'field jsonpath']],
    ['arrayfiled', "hello {['jsonpath']}", ['text "hello "', 'list', 'field jsonpath']],
    ['quote', '{"{"}', ['list', 'text "{"']],
    ['array', '{[1:3]}', ['list', array([1, true, false], [3, true, false], NONE)]],
    ['allarray', '{.book[*].author}', ['list', 'field book', array(NONE, NONE, NONE), 'field author']],
    ['wildcard', '{.bicycle.*}', ['list', 'field bicycle', 'wildcard']],
    ['filter', '{[?(@.price<3)]}', ['list', 'filter <', 'list', 'field price', 'list', 'int 3']],
    ['recursive', '{..}', ['list', 'recursive']],
    ['recurField', '{..price}', ['list', 'recursive', 'field price']],
    ['arraydict', "{['book.price']}", ['list', 'field book', 'field price']],
    ['union', "{['bicycle.price', 3, 'book.price']}", ['list', 'union', 'list', 'field bicycle', 'field price', 'list', array([3, true, false], [4, true, true], NONE), 'list', 'field book', 'field price']],
    ['range', '{range .items}{.name},{end}', ['list', 'identifier range', 'field items', 'list', 'field name', 'text ","', 'list', 'identifier end']],
    ['paired parentheses in quotes', '{[?(@.status.nodeInfo.osImage == "()")]}', ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', 'text "()"']],
    ['paired parentheses in double quotes and with double quotes escape', '{[?(@.status.nodeInfo.osImage == "(\\"\\")")]}', ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', 'text "(\\"\\")"']],
    ['unregular parentheses in double quotes', '{[?(@.test == "())(")]}', ['list', 'filter ==', 'list', 'field test', 'list', 'text "())("']],
    ['plain text in single quotes', "{[?(@.status.nodeInfo.osImage == 'Linux')]}", ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', 'text "Linux"']],
    ['test filter suffix', '{[?(@.status.nodeInfo.osImage == "{[()]}")]}', ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', 'text "{[()]}"']],
    ['double inside single', `{[?(@.status.nodeInfo.osImage == "''")]}`, ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', `text "''"`]],
    ['single inside double', `{[?(@.status.nodeInfo.osImage == '""')]}`, ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', 'text "\\"\\""']],
    ['single containing escaped single', "{[?(@.status.nodeInfo.osImage == '\\\\\\'')]}", ['list', 'filter ==', 'list', 'field status', 'field nodeInfo', 'field osImage', 'list', `text "\\\\'"`]],
    ['negative index slice, equals a[len-5] to a[len-1]', '{[-5:]}', ['list', array([-5, true, false], NONE, NONE)]],
    ['negative index slice, equals a[len-1]', '{[-1]}', ['list', array([-1, true, false], [0, true, true], NONE)]],
    ['negative index slice, equals a[1] to a[len-1]', '{[1:-1]}', ['list', array([1, true, false], [-1, true, false], NONE)]],
  ];
  for (const [name, text, expect] of cases) t.strictSame(nodes(text), expect, name);
  t.throws(() => parseTemplate('{\\\\\\}'), 'malformat input');
});

t.test('TestFailParser', async (t) => {
  const cases: [string, string, string][] = [
    ['unclosed action', '{.hello', 'unclosed action'],
    ['unrecognized character', '{*}', "unrecognized character in action: U+002A '*'"],
    ['invalid number', '{+12.3.0}', 'cannot parse number +12.3.0'],
    ['unterminated array', '{[1}', 'unterminated array'],
    ['unterminated filter', '{[?(.price]}', 'unterminated filter'],
    ['invalid multiple recursive descent', '{........}', 'invalid multiple recursive descent'],
    // beyond client-go's table, the other messages of parser.go
    ['unterminated quoted string', '{"abc}', 'unterminated quoted string'],
    ['invalid array index', '{[a]}', 'invalid array index a'],
    ['unclosed filter', '{[?(@.a)x}', 'unclosed array expect ]'],
    ['bad escape', '{"\\q"}', 'unquote string "\\q" error invalid syntax'],
  ];
  for (const [name, text, message] of cases) t.throws(() => parseTemplate(text), { message }, name);
});

t.test('quoted literals unquote as Go strconv does, single quotes too', async (t) => {
  t.equal(unquote('"\\n"'), '\n');
  t.equal(unquote("'a\\'b'"), "a'b");
  t.equal(unquote('"\\u00e9\\x41\\101"'), 'éAA');
  t.equal(unquote(`"a\\'"`), undefined, "\\' is only for single quotes");
  t.equal(unquote('"a'), undefined);
});
