// The go-template engine against what kubectl v1.36.3 printed for the same templates over the same kind of List
// (checked once by hand with `kubectl get csr -o go-template=…`; test/e2e/go-template.test.ts compares against the
// harness's kubectl on every run). Numbers are int64 when whole, as apimachinery's json.Unmarshal gives them.
import t from 'tap';
import { GoTemplate, GoTemplateError } from '../../src/output/go-template/template.js';

const csr = (name: string, seconds: number, status: object) => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name, creationTimestamp: '2026-12-06T11:55:05Z', ...(name === 'alice' ? { labels: { tier: 'a', 'app.kubernetes.io/name': 'x' } } : {}) },
  spec: { expirationSeconds: seconds, usages: ['digital signature', 'client auth'], username: 'test-admin', signerName: 'kubernetes.io/kube-apiserver-client', request: 'TFMwdExTMUNSVWRKVGc9PQ==' },
  status,
});
const approved = { conditions: [{ type: 'Approved', status: 'True', reason: 'R', message: 'ok <&>' }], certificate: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t' };
const list = { apiVersion: 'v1', kind: 'List', items: [csr('alice', 3600, approved), csr('bob', 1000000, {}), csr('carol', 0.5 * 3, { conditions: null })], metadata: { resourceVersion: '' } };

const run = (template: string) => GoTemplate.parse(template).execute(list);

const cases: [string, string][] = [
  // the bulk-approval recipe of many distributions' docs
  ['{{range .items}}{{if not .status}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}', 'bob\n'],
  ['{{range .items}}{{.metadata.name}} {{.spec.expirationSeconds}} {{.spec.usages}}{{"\\n"}}{{end}}', 'alice 3600 [digital signature client auth]\nbob 1000000 [digital signature client auth]\ncarol 1.5 [digital signature client auth]\n'],
  ['{{range $i, $c := .items}}{{$i}}={{$c.metadata.name}};{{end}}', '0=alice;1=bob;2=carol;'],
  ['{{range .items}}{{with .status.certificate}}{{base64decode .}}{{else}}none{{end}}|{{end}}', '-----BEGIN CERTIFICATE-----|none|none|'],
  ['{{- range .items -}}\n  {{ .metadata.name }}\n{{- end }}', 'alicebobcarol'],
  ['{{range .items}}{{if and .status.conditions (eq (index .status.conditions 0).type "Approved")}}A{{else if .status}}S{{else}}-{{end}}{{end}}', 'A-S'],
  ['{{len .items}} {{.kind}} {{.metadata}}', '3 List map[resourceVersion:]'],
  ['{{range .items}}{{printf "%-6s|%5d|%q\\n" .metadata.name .spec.expirationSeconds .spec.username}}{{end}}', 'alice | 3600|"test-admin"\nbob   |1000000|"test-admin"\ncarol |%!d(float64=1.5)|"test-admin"\n'],
  ['{{range slice .items 0 2}}{{if gt .spec.expirationSeconds 3600}}{{.metadata.name}}{{end}}{{end}}', 'bob'],
  ['{{range .items}}{{or .metadata.labels "none"}} {{end}}', 'map[app.kubernetes.io/name:x tier:a] none none '],
  ['{{range .items}}{{with .metadata.labels}}{{index . "app.kubernetes.io/name"}}{{end}},{{end}}', 'x,,,'],
  ['{{range .items}}{{exists . "status" "certificate"}} {{end}}', 'true false false '],
  ['{{$n := 0}}{{range .items}}{{$n = len .spec.usages}}{{end}}{{$n}}', '2'],
  ['{{range .items}}{{.metadata.nothere}} {{.status.nothere.deeper}}|{{end}}', '<no value> <no value>|<no value> <no value>|<no value> <no value>|'],
  ['{{/* a comment */}}{{range .items}}{{- /* trimmed */ -}} {{.metadata.name}} {{end}}', 'alice bob carol '],
  ['{{range .items}}{{println .metadata.name 1}}{{print .metadata.name 1 2 "a" 3}}{{end}}', 'alice 1\nalice1 2a3bob 1\nbob1 2a3carol 1\ncarol1 2a3'],
  ['{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}:{{$v}};{{end}}', 'app.kubernetes.io/name:x;tier:a;'],
  ['{{if .nope}}a{{else if .kind}}b{{else}}c{{end}} {{range .nothing}}x{{else}}empty{{end}}', 'b empty'],
  ['{{printf "%T %T %T %T" (index .items 0).spec.expirationSeconds (index .items 2).spec.expirationSeconds .items 1}}', 'int64 float64 []interface {} int'],
  ['{{html "<a&b>"}} {{urlquery "a b&c"}} {{slice .kind 1 3}} {{index .kind 0}}', '&lt;a&amp;b&gt; a+b%26c is 76'],
  ['{{range 3}}{{.}}{{end}} {{range .items}}{{if eq .metadata.name "bob"}}{{break}}{{end}}{{.metadata.name}}{{end}}', '012 alice'],
  ['{{printf "%5.2f %e %g %x %08.3f|%+d|%6s|" 3.14159 1234.5 0.000012 255 3.14159 5 "cd"}}', ' 3.14 1.234500e+03 1.2e-05 ff 0003.142|+5|    cd|'],
  ['{{.items | len | printf "%03d"}} {{3 | printf "%d %s" 4}} {{printf "%s"}}', '003 4 %!s(int=3) %!s(MISSING)'],
  ['{{(index (index .items 0).status.conditions 0).message}}', 'ok <&>'],
  ['{{with $x := index .items 1}}{{$x.metadata.name}}{{end}}', 'bob'],
  ['{{range slice .items 0 2}}{{if eq .spec.expirationSeconds 3600 1000000}}{{.metadata.name}} {{end}}{{end}}', 'alice bob '],
  ['{{range .items}}{{ne .spec.signerName "x"}}{{lt .metadata.name "b"}} {{end}}', 'truetrue truefalse truefalse '],
];

t.test("templates print what kubectl prints", async (t) => {
  for (const [template, expected] of cases) t.equal(run(template), expected, template);
});

const parseErrors: [string, string][] = [
  ['{{.metadata.name}', "template: output:1: bad character U+007D '}'"],
  ['{{nope .x}}', 'template: output:1: function "nope" not defined'],
  ['{{if .x}}', 'template: output:1: unexpected EOF'],
  ['{{end}}', 'template: output:1: unexpected {{end}}'],
  ['a\n{{$x}}', 'template: output:2: undefined variable "$x"'],
  ['{{break}}', 'template: output:1: {{break}} outside {{range}}'],
  ['{{.a | "x"}}', 'template: output:1: non executable command in pipeline stage 2'],
  ['{{range .a}}\n{{else}}{{else}}{{end}}', 'template: output:2: expected end; found {{else}}'],
  ['{{"unterminated}}', 'template: output:1: unterminated quoted string'],
];

t.test('parse errors in Go words', async (t) => {
  for (const [template, message] of parseErrors) t.throws(() => GoTemplate.parse(template), new GoTemplateError(message), template);
});

const execErrors: [string, string][] = [
  ['{{.items.foo}}', 'template: output:1:8: executing "output" at <.items.foo>: can\'t evaluate field foo in type interface {}'],
  ['{{index .items 5}}', 'template: output:1:2: executing "output" at <index .items 5>: error calling index: index out of range: 5'],
  ['{{range .items}}{{if eq .spec.expirationSeconds 3600.0}}x{{end}}{{end}}', 'template: output:1:21: executing "output" at <eq .spec.expirationSeconds 3600.0>: error calling eq: incompatible types for comparison: int64 and float64'],
  ['{{printf}}', 'template: output:1:2: executing "output" at <printf>: wrong number of args for printf: want at least 1 got 0'],
  ['{{base64decode "abc"}}', 'template: output:1:2: executing "output" at <base64decode "abc">: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0'],
  ['{{range .items}}{{index .metadata.labels "x"}}{{end}}', 'template: output:1:18: executing "output" at <index .metadata.labels "x">: error calling index: index of untyped nil'],
  ['{{range .items}}{{.status.conditions.x}}{{end}}', 'template: output:1:25: executing "output" at <.status.conditions.x>: can\'t evaluate field x in type interface {}'],
  // Go names the last node it evaluated, here the index's argument
  ['{{range (index .items 2).status.conditions.type}}{{end}}', 'template: output:1:22: executing "output" at <2>: nil pointer evaluating interface {}.type'],
  ['{{range .kind}}{{end}}', 'template: output:1:8: executing "output" at <.kind>: range can\'t iterate over List'],
  ['{{len 3}}', 'template: output:1:2: executing "output" at <len 3>: error calling len: len of type int'],
];

t.test('execution errors in Go words, with line, column and node', async (t) => {
  for (const [template, message] of execErrors) t.throws(() => run(template), new GoTemplateError(message), template);
});
