// -o json and -o yaml of API objects against what kubectl v1.36.3 printed for the same objects (the fixtures are its
// output: `kubectl get csr weird -o json|yaml --show-managed-fields`, and `kubectl get csr weird alice -o json|yaml`,
// whose List hides managedFields). "weird" carries annotations that exercise go-yaml's styles: long text folded at
// column 80, strings that would read back as numbers, bools, nulls or times, indicators, tabs, newlines, NEL, emoji,
// and labels whose keys sort in go-yaml's natural order ("a2" before "a10") and json's byte order ("10" before "9").
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatStructured } from '../../src/output/format.js';
import { makePrinter } from '../../src/output/printer.js';
import { naturalLess } from '../../src/output/kubectl-yaml.js';
import type { Io } from '../../src/io.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'kubectl-printers');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

t.test("one object: kubectl's JSONPrinter and YAMLPrinter, byte for byte", async (t) => {
  const weird = JSON.parse(read('weird.json'));
  t.equal(formatStructured(weird, 'json', true), read('weird.json'));
  t.equal(formatStructured(weird, 'yaml', true), read('weird.yaml'));
});

t.test('a List of named objects, in the order named, without managedFields unless asked', async (t) => {
  const raw = JSON.parse(read('two-raw.json')) as { items: { metadata: { name: string } }[] };
  t.ok(raw.items.some((i) => 'managedFields' in i.metadata), 'the fixture has managedFields to hide');
  for (const [format, expected] of [['json', read('two.json')], ['yaml', read('two.yaml')], ['json', read('two-raw.json')]] as const) {
    let out = '';
    const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true } } as unknown as Io;
    const show = expected.length === read('two-raw.json').length;
    const printer = makePrinter({ output: { format }, listing: true, named: 2, view: { kind: 'lines' }, apiObjects: { showManagedFields: show }, name: (o: { metadata: { name: string } }) => o.metadata.name, io });
    printer.print(raw.items);
    t.equal(out, expected, `${format}${show ? ' --show-managed-fields' : ''}`);
  }
});

t.test("go-yaml's key order", async (t) => {
  t.strictSame(['a10', 'b', 'a2', 'A', '10', '9', '1', 'a02', 'é', 'a'].sort(naturalLess), ['1', '9', '10', 'A', 'a', 'a2', 'a02', 'a10', 'b', 'é'], 'as the fixture: a2 before a02');
});
