// kubectl's table look, drawn by src/output/table.ts: columns three spaces apart, as wide as their widest cell in
// terminal columns, nothing after the last one.
import t from 'tap';
import { columnWidths, renderRows } from '../../src/output/table.js';

t.test('columns as wide as their widest cell, three spaces apart, no trailing spaces', async (t) => {
  t.equal(
    renderRows([['NAME', 'AGE', 'CONDITION'], ['jane', '2m', 'Pending'], ['a-much-longer-name', '10d', '']]),
    'NAME                 AGE   CONDITION\n' + 'jane                 2m    Pending\n' + 'a-much-longer-name   10d\n',
  );
});

t.test('wide characters count two columns, combining marks none', async (t) => {
  t.strictSame(columnWidths([['名前', 'e\u0301', 'ab']]), [4, 1, 2]);
  t.equal(renderRows([['名前', 'x'], ['ab', 'y']]), '名前   x\nab     y\n');
});

t.test('a cell with a line break spreads over lines, the other columns blank there', async (t) => {
  t.equal(renderRows([['one\ntwo', 'x', 'last']]), 'one   x     last\ntwo\n');
});

t.test('rows printed later line up with the table printed first (list --watch)', async (t) => {
  const first = [['NAME', 'AGE'], ['a-long-name', '1s']];
  const widths = columnWidths(first);
  t.equal(renderRows([['b', '5s']], widths), 'b             5s\n');
  t.equal(renderRows([['an-even-longer-name', '5s']], widths), 'an-even-longer-name   5s\n', 'a wider cell widens its column');
});

t.test('a column is at least 3 wide, as kubectl\'s tabwriter (minimum width 6, padding 3) draws it', async (t) => {
  // kubectl get csr --no-headers, seen on the test control plane: `lead-t1   1s    example.com/x   …`
  t.equal(renderRows([['lead-t1', '1s', 'example.com/x'], ['lead-t2', '9s', 'example.com/x']]), 'lead-t1   1s    example.com/x\nlead-t2   9s    example.com/x\n');
});

t.test('a table of printable ASCII is laid out as one with any cells would be', async (t) => {
  // 'é' is as wide as 'e' but not ASCII: the same table through the general layout, read back.
  const rows = [
    ['NAME', 'AGE', 'SIGNERNAME', 'CONDITION', 'SUBJECT'],
    ['a', '5s', 'example.com/e', '', 'CN=e  '],
    ['longer-name-e', '10d', 'x', 'Pending', ''],
    ['short'],
    [],
    ['', '', '', '', 'CN=last,O=e'],
  ];
  const general = (r: string[][]) => r.map((row) => row.map((cell) => cell.replaceAll('e', 'é')));
  for (const minWidths of [[], [20, 0, 0, 15], [1, 1, 1, 1, 1, 1, 1]]) {
    t.equal(renderRows(rows, minWidths), renderRows(general(rows), minWidths).replaceAll('é', 'e'), `minimum widths ${JSON.stringify(minWidths)}`);
  }
  t.equal(renderRows([['a b', 'c']]), 'a b   c\n');
});
