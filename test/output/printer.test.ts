// The one printer: each -o format, for a listing (kubectl get) and for objects named on the command line (approve,
// request, inspect NAME), the table and its --watch rows, and the "resource/name verb" lines.
import t from 'tap';
import type { Io } from '../../src/io.js';
import { makePrinter, type PrinterSpec } from '../../src/output/printer.js';
import { parseOutputFormat } from '../../src/output/output-format.js';
import { templatePrinter } from '../../src/output/template-printer.js';
import { LIST_FORMATS } from '../../src/output/output-format.js';

interface Obj {
  metadata: { name: string };
  n: number;
}
const obj = (name: string, n = 1): Obj => ({ metadata: { name }, n });

function capture() {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: { write: (s: string) => ((out.stdout += s), true) },
    stderr: { write: (s: string) => ((out.stderr += s), true) },
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    env: {},
    cwd: '/',
  };
  return { out, io };
}

const TABLE: PrinterSpec<Obj>['view'] = { kind: 'table', head: ['NAME', 'N'], wideHead: ['MORE'], row: (o, _now, wide) => [o.metadata.name, String(o.n), ...(wide ? ['x'] : [])] };

function printer(o: string | undefined, extra: Partial<PrinterSpec<Obj>> = {}) {
  const { out, io } = capture();
  const output = o === undefined ? undefined : parseOutputFormat(o, LIST_FORMATS);
  const template = output && 'argument' in output ? templatePrinter(output, output.argument, extra.noHeaders ?? false) : undefined;
  const p = makePrinter<Obj>({ view: { kind: 'lines' }, name: (x) => x.metadata.name, resource: 'thing.example.com', output, template, io, ...extra });
  return { p, out, io };
}

t.test('named objects: one prints as itself, several as a List; no -o prints nothing but the lines', async (t) => {
  const one = printer('json');
  one.p.print([obj('a')]);
  t.equal(one.out.stdout, JSON.stringify(obj('a'), null, 2) + '\n');
  const two = printer('yaml');
  two.p.print([obj('b'), obj('a')]);
  t.equal(two.out.stdout, "apiVersion: v1\nkind: List\nitems:\n  - metadata:\n      name: b\n    'n': 1\n  - metadata:\n      name: a\n    'n': 1\nmetadata:\n  resourceVersion: ''\n", 'in the order given');
  const lines = printer(undefined);
  lines.p.done('a', 'approved');
  lines.p.print([obj('a')]);
  t.equal(lines.out.stdout, 'thing.example.com/a approved\n');
  t.equal(lines.p.notes, lines.io.stdout, 'notes go to stdout when the output is for people');
  const json = printer('json');
  json.p.done('a', 'approved');
  t.equal(json.out.stdout, '', 'with -o, the objects are the output, not the lines');
  t.equal(json.p.notes, json.io.stderr);
  const names = printer('name');
  names.p.print([obj('b'), obj('a')]);
  t.equal(names.out.stdout, 'thing.example.com/b\nthing.example.com/a\n');
  const jsonpath = printer('jsonpath={.n}');
  jsonpath.p.print([obj('a', 1), obj('b', 2)]);
  t.equal(jsonpath.out.stdout, '12', 'a template on each named object');
});

t.test('a listing: a List even of one, by name byte by byte, then --sort-by', async (t) => {
  const one = printer('json', { listing: true });
  one.p.print([obj('a')]);
  t.match(JSON.parse(one.out.stdout), { apiVersion: 'v1', kind: 'List', items: [obj('a')], metadata: { resourceVersion: '' } });
  const sorted = printer('name', { listing: true });
  t.equal(sorted.p.keeps, 'name');
  sorted.p.print([obj('b'), obj('B'), obj('a')]);
  t.equal(sorted.out.stdout, 'thing.example.com/B\nthing.example.com/a\nthing.example.com/b\n');
  const by = printer('name', { listing: true, sortBy: '.n' });
  t.equal(by.p.keeps, 'object');
  by.p.print([obj('a', 3), obj('b', 1), obj('c', 2)]);
  t.equal(by.out.stdout, 'thing.example.com/b\nthing.example.com/c\nthing.example.com/a\n');
  const jsonpath = printer('jsonpath={range .items[*]}{.n}{end}', { listing: true });
  jsonpath.p.print([obj('b', 2), obj('a', 1)]);
  t.equal(jsonpath.out.stdout, '12', 'a template sees one List');
});

