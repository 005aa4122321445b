// kubectl's --sort-by (kubectl/pkg/cmd/get/sorter.go and sorter_test.go).
import t from 'tap';
import { sortObjects } from '../../src/output/sort-by.js';

const names = (objects: { metadata: { name: string } }[]) => objects.map((o) => o.metadata.name);

t.test('strings, numbers, quantities; objects without the field first, in reverse (Go insertion sort)', async (t) => {
  const objects = [
    { metadata: { name: 'c' }, spec: { n: 3, q: '1Gi', s: 'csr-10' } },
    { metadata: { name: 'x1' }, spec: {} },
    { metadata: { name: 'a' }, spec: { n: 1, q: '512Mi', s: 'csr-2' } },
    { metadata: { name: 'x2' }, spec: {} },
    { metadata: { name: 'b' }, spec: { n: 2, q: '2G', s: 'csr-1' } },
  ];
  t.strictSame(names(sortObjects(objects, '.spec.n')), ['x2', 'x1', 'a', 'b', 'c']);
  t.strictSame(names(sortObjects(objects, '{.spec.q}')), ['x2', 'x1', 'a', 'c', 'b']);
  t.strictSame(names(sortObjects(objects, 'spec.s')), ['x2', 'x1', 'b', 'c', 'a'], 'strings byte by byte, as kubectl 1.36 compares them');
  t.strictSame(names(sortObjects(objects, '.metadata.name')), ['a', 'b', 'c', 'x1', 'x2']);
});

t.test('equal keys keep their order up to 12 objects, as insertion sort does', async (t) => {
  const objects = ['d', 'a', 'c', 'b'].map((name) => ({ metadata: { name }, spec: { signerName: 'same' } }));
  t.strictSame(names(sortObjects(objects, '.spec.signerName')), ['d', 'a', 'c', 'b']);
});

t.test("kubectl's errors", async (t) => {
  const objects = [{ metadata: { name: 'a' } }];
  t.throws(() => sortObjects(objects, '.spec.nothing'), { message: 'couldn\'t find any field with path "{.spec.nothing}" in the list of objects' });
  t.throws(() => sortObjects(objects, '{{'), { message: /^unexpected path string/ });
  t.throws(() => sortObjects([{ a: true }, { a: false }], '.a'), { message: /unsortable type: bool/ });
  t.strictSame(sortObjects([], '.x'), [], 'nothing to sort: no error');
});
