// client-go's own specification of the dialect, ported: k8s.io/client-go/util/jsonpath/jsonpath_test.go. Go structs
// there become JSON maps here (what kubectl evaluates: unstructured objects), so where a Go test printed struct
// fields in declaration order, the expectation here has the map's keys sorted, as json.Marshal and kubectl print
// them; each such case says so. Map iteration (`*`, `..`) is in key order here, random in Go.
import t, { type Test } from 'tap';
import { JsonPath } from '../../../src/output/jsonpath/evaluate.js';

interface Case {
  name: string;
  template: string;
  input: unknown;
  expect: string;
  expectError?: boolean;
}

function check(t: Test, cases: Case[], allowMissingKeys: boolean) {
  for (const c of cases) {
    let out: string | undefined;
    let error: unknown;
    try {
      out = JsonPath.parse(c.template, { allowMissingKeys }).execute(c.input);
    } catch (err) {
      error = err;
    }
    if (c.expectError) t.ok(error, `${c.name}: ${c.template} fails`);
    else if (!t.equal(out, c.expect, `${c.name}: ${c.template}`) && error instanceof Error) t.comment(error.message);
  }
}

function checkErrors(t: Test, cases: Case[]) {
  for (const c of cases) {
    let message = 'nil';
    try {
      JsonPath.parse(c.template, { allowMissingKeys: false }).execute(c.input);
    } catch (err) {
      message = (err as Error).message;
    }
    t.equal(message, c.expect, `${c.name}: ${c.template}`);
  }
}

t.test('TestTypesInput', async (t) => {
  const types = {
    bools: [true, false, true, false],
    integers: [1, 2, 3, 4],
    floats: [1.0, 2.2, 3.3, 4.0],
    strings: ['one', 'two', 'three', 'four'],
    interfaces: [true, 'one', 1, 1.1],
    maps: [
      { name: 'one', value: 1 },
      { name: 'two', value: 2.02 },
      { name: 'three', value: 3.03 },
      { name: 'four', value: 4.04 },
    ],
    structs: [
      { name: 'one', value: 1, type: 'integer' },
      { name: 'two', value: 2.002, type: 'float' },
      { name: 'three', value: 3, type: 'integer' },
      { name: 'four', value: 4.004, type: 'float' },
    ],
  };
  const c = (name: string, template: string, expect: string): Case => ({ name, template, input: types, expect });
  check(t, [
    c('boolSlice', '{ .bools }', '[true,false,true,false]'),
    c('boolSliceIndex', '{ .bools[0] }', 'true'),
    c('boolSliceIndex', '{ .bools[-1] }', 'false'),
    c('boolSubSlice', '{ .bools[0:2] }', 'true false'),
    c('boolSubSliceFirst2', '{ .bools[:2] }', 'true false'),
    c('boolSubSliceStep2', '{ .bools[:4:2] }', 'true true'),
    c('integerSlice', '{ .integers }', '[1,2,3,4]'),
    c('integerSliceIndex', '{ .integers[0] }', '1'),
    c('integerSliceIndexReverse', '{ .integers[-2] }', '3'),
    c('integerSubSliceFirst2', '{ .integers[0:2] }', '1 2'),
    c('integerSubSliceFirst2Alt', '{ .integers[:2] }', '1 2'),
    c('integerSubSliceStep2', '{ .integers[:4:2] }', '1 3'),
    c('floatSlice', '{ .floats }', '[1,2.2,3.3,4]'),
    c('floatSliceIndex', '{ .floats[0] }', '1'),
    c('floatSliceIndexReverse', '{ .floats[-2] }', '3.3'),
    c('floatSubSliceFirst2', '{ .floats[0:2] }', '1 2.2'),
    c('floatSubSliceFirst2Alt', '{ .floats[:2] }', '1 2.2'),
    c('floatSubSliceStep2', '{ .floats[:4:2] }', '1 3.3'),
    c('stringSlice', '{ .strings }', '["one","two","three","four"]'),
    c('stringSliceIndex', '{ .strings[0] }', 'one'),
    c('stringSliceIndexReverse', '{ .strings[-2] }', 'three'),
    c('stringSubSliceFirst2', '{ .strings[0:2] }', 'one two'),
    c('stringSubSliceFirst2Alt', '{ .strings[:2] }', 'one two'),
    c('stringSubSliceStep2', '{ .strings[:4:2] }', 'one three'),
    c('interfaceSlice', '{ .interfaces }', '[true,"one",1,1.1]'),
    c('interfaceSliceIndex', '{ .interfaces[0] }', 'true'),
    c('interfaceSliceIndexReverse', '{ .interfaces[-2] }', '1'),
    c('interfaceSubSliceFirst2', '{ .interfaces[0:2] }', 'true one'),
    c('interfaceSubSliceFirst2Alt', '{ .interfaces[:2] }', 'true one'),
    c('interfaceSubSliceStep2', '{ .interfaces[:4:2] }', 'true 1'),
    c('mapSlice', '{ .maps }', '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]'),
    c('mapSliceIndex', '{ .maps[0] }', '{"name":"one","value":1}'),
    c('mapSliceIndexReverse', '{ .maps[-2] }', '{"name":"three","value":3.03}'),
    c('mapSubSliceFirst2', '{ .maps[0:2] }', '{"name":"one","value":1} {"name":"two","value":2.02}'),
    c('mapSubSliceFirst2Alt', '{ .maps[:2] }', '{"name":"one","value":1} {"name":"two","value":2.02}'),
    c('mapSubSliceStepOdd', '{ .maps[::2] }', '{"name":"one","value":1} {"name":"three","value":3.03}'),
    c('mapSubSliceStepEven', '{ .maps[1::2] }', '{"name":"two","value":2.02} {"name":"four","value":4.04}'),
    // struct fields in declaration order in Go (name, value, type); map keys sorted here
    c('structSlice (keys sorted)', '{ .structs }', '[{"name":"one","type":"integer","value":1},{"name":"two","type":"float","value":2.002},{"name":"three","type":"integer","value":3},{"name":"four","type":"float","value":4.004}]'),
    c('structSliceIndex (keys sorted)', '{ .structs[0] }', '{"name":"one","type":"integer","value":1}'),
    c('structSliceIndexReverse (keys sorted)', '{ .structs[-2] }', '{"name":"three","type":"integer","value":3}'),
    c('structSubSliceFirst2 (keys sorted)', '{ .structs[0:2] }', '{"name":"one","type":"integer","value":1} {"name":"two","type":"float","value":2.002}'),
    c('structSubSliceFirst2Alt (keys sorted)', '{ .structs[:2] }', '{"name":"one","type":"integer","value":1} {"name":"two","type":"float","value":2.002}'),
    c('structSubSliceStepOdd (keys sorted)', '{ .structs[::2] }', '{"name":"one","type":"integer","value":1} {"name":"three","type":"integer","value":3}'),
    c('structSubSliceStepEven (keys sorted)', '{ .structs[1::2] }', '{"name":"two","type":"float","value":2.002} {"name":"four","type":"float","value":4.004}'),
  ], false);
});

