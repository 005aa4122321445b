// The one name order: UTF-8 bytes, as Go sorts and the API server stores.
import t from 'tap';
import { compareBytes } from '../../src/util/compare-bytes.js';

t.test('ASCII and the BMP: the order of the code points', async (t) => {
  t.strictSame(['b', 'a-2', 'A', 'a', 'a-10', ''].sort(compareBytes), ['', 'A', 'a', 'a-10', 'a-2', 'b']);
  t.equal(compareBytes('x', 'x'), 0);
});

t.test('past U+FFFF: UTF-8 puts U+1F600 after U+FF5E, where UTF-16 code units would put it before', async (t) => {
  const emoji = '\u{1F600}';
  const fullwidth = '\uFF5E';
  t.ok(emoji < fullwidth, 'JavaScript alone orders them the other way');
  t.equal(compareBytes(emoji, fullwidth), 1);
  t.equal(compareBytes(fullwidth, emoji), -1);
  t.equal(Math.sign(compareBytes(`a${emoji}`, `a${fullwidth}`)), Math.sign(Buffer.compare(Buffer.from(`a${emoji}`), Buffer.from(`a${fullwidth}`))));
});
