// Differential: `kubectl csr list` as a drop-in `kubectl get csr` (issue 23): -o json and -o yaml byte for byte
// (managedFields hidden unless --show-managed-fields), CSRs named on the command line in the order named with kubectl's
// NotFound lines, -n and -A taken and ignored, and -L/--show-labels columns (the table compared without the plugin's
// SUBJECT column). kubectl is the one the harness builds.
import t from 'tap';
import { cluster } from './cluster.js';
import { diffFixture } from './diff-fixture.js';

const plane = cluster();
const kubectl = plane.kubectl;
const fixture = diffFixture(plane, 'get');
t.teardown(fixture.remove);
const { n, plugin, get, selecting } = fixture;

t.before(async () => {
  if (kubectl) await fixture.create();
});

const skip = !kubectl && 'no kubectl from the harness';

t.test('-o json and -o yaml print what kubectl prints, byte for byte', { skip }, async (t) => {
  const cases: string[][] = [
    ['-o', 'json'],
    ['-o', 'yaml'],
    ['-o', 'json', '--show-managed-fields'],
    ['-o', 'yaml', '--show-managed-fields'],
    ['-o', 'yaml', '--sort-by=.spec.expirationSeconds'],
    ['-l', 'tier=none', '-o', 'json'],
    ['-l', 'tier=none', '-o', 'yaml'],
  ];
  for (const args of cases) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.equal(theirs.code, 0, theirs.stderr);
    t.ok(theirs.stdout.length > 0);
    t.equal(ours.stdout, theirs.stdout, args.join(' '));
    t.equal(ours.code, 0, ours.stderr);
  }
  const raw = await get(selecting(['-o', 'json', '--show-managed-fields']));
  t.match(raw.stdout, /"managedFields"/, 'the CSRs have managedFields, so hiding them was tested');
});

t.test('list NAME...: the CSRs named, in the order named, as kubectl get csr NAME...', { skip }, async (t) => {
  const cases: string[][] = [
    [n('2'), n('1'), n('2'), '-o', 'name'],
    [n('1'), '-o', 'json'],
    [n('1'), '-o', 'yaml'],
    [n('3'), n('1'), '-o', 'yaml'],
    [n('ext'), '-o', 'jsonpath={.kind} {.metadata.name}'],
    [n('ext'), n('2'), '-o', 'jsonpath={.kind} {.items[*].metadata.name}'],
    [n('10'), '-o', 'go-template={{.metadata.name}} {{.spec.expirationSeconds}}'],
    [`csr/${n('1')}`, `certificatesigningrequest.certificates.k8s.io/${n('2')}`, '-o', 'name'],
  ];
  for (const args of cases) {
    const theirArgs = args.map((a) => a.replace(/^(csr|certificatesigningrequest\.certificates\.k8s\.io)\//, ''));
    const [ours, theirs] = await Promise.all([plugin(['list', ...args]), get(theirArgs)]);
    t.equal(theirs.code, 0, theirs.stderr);
    t.equal(ours.stdout, theirs.stdout, args.join(' '));
    t.equal(ours.code, 0, ours.stderr);
  }
  // Names not found: what was found is printed, then kubectl's NotFound line for each, exit 1.
  const missing: string[][] = [
    [n('1'), n('nope'), n('2'), n('nope2'), '-o', 'name'],
    [n('nope'), '-o', 'json'],
    [n('nope'), n('nope2'), '-o', 'jsonpath={.kind}'],
    [n('nope'), n('1'), '-o', 'yaml'],
  ];
  for (const args of missing) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...args]), get(args)]);
    t.equal(theirs.code, 1);
    t.equal(ours.stdout, theirs.stdout, args.join(' '));
    t.equal(ours.stderr, theirs.stderr);
    t.equal(ours.code, 1);
  }
});

t.test('-n and -A are taken and ignored, as kubectl does for cluster-scoped kinds', { skip }, async (t) => {
  for (const args of [['-n', 'kube-system', '-o', 'name'], ['-A', '-o', 'name'], ['--namespace=x', '--all-namespaces', '-o', 'json']]) {
    const [ours, theirs] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
    t.equal(theirs.code, 0, theirs.stderr);
    t.equal(ours.stdout, theirs.stdout, args.join(' '));
  }
});

/** The plugin's table less its SUBJECT column, cut where the header puts it (the other columns keep their widths). */
function withoutSubject(table: string): string {
  const lines = table.split('\n');
  const start = lines[0]!.indexOf('SUBJECT');
  const end = lines[0]!.slice(start + 'SUBJECT'.length).search(/\S/);
  const width = end < 0 ? Infinity : 'SUBJECT'.length + end;
  return lines.map((l) => (l.slice(0, start) + l.slice(start + width)).trimEnd()).join('\n');
}

t.test('-L and --show-labels: the label columns after the others, as kubectl prints them', { skip }, async (t) => {
  const cases: string[][] = [['--show-labels'], ['-L', 'tier'], ['-L', 'tier,kubectl-csr-diff', '-L', 'example.com/team', '--show-labels'], ['--show-labels', '--sort-by=.spec.signerName']];
  for (const args of cases) {
    let ours = '';
    let theirs = '';
    // AGE may tick between the two runs, which run side by side; on a loaded machine often enough for three tries to fail
    for (let attempt = 0; attempt < 8 && (attempt === 0 || ours !== theirs); attempt++) {
      const [a, b] = await Promise.all([plugin(['list', ...selecting(args)]), get(selecting(args))]);
      t.equal(b.code, 0, b.stderr);
      ours = withoutSubject(a.stdout);
      theirs = b.stdout.split('\n').map((l) => l.trimEnd()).join('\n');
    }
    t.equal(ours, theirs, args.join(' '));
  }
});

t.test('filters no CSR passes together are a usage error, before anything is sent', { skip }, async (t) => {
  const res = await plugin(['list', '--pending', '--approved', '--server', 'https://127.0.0.1:1']);
  t.strictSame(res, { code: 2, stdout: '', stderr: 'error: --pending and --approved cannot be used together: no CSR is both\n' });
  const named = await plugin(['list', n('1'), '-l', 'tier=a']);
  const theirs = await get([n('1'), '-l', 'tier=a']);
  t.equal(named.code, 2);
  t.equal(named.stderr, theirs.stderr, "names with a selector: kubectl's words");
});
