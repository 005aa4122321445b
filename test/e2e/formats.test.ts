// Differential: `kubectl csr list ARGS` prints byte for byte what `kubectl get csr ARGS` prints, for kubectl's output
// formats and selectors, over the same CSRs in the control plane (created here with a label of their own, and every
// template run with -l on it, so that other tests' CSRs stay out). kubectl is the one the harness builds. Where the
// plugin differs on purpose, the case's name says how, and the comparison leaves exactly that out.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cluster } from './cluster.js';
import { diffFixture } from './diff-fixture.js';

const plane = cluster();
const kubectl = plane.kubectl;
const fixture = diffFixture(plane, 'formats');
t.teardown(fixture.remove);
const { work, label, n, plugin, get, selecting } = fixture;

t.before(async () => {
  if (!kubectl) return;
  await fixture.create();
  writeFileSync(join(work, 'names.jsonpath'), '{range .items[*]}{.metadata.name} {.spec.signerName}{"\\n"}{end}');
  writeFileSync(join(work, 'columns.txt'), 'NAME          SIGNER             EXPIRES\n.metadata.name  {.spec.signerName}  spec.expirationSeconds\n');
});

/** [name, arguments for both]; the label selector is added to every case. */
const same: [string, string[]][] = [
  ['jsonpath: names', ['-o', 'jsonpath={.items[*].metadata.name}']],
  ['jsonpath: range with quoted literals', ['-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.signerName}{"\\n"}{end}']],
  ['jsonpath: exists filter', ['-o', 'jsonpath={.items[?(@.status.certificate)].metadata.name}']],
  ['jsonpath: numeric filter', ['-o', 'jsonpath={.items[?(@.spec.expirationSeconds>=3600)].metadata.name}']],
  ['jsonpath: string filter', ['-o', 'jsonpath={.items[?(@.metadata.labels.tier=="a")].metadata.name}']],
  ['jsonpath: != filter', ['-o', 'jsonpath={.items[?(@.spec.signerName!="kubernetes.io/kube-apiserver-client")].metadata.name}']],
  ['jsonpath: an array prints as JSON', ['-o', 'jsonpath={.items[0].spec.usages}']],
  ['jsonpath: a map prints as JSON, keys sorted', ['-o', 'jsonpath={.items[0].metadata.labels}']],
  ['jsonpath: the List around the items', ['-o', 'jsonpath={.kind} {.apiVersion} {.metadata}']],
  ['jsonpath: nested wildcards', ['-o', 'jsonpath={.items[*].status.conditions[*].type}']],
  ['jsonpath: negative slice', ['-o', 'jsonpath={.items[-1:].metadata.name}']],
  ['jsonpath: slice with a step', ['-o', 'jsonpath={.items[0:5:2].metadata.name}']],
  ['jsonpath: union', ['-o', "jsonpath={.items[*]['metadata.name', 'spec.signerName']}"]],
  ['jsonpath: recursive descent', ['-o', 'jsonpath={..signerName}']],
  ['jsonpath: nested ranges', ['-o', 'jsonpath={range .items[*]}{@.metadata.name}:{range .spec.usages[*]}{@},{end};{end}']],
  ['jsonpath: a missing field prints nothing', ['-o', 'jsonpath=[{.items[0].spec.nothere}]']],
  ['jsonpath: a whole condition', ['-o', 'jsonpath={.items[?(@.metadata.name=="' + n('3') + '")].status.conditions[0]}']],
  ['jsonpath: text around actions', ['-o', 'jsonpath=count: {.items[*].kind}!']],
  ['jsonpath-file', ['-o', 'jsonpath-file=names.jsonpath']],
  ['custom-columns', ['-o', 'custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName,CONDITIONS:.status.conditions[*].type']],
  ['custom-columns: relaxed paths, arrays and numbers', ['-o', 'custom-columns=NAME:metadata.name,USAGES:{.spec.usages},EXP:.spec.expirationSeconds']],
  ['custom-columns: a map as %v', ['-o', 'custom-columns=N:.metadata.name,L:.metadata.labels']],
  ['custom-columns: short headers (tabwriter minimum width)', ['-o', 'custom-columns=N:.metadata.labels.tier,X:.spec.signerName']],
  ['custom-columns --no-headers', ['-o', 'custom-columns=NAME:.metadata.name,REQ:.spec.username', '--no-headers']],
  ['custom-columns-file', ['-o', 'custom-columns-file=columns.txt']],
  ['custom-columns-file --no-headers (kubectl prints the headers anyway)', ['-o', 'custom-columns-file=columns.txt', '--no-headers']],
  ['--sort-by a number, objects without it first', ['-o', 'custom-columns=NAME:.metadata.name,EXP:.spec.expirationSeconds', '--sort-by=.spec.expirationSeconds']],
  ['--sort-by natural order of names', ['-o', 'name', '--sort-by={.metadata.name}']],
  ['--sort-by a label', ['-o', 'jsonpath={.items[*].metadata.name}', '--sort-by=metadata.labels.tier']],
  ['--sort-by signer, equal keys', ['-o', 'custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName', '--sort-by=.spec.signerName']],
  ['--sort-by the requestor: all equal, order kept', ['-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}', '--sort-by=.spec.username']],
  ['-l equality', ['-l', 'tier=a', '-o', 'name']],
  ['-l set', ['-l', 'tier in (a,b)', '-o', 'jsonpath={.items[*].metadata.name}']],
  ['-l inequality', ['-l', 'tier!=a', '-o', 'custom-columns=N:.metadata.name']],
  ['-l existence', ['-l', '!tier', '-o', 'name']],
  ['--field-selector signer', ['--field-selector', 'spec.signerName=example.com/diff', '-o', 'name']],
  ['--field-selector signer !=', ['--field-selector', 'spec.signerName!=example.com/diff', '-o', 'jsonpath={.items[*].metadata.name}']],
  ['--field-selector name', ['--field-selector', `metadata.name=${n('2')}`, '-o', 'custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName']],
  ['nothing selected: -o name', ['-l', 'tier=none', '-o', 'name']],
  ['nothing selected: jsonpath', ['-l', 'tier=none', '-o', 'jsonpath={.items}']],
  ['nothing selected: custom-columns', ['-l', 'tier=none', '-o', 'custom-columns=NAME:.metadata.name']],
];

