// Differential: `kubectl csr list -o go-template=…` (and go-template-file, template, templatefile, jsonpath-as-json)
// prints byte for byte what `kubectl get csr` prints with the same template over the same CSRs; a template that does
// not parse or fails on the data fails with kubectl's words. kubectl is the one the harness builds.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cluster } from './cluster.js';
import { diffFixture } from './diff-fixture.js';

const plane = cluster();
const kubectl = plane.kubectl;
const fixture = diffFixture(plane, 'go-template');
t.teardown(fixture.remove);
const { work, n, plugin, get, selecting } = fixture;

t.before(async () => {
  if (!kubectl) return;
  await fixture.create();
  writeFileSync(join(work, 'names.tmpl'), '{{range .items}}{{.metadata.name}}\t{{.spec.signerName}}\n{{end}}');
  writeFileSync(join(work, 'report.tmpl'), '{{- range .items }}\n{{- if .status.certificate }}\n{{ .metadata.name }}: issued\n{{- else }}\n{{ .metadata.name }}: {{ or .status.conditions "pending" }}\n{{- end }}\n{{- end }}\n');
});

/** The bulk-approval recipe of many distributions' docs: the names of CSRs with no status yet. */
const RECIPE = '{{range .items}}{{if not .status}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}';

export const GO_TEMPLATES: [string, string][] = [
  ['the bulk-approval recipe', RECIPE],
  ['names and numbers (int64, as kubectl unmarshals them)', '{{range .items}}{{.metadata.name}} {{.spec.expirationSeconds}}{{"\\n"}}{{end}}'],
  ['an array and a map as %v', '{{range .items}}{{.spec.usages}} {{.metadata.labels}}{{"\\n"}}{{end}}'],
  ['range with index and element', '{{range $i, $c := .items}}{{$i}}={{$c.metadata.name}};{{end}}'],
  ['with/else and base64decode', '{{range .items}}{{with .status.certificate}}{{base64decode . | printf "%.27s"}}{{else}}none{{end}}|{{end}}'],
  ['whitespace trimming', '{{- range .items -}}\n  {{ .metadata.name }}\n{{- end }}'],
  ['if/else if/else with and, eq and index', '{{range .items}}{{if and .status.conditions (eq (index .status.conditions 0).type "Approved")}}A{{else if .status.conditions}}D{{else}}-{{end}}{{end}}'],
  ['len, the List around the items', '{{len .items}} {{.kind}} {{.apiVersion}} {{.metadata}}'],
  ['printf with widths, %d, %v, %q', '{{range .items}}{{printf "%-40s|%8d|%v|%q\\n" .metadata.name .spec.expirationSeconds .spec.groups .spec.signerName}}{{end}}'],
  ['gt, lt and ge on int64 fields', '{{range .items}}{{if .spec.expirationSeconds}}{{if gt .spec.expirationSeconds 3600}}>{{else if lt .spec.expirationSeconds 3600}}<{{else}}={{end}}{{end}}{{end}}'],
  ['ne and not on strings', '{{range .items}}{{if ne .spec.signerName "kubernetes.io/kube-apiserver-client"}}{{.metadata.name}} {{end}}{{end}}'],
  ['or as a default', '{{range .items}}{{or .metadata.labels.tier "none"}},{{end}}'],
  ['index on a label map, exists', '{{range .items}}{{index .metadata.labels "kubectl-csr-diff" | len}}{{exists . "status" "certificate"}} {{end}}'],
  ['variables, assignment', '{{$n := 0}}{{range .items}}{{$n = len .spec.usages}}{{end}}{{$n}}'],
  ['nested ranges', '{{range .items}}{{.metadata.name}}:{{range .spec.usages}}[{{.}}]{{end}}{{"\\n"}}{{end}}'],
  ['missing keys print <no value>', '{{range .items}}{{.metadata.nothere}} {{.status.nothere.deeper}}|{{end}}'],
  ['comments and trimmed comments', '{{/* a comment */}}{{range .items}}{{- /* trimmed */ -}} {{.metadata.name}} {{end}}'],
  ['range over a map, sorted keys', '{{range .items}}{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}{{"\\n"}}{{end}}'],
  ['print and println', '{{range .items}}{{println .metadata.name .spec.expirationSeconds}}{{print .kind 1 2 "a" 3}}{{end}}'],
  ['range/else over nothing, break', '{{range .nothing}}x{{else}}empty{{end}} {{range .items}}{{if .status.certificate}}{{break}}{{end}}{{.metadata.name}} {{end}}'],
  ['conditions of each', '{{range .items}}{{range .status.conditions}}{{.type}}/{{.status}}/{{.reason}} {{end}}{{end}}'],
  ['a pipeline into printf', '{{.items | len | printf "%03d"}} {{.kind | printf "%s-%s" "x"}}'],
  ['html, urlquery, slice', '{{range .items}}{{html .spec.signerName}} {{urlquery .spec.signerName}} {{slice .metadata.name 0 4}}{{"\\n"}}{{end}}'],
  ['%T of what the template sees', '{{range .items}}{{printf "%T %T %T %T" .spec.expirationSeconds .spec.usages .metadata .status}}{{"\\n"}}{{end}}'],
];

