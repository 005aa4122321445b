// Go's sort.Sort, as kubectl's --sort-by runs it: the permutations Go itself produced (go-sort-reference/main.go),
// for sizes on both sides of the insertion-sort cut-off (12), the ninther (50) and pattern breaking, with many equal
// keys and with missing ones, which kubectl's Less calls smaller than everything, each other included.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { goSort } from '../../src/output/go-sort.js';

const reference = JSON.parse(readFileSync(new URL('./go-sort-reference/go-sort.json', import.meta.url), 'utf8')) as { cases: number[][]; perms: number[][] };

t.test('the same permutation as Go, for every reference case', async (t) => {
  t.ok(reference.cases.length > 50);
  reference.cases.forEach((keys, c) => {
    const items = keys.map((k, i) => ({ k, i }));
    goSort(items.length, {
      less: (i, j) => (items[i]!.k < 0 ? true : items[j]!.k < 0 ? false : items[i]!.k < items[j]!.k),
      swap: (i, j) => ([items[i], items[j]] = [items[j]!, items[i]!]),
    });
    t.strictSame(items.map((x) => x.i), reference.perms[c], `case ${c}: ${keys.length} keys`);
  });
});