t.test('kubectl csr list = kubectl get csr, byte for byte', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  t.ok(same.length >= 30, `${same.length} templates`);
  for (const [name, args] of same) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.equal(theirs.code, 0, `${name}: kubectl succeeds (${theirs.stderr.trim()})`);
    t.equal(ours.stdout, theirs.stdout, `${name}: ${args.join(' ')}`);
    t.equal(ours.code, theirs.code, `${name}: exit code`);
  }
});

t.test('a flag given twice: the last one counts, as with pflag', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const args = ['-l', 'tier=a', '-l', label, '--sort-by=.spec.nothing', '--sort-by=.spec.signerName', '-o', 'name'];
  const [ours, theirs] = await Promise.all([plugin(['list', ...args]), get(args)]);
  t.equal(theirs.code, 0, theirs.stderr);
  t.equal(theirs.stdout.split('\n').length, 7, 'all six of this run');
  t.equal(ours.stdout, theirs.stdout);
});

/** The plugin's table has a SUBJECT column after kubectl's; without it, kubectl's table. AGE may tick between runs. */
const tables: [string, string[]][] = [
  ['table --sort-by (without the plugin\'s SUBJECT column)', ['--sort-by=.spec.signerName']],
  ['table --no-headers (without the plugin\'s SUBJECT column)', ['--no-headers']],
  ['table -l (without the plugin\'s SUBJECT column)', ['-l', 'tier=b']],
];

t.test('the table, less the SUBJECT column', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const withoutSubject = (text: string) => text.split('\n').map((line) => line.replace(/\s+\S+$/, '').trimEnd()).join('\n');
  for (const [name, args] of tables) {
    let ours = '';
    let theirs = '';
    for (let attempt = 0; attempt < 8 && (attempt === 0 || ours !== theirs); attempt++) {
      const [a, b] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
      [ours, theirs] = [withoutSubject(a.stdout), b.stdout.split('\n').map((l) => l.trimEnd()).join('\n')];
    }
    t.equal(ours, theirs, name);
  }
});

t.test('errors in kubectl\'s words', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const cases: [string, string[]][] = [
    ['a template that does not parse', ['-o', 'jsonpath={.items[0'] ],
    ['custom-columns without a path', ['-o', 'custom-columns=NAME']],
    ['--sort-by a field no object has', ['--sort-by=.spec.nothing', '-o', 'name']],
    ['an unknown format (the formats listed differ: the plugin has fewer)', ['-o', 'bogus']],
  ];
  for (const [name, args] of cases) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.not(theirs.code, 0, `${name}: kubectl fails`);
    t.not(ours.code, 0, `${name}: the plugin fails`);
    const first = (s: string) => s.split('\n')[0]!.replace(/allowed formats are: .*/, 'allowed formats are: …');
    t.equal(first(ours.stderr), first(theirs.stderr), name);
  }
  // kubectl goes on to dump the object it was given over many lines; the plugin says the first line only.
  const args = ['-o', 'jsonpath={.items[40].metadata.name}'];
  const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
  t.equal(ours.code, 1);
  t.equal(ours.stderr.split('\n').length, 2, 'one line');
  t.ok(theirs.stderr.startsWith(ours.stderr.trimEnd()), `an execution error: a prefix of kubectl's (${ours.stderr.trim()})`);
});