t.test('kubectl csr list -o go-template = kubectl get csr -o go-template, byte for byte', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  t.ok(GO_TEMPLATES.length >= 15, `${GO_TEMPLATES.length} templates`);
  const cases: [string, string[]][] = [
    ...GO_TEMPLATES.map(([name, template]): [string, string[]] => [name, ['-o', `go-template=${template}`]]),
    ['template= is go-template', ['-o', `template=${RECIPE}`]],
    ['go-template-file', ['-o', 'go-template-file=names.tmpl']],
    ['templatefile, multi-line with trimming', ['-o', 'templatefile=report.tmpl']],
    ['--sort-by, then the template', ['-o', 'go-template={{range .items}}{{.metadata.name}} {{end}}', '--sort-by=.spec.expirationSeconds']],
    ['nothing selected', ['-l', 'tier=none', '-o', 'go-template={{len .items}} {{range .items}}x{{else}}none{{end}}']],
    ['jsonpath-as-json: names', ['-o', 'jsonpath-as-json={.items[*].metadata.name}']],
    ['jsonpath-as-json: several actions and objects', ['-o', 'jsonpath-as-json={.kind}{.items[0].spec.usages}{.items[?(@.metadata.labels.tier=="a")].metadata.labels}']],
    ['jsonpath-as-json: nothing found', ['-o', 'jsonpath-as-json={.items[*].nothere}']],
  ];
  for (const [name, args] of cases) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.equal(theirs.code, 0, `${name}: kubectl succeeds (${theirs.stderr.trim()})`);
    t.equal(ours.stdout, theirs.stdout, `${name}: ${args.join(' ')}`);
    t.equal(ours.code, 0, `${name}: exit code (${ours.stderr.trim()})`);
  }
});

t.test('a template on CSRs named on the command line sees each as itself', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const args = [n('1'), '-o', 'go-template={{.kind}} {{.metadata.name}} {{len .status.conditions}}{{"\\n"}}'];
  const [ours, theirs] = await Promise.all([fixture.kubectl(['certificate', 'approve', ...args]), plugin(['approve', ...args])]);
  t.equal(theirs.code, 0, theirs.stderr);
  t.equal(ours.stdout, theirs.stdout);
});

t.test("errors in kubectl's words", { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  // Parse errors: kubectl's one line, before anything is sent.
  const parse = ['{{.metadata.name}', '{{nope .x}}', '{{range .items}}', '{{end}}', '{{$x}}', '{{.a | "x"}}'];
  for (const template of parse) {
    const args = ['-o', `go-template=${template}`];
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.not(theirs.code, 0, `${template}: kubectl fails`);
    t.equal(ours.code, 2, `${template}: a usage error`);
    t.equal(ours.stderr, theirs.stderr, template);
  }
  // Execution errors: kubectl prints what it had and a dump of the object on stdout; both end with the same line.
  const execution = [
    '{{range .items}}{{if eq .spec.expirationSeconds 3600.0}}x{{end}}{{end}}',
    '{{index .items 40}}',
    '{{.items.foo}}',
    '{{range .items}}{{index .metadata.annotations "x"}}{{end}}',
    '{{range .items}}{{base64decode .spec.signerName}}{{end}}',
    '{{printf}}',
  ];
  for (const template of execution) {
    const args = ['-o', `go-template=${template}`];
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.equal(theirs.code, 1, `${template}: kubectl fails`);
    t.equal(ours.code, 1, `${template}: exit 1`);
    t.equal(ours.stderr, theirs.stderr.split('\n').filter(Boolean).pop() + '\n', template);
  }
  const missing = await Promise.all([plugin(['list', '-o', 'go-template-file=nothere.tmpl']), get(['-o', 'go-template-file=nothere.tmpl'])]);
  t.equal(missing[0].stderr, missing[1].stderr, 'a template file that is not there');
});