const storeData = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

t.test('TestStructInput', async (t) => {
  const c = (name: string, template: string, input: unknown, expect: string, expectError = false): Case => ({ name, template, input, expect, expectError });
  check(t, [
    c('plain', 'hello jsonpath', null, 'hello jsonpath'),
    c('recursive', '{..}', [1, 2, 3], '[1,2,3]'),
    c('filter', '{[?(@<5)]}', [2, 6, 3, 7], '2 3'),
    c('quote', '{"{"}', null, '{'),
    c('union', '{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'),
    c('array', '{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'),
    c('variable', 'hello {.Name}', storeData, 'hello jsonpath'),
    c('dict/', '{$.Labels.web/html}', storeData, '15'),
    c('dict/', '{$.Employees.jason}', storeData, 'manager'),
    c('dict/', '{$.Employees.dan}', storeData, 'clerk'),
    c('dict-', '{.Labels.k8s-app}', storeData, '20'),
    c('nest', '{.Bicycle[*].Color}', storeData, 'red green'),
    c('allarray', '{.Book[*].Author}', storeData, 'Nigel Rees Evelyn Waugh Herman Melville'),
    // Go: "{red 19.95 true} {green 20.01 false} " (struct order); map keys sorted here
    c('allfields (keys sorted)', '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', storeData, '{red true 19.95} {green false 20.01} '),
    // Go: Book before Bicycle (struct order)
    c('recurfields (keys sorted)', '{..Price}', storeData, '19.95 20.01 8.95 12.99 8.99'),
    c('recurdotfields (keys sorted)', '{...Price}', storeData, '19.95 20.01 8.95 12.99 8.99'),
    c('superrecurfields', '{............................................................Price}', storeData, '', true),
    c('allstructsSlice (keys sorted)', '{.Bicycle}', storeData, '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]'),
    c('allstructs (keys sorted)', '{range .Bicycle[*]}{ @ }{ " " }{end}', storeData, '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} '),
    c('lastarray (keys sorted)', '{.Book[-1:]}', storeData, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'),
    c('recurarray (keys sorted)', '{..Book[2]}', storeData, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'),
    c('bool', '{.Bicycle[?(@.IsNew==true)]}', storeData, '{"Color":"red","IsNew":true,"Price":19.95}'),
  ], false);

  check(t, [
    c('nonexistent field', '{.hello}', storeData, ''),
    c('nonexistent field 2', 'before-{.hello}after', storeData, 'before-after'),
  ], true);

  checkErrors(t, [
    c('invalid identifier', '{hello}', storeData, 'unrecognized identifier hello'),
    c('nonexistent field', '{.hello}', storeData, 'hello is not found'),
    // Go names the struct's own type, map[string]int
    c('invalid array', '{.Labels[0]}', storeData, 'map[string]interface {} is not array or slice'),
    c('invalid filter operator', '{.Book[?(@.Price<>10)]}', storeData, 'unrecognized filter operator <>'),
    c('redundant end', '{range .Labels.*}{@}{end}{end}', storeData, 'not in range, nothing to end'),
  ]);
});

t.test('TestJSONInput', async (t) => {
  const points = JSON.parse(`[
    {"id": "i1", "x":4, "y":-5},
    {"id": "i2", "x":-2, "y":-5, "z":1},
    {"id": "i3", "x":  8, "y":  3 },
    {"id": "i4", "x": -6, "y": -1 },
    {"id": "i5", "x":  0, "y":  2, "z": 1 },
    {"id": "i6", "x":  1, "y":  4 }
  ]`);
  check(t, [
    { name: 'exists filter', template: '{[?(@.z)].id}', input: points, expect: 'i2 i5' },
    { name: 'bracket key', template: "{[0]['id']}", input: points, expect: 'i1' },
  ], false);
});

const nodesData = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

t.test('TestKubernetes', async (t) => {
  const c = (name: string, template: string, expect: string): Case => ({ name, template, input: nodesData, expect });
  check(t, [
    c('range item', '{range .items[*]}{.metadata.name}, {end}{.kind}', '127.0.0.1, 127.0.0.2, List'),
    c('range item with quote', '{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'),
    c('range addresss', '{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'),
    c('double range', '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}', '127.0.0.1, 127.0.0.2, 127.0.0.3, '),
    c('item name', '{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'),
    c('union nodes capacity', "{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'),
    c('range nodes capacity', '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '),
    c('user password', '{.users[?(@.name=="e2e")].user.password}', 'secret'),
    c('hostname', '{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'),
    c('hostname filter', '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', 'None'),
    c('bool item', '{.items[?(@..ready==true)].metadata.name}', '127.0.0.1'),
  ], false);
  // random order in Go (testJSONPathSortOutput); key order here
  const out = JsonPath.parse('{..name}', { allowMissingKeys: false }).execute(nodesData);
  t.strictSame(out.split(/\s+/).sort(), ['127.0.0.1', '127.0.0.2', 'e2e', 'myself']);
  t.equal(out, '127.0.0.1 127.0.0.2 myself e2e', 'recursive name, map keys visited in order');
});

t.test('TestEmptyRange', async (t) => {
  const empty = { items: [] };
  check(t, [
    { name: 'empty range', template: '{range .items[*]}{.metadata.name}{end}', input: empty, expect: '' },
    { name: 'empty nested range', template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', input: empty, expect: '' },
  ], true);
});

t.test('TestNestedRanges', async (t) => {
  const containers = (...names: string[]) => names.map((name) => ({ name, another: [{ name: 'value1' }, { name: 'value2' }] }));
  const data = {
    items: [
      { metadata: { name: 'pod1' }, spec: { containers: containers('foo', 'bar') } },
      { metadata: { name: 'pod2' }, spec: { containers: containers('baz') } },
    ],
  };
  check(t, [
    {
      name: 'nested range with a trailing newline',
      template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
      input: data,
      expect: 'pod1:foo,bar,+pod2:baz,+',
    },
    {
      name: 'nested range with a trailing character within another nested range with a trailing newline',
      template: '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
      input: data,
      expect: 'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
    },
    {
      name: 'two nested ranges at the same level with a trailing newline',
      template: '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
      input: data,
      expect: 'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    },
  ], false);
});

t.test('TestFilterPartialMatchesSometimesMissingAnnotations', async (t) => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
      { kind: 'Pod', metadata: { name: 'pod2' } },
      { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
      { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
    ],
  };
  const template = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}';
  check(t, [{ name: 'tolerate missing items', template, input: data, expect: 'pod1 pod4' }], true);
  check(t, [{ name: 'error on missing items', template, input: data, expect: '', expectError: true }], false);
});

const containers = (n: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  spec: { containers: Array.from({ length: n }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })) },
});

