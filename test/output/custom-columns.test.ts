// kubectl's custom-columns (kubectl/pkg/cmd/get/customcolumn.go, customcolumn_test.go) and its tab writer.
import t from 'tap';
import { columnsFromFile, columnsFromSpec, relaxedJsonPath, renderCustomColumns } from '../../src/output/custom-columns.js';
import { tabwrite } from '../../src/output/tabwriter.js';

t.test('relaxed paths, as TestMassageJSONPath has them', async (t) => {
  const cases: [string, string][] = [
    ['', ''],
    ['{}', ''],
    ['.metadata.name', '{.metadata.name}'],
    ['metadata.name', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{{foo}}', ''],
  ];
  for (const [input, expect] of cases) {
    if (input === '{}' || input === '{{foo}}') t.throws(() => relaxedJsonPath(input), { message: /unexpected path string/ }, input);
    else t.equal(relaxedJsonPath(input), expect, input);
  }
});

t.test('specs: HEADER:PATH by commas; the path may itself hold a colon', async (t) => {
  t.strictSame(columnsFromSpec('NAME:.metadata.name,SIGNER:spec.signerName'), [
    { header: 'NAME', fieldSpec: '{.metadata.name}' },
    { header: 'SIGNER', fieldSpec: '{.spec.signerName}' },
  ]);
  t.strictSame(columnsFromSpec('A:{.x[?(@.a=="b:c")]}'), [{ header: 'A', fieldSpec: '{.x[?(@.a=="b:c")]}' }]);
  t.throws(() => columnsFromSpec(''), { message: 'custom-columns format specified but no custom columns given' });
  t.throws(() => columnsFromSpec('NAME'), { message: 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>' });
});

t.test('a file: a line of headers, a line of paths', async (t) => {
  t.strictSame(columnsFromFile('NAME   SIGNER\n.metadata.name  {.spec.signerName}\n'), [
    { header: 'NAME', fieldSpec: '{.metadata.name}' },
    { header: 'SIGNER', fieldSpec: '{.spec.signerName}' },
  ]);
  t.throws(() => columnsFromFile(''), { message: /^invalid template, missing header line/ });
  t.throws(() => columnsFromFile('NAME\n'), { message: /^invalid template, missing spec line/ });
  t.throws(() => columnsFromFile('A B\n.a\n'), { message: "number of headers (2) and field specifications (1) don't match" });
});

t.test('rows: %v of each value, commas between, <none> when nothing', async (t) => {
  const objects = [
    { metadata: { name: 'a' }, spec: { usages: ['client auth', 'digital signature'], n: 600, extra: { k: ['v'] } } },
    { metadata: { name: 'a-longer-name' }, spec: {} },
  ];
  const columns = columnsFromSpec('N:.metadata.name,USAGES:.spec.usages[*],U:.spec.usages,X:.spec.extra,NUM:.spec.n');
  t.equal(
    renderCustomColumns(columns, objects, false),
    'N               USAGES                          U                                 X            NUM\n' +
      'a               client auth,digital signature   [client auth digital signature]   map[k:[v]]   600\n' +
      'a-longer-name   <none>                          <none>                            <none>       <none>\n',
  );
  t.equal(renderCustomColumns(columnsFromSpec('N:.metadata.name'), objects, true), 'a\na-longer-name\n', '--no-headers');
});

t.test("Go's tabwriter as kubectl sets it up: at least 6 wide, 3 of padding, runes not terminal columns", async (t) => {
  t.equal(tabwrite([['ID', 'X'], ['1', 'y']]), 'ID    X\n1     y\n');
  t.equal(tabwrite([['名前', 'x'], ['abcdefg', 'y']]), '名前        x\nabcdefg   y\n');
  t.equal(tabwrite([['a', '']]), 'a     \n', 'an empty last cell leaves the padding, as Go does');
});