t.test('the table: rows kept, not objects; no headers; nothing found; wide; watch rows line up', async (t) => {
  const table = printer(undefined, { listing: true, view: TABLE, watching: true });
  t.equal(table.p.keeps, 'row');
  const c = table.p.collect(new Date(0));
  c.add(obj('long-name', 1));
  c.end();
  table.p.change(obj('b', 22), new Date(0));
  t.equal(table.out.stdout, 'NAME        N\nlong-name   1\nb           22\n');
  const empty = printer(undefined, { listing: true, view: TABLE });
  empty.p.print([]);
  t.strictSame(empty.out, { stdout: '', stderr: 'No resources found\n' });
  const bare = printer('wide', { listing: true, view: TABLE, noHeaders: true });
  bare.p.print([obj('a')]);
  t.equal(bare.out.stdout, 'a     1     x\n', "kubectl's minimum column width of 3");
  const columns = printer('custom-columns=N:.n', { listing: true, view: TABLE, watching: true });
  columns.p.print([obj('a', 5)]);
  columns.p.change(obj('b', 6), new Date(0));
  t.equal(columns.out.stdout, 'N\n5\n6\n', 'watched rows of custom columns come without the header');
  const json = printer('json', { listing: true, watching: true });
  json.p.print([obj('a')]);
  json.p.change(obj('b'), new Date(0));
  t.equal(json.out.stdout, JSON.stringify(obj('a'), null, 2) + '\n' + JSON.stringify(obj('b'), null, 2) + '\n', 'under --watch each object as itself');
});

t.test('text views and the views List', async (t) => {
  const { out, io } = capture();
  const text = makePrinter<Obj>({ io, view: { kind: 'text', render: (objects) => objects.map((o) => `${o.metadata.name}!\n`).join('') } });
  text.print([obj('a'), obj('b')]);
  t.equal(out.stdout, 'a!\nb!\n');
  const views = capture();
  makePrinter<Obj>({ io: views.io, view: { kind: 'lines' }, output: { format: 'json' }, list: 'views' }).print([obj('a'), obj('b')]);
  t.strictSame(JSON.parse(views.out.stdout), { kind: 'List', items: [obj('a'), obj('b')] });
});

t.test('go-template and jsonpath-as-json: a listing sees one List, named objects each themselves, watched ones too', async (t) => {
  const listed = printer('go-template={{range .items}}{{.metadata.name}}={{.n}};{{end}}{{.kind}}', { listing: true });
  listed.p.print([obj('b', 2), obj('a', 1)]);
  t.equal(listed.out.stdout, 'a=1;b=2;List');
  const named = printer('template={{.metadata.name}} ', {});
  named.p.print([obj('b'), obj('a')]);
  t.equal(named.out.stdout, 'b a ', 'template= is go-template, per object named');
  const watched = printer('go-template={{.n}}|', { listing: true, watching: true });
  watched.p.print([obj('a', 1)]);
  watched.p.change(obj('a', 2), new Date(0));
  t.equal(watched.out.stdout, '1|2|');
  const asJson = printer('jsonpath-as-json={.items[*].metadata.name}', { listing: true });
  asJson.p.print([obj('b'), obj('a')]);
  t.equal(asJson.out.stdout, '[\n    "a",\n    "b"\n]\n', "client-go's EnableJSONOutput: json.MarshalIndent of the results");
  const nested = printer('jsonpath-as-json={.items[0]}', { listing: true });
  nested.p.print([obj('<a>', 3)]);
  t.equal(nested.out.stdout, '[\n    {\n        "metadata": {\n            "name": "\\u003ca\\u003e"\n        },\n        "n": 3\n    }\n]\n');
  const failing = printer('go-template={{.metadata.name.x}}', {});
  t.throws(() => failing.p.print([obj('a')]), { message: 'error executing template "{{.metadata.name.x}}": template: output:1:11: executing "output" at <.metadata.name.x>: can\'t evaluate field x in type interface {}' });
  t.throws(() => printer('go-template={{.x}'), { message: "error parsing template {{.x}, template: output:1: bad character U+007D '}'", exitCode: 2 });
});