t.test('TestNegativeIndex', async (t) => {
  const data = containers(4);
  const c = (template: string, expect: string, expectError = false): Case => ({ name: template, template, input: data, expect, expectError });
  check(t, [
    c('{.spec.containers[0].name}', 'fake0'),
    c('{.spec.containers[0:0].name}', ''),
    c('{.spec.containers[0:-1].name}', 'fake0 fake1 fake2'),
    c('{.spec.containers[-1:0].name}', '', true),
    c('{.spec.containers[-1].name}', 'fake3'),
    c('{.spec.containers[-1:].name}', 'fake3'),
    c('{.spec.containers[-2].name}', 'fake2'),
    c('{.spec.containers[-2:].name}', 'fake2 fake3'),
    c('{.spec.containers[-3].name}', 'fake1'),
    c('{.spec.containers[-4].name}', 'fake0'),
    c('{.spec.containers[-4:].name}', 'fake0 fake1 fake2 fake3'),
    c('{.spec.containers[-5].name}', '', true),
    c('{.spec.containers[5:5].name}', ''),
    c('{.spec.containers[-5:-5].name}', ''),
    c('{.spec.containers[3:1].name}', '', true),
    c('{.spec.containers[-1:-2].name}', '', true),
  ], false);
  checkErrors(t, [
    { name: 'out of bounds', template: '{.spec.containers[-5].name}', input: data, expect: 'array index out of bounds: index -1, length 4' },
    { name: 'start after end', template: '{.spec.containers[3:1].name}', input: data, expect: 'starting index 3 is greater than ending index 1' },
    { name: 'past the end', template: '{.spec.containers[4].name}', input: data, expect: 'array index out of bounds: index 4, length 4' },
  ]);
});

