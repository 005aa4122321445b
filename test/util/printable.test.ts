import t from 'tap';
import { printable, printableDeep } from '../../src/util/printable.js';

t.test('control characters, C1 controls and bidirectional overrides are escaped; the rest is kept', async (t) => {
  t.equal(printable('jane\x1b]0;owned\x07\nCN=admin\r\t'), 'jane\\x1b]0;owned\\x07\\nCN=admin\\r\\t');
  t.equal(printable('a\x00b\x7fc\x9bd'), 'a\\x00b\\x7fc\\x9bd');
  t.equal(printable('dev\u202enimda \u2066x\u2069'), 'dev\\u202enimda \\u2066x\\u2069');
  t.equal(printable('Jürgen 山田 O=dev, "quoted" \\ back'), 'Jürgen 山田 O=dev, "quoted" \\ back');
});

t.test('printableDeep escapes every string of plain data and keeps its shape', async (t) => {
  const view = { name: 'a\nb', n: 3, ok: true, none: null, list: ['x\x1by', { deep: '\r' }] };
  t.strictSame(printableDeep(view), { name: 'a\\nb', n: 3, ok: true, none: null, list: ['x\\x1by', { deep: '\\r' }] });
  t.equal(view.name, 'a\nb', 'the original is not changed');
});