t.test('TestRunningPodsJSONPathOutput', async (t) => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1' }, status: { phase: 'Running' } },
      { kind: 'Pod', metadata: { name: 'pod2' }, status: { phase: 'Running' } },
      { kind: 'Pod', metadata: { name: 'pod3' }, status: { phase: 'Running' } },
      { resourceVersion: '', selfLink: '' },
    ],
  };
  check(t, [{
    name: 'range over pods without selecting the last one',
    template: '{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}',
    input: data,
    expect: 'pod1 is Running\npod2 is Running\npod3 is Running\n',
  }], true);
});

t.test('TestStep', async (t) => {
  const data = containers(6);
  const c = (template: string, expect: string, expectError = false): Case => ({ name: template, template, input: data, expect, expectError });
  check(t, [
    c('{.spec.containers[0:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5'),
    c('{.spec.containers[0:6:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5'),
    c('{.spec.containers[0:6:1].name}', 'fake0 fake1 fake2 fake3 fake4 fake5'),
    c('{.spec.containers[0:6:0].name}', '', true),
    c('{.spec.containers[0:6:-1].name}', '', true),
    c('{.spec.containers[1:4:2].name}', 'fake1 fake3'),
    c('{.spec.containers[1:4:3].name}', 'fake1'),
    c('{.spec.containers[1:4:4].name}', 'fake1'),
    c('{.spec.containers[0:6:2].name}', 'fake0 fake2 fake4'),
    c('{.spec.containers[0:6:3].name}', 'fake0 fake3'),
    c('{.spec.containers[0:6:5].name}', 'fake0 fake5'),
    c('{.spec.containers[0:6:6].name}', 'fake0'),
  ], false);
});

t.test('what kubectl prints for values Go formats its own way', async (t) => {
  const data = { a: null, f: 1234567.5, small: 0.00001, n: 600, s: '<b>&', m: { z: 1, a: [1, 'x'] }, t: 'tab' };
  check(t, [
    { name: 'null is <nil>', template: '{.a}', input: data, expect: '<nil>' },
    { name: 'large float: %v', template: '{.f}', input: data, expect: '1.2345675e+06' },
    { name: 'small float: %v', template: '{.small}', input: data, expect: '1e-05' },
    { name: 'integer', template: '{.n}', input: data, expect: '600' },
    { name: 'strings print raw', template: '{.s}', input: data, expect: '<b>&' },
    { name: 'maps print as json.Marshal: sorted, HTML escaped', template: '{@}', input: data, expect: '{"a":null,"f":1234567.5,"m":{"a":[1,"x"],"z":1},"n":600,"s":"\\u003cb\\u003e\\u0026","small":0.00001,"t":"tab"}' },
    { name: 'float literal', template: '{3.5}', input: data, expect: '3.5' },
    { name: 'number literal compared with int field', template: '{.x[?(@.n>=600)].n}', input: { x: [data] }, expect: '600' },
  ], true);
  checkErrors(t, [
    { name: 'int field against float literal', template: '{.x[?(@.n==600.0)]}', input: { x: [data] }, expect: 'incompatible types for comparison' },
    { name: 'filter over a map', template: '{.m[?(@.z)]}', input: data, expect: 'map[a:[1 x] z:1] is not array or slice and cannot be filtered' },
    { name: 'index into a string', template: '{.t[0]}', input: data, expect: 'string is not array or slice' },
  ]);
});
