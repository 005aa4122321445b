// list (pages, filters, formats, --watch) and inspect NAME, in-process against the in-memory cluster (test/fakes/).
import t from 'tap';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn, until } from '../fakes/run-command.js';
import { complete, run } from '../../src/commands/list.js';
import { outputFormat } from '../../src/commands/shared/output-options.js';
import { LIST_FORMATS } from '../../src/output/output-format.js';
import type { Io } from '../../src/io.js';

function cluster() {
  const fake = new FakeCluster({ pageSize: 2 });
  for (const n of ['e', 'c', 'a', 'd', 'b']) fake.add(csrFor(n, { labels: { tier: n < 'c' ? 'one' : 'two' } }));
  fake.setCondition('a', 'Approved');
  fake.setCondition('b', 'Denied');
  fake.clock.advance(90_000);
  return fake;
}

t.test('list: every page read, one table in name order; filters on the client and on the server', async (t) => {
  const fake = cluster();
  const r = await runIn(fake, ['list']);
  t.equal(r.code, 0, r.stderr);
  t.equal(fake.requests.filter((q) => q.startsWith('LIST')).length, 3, 'three pages of two');
  t.equal(
    r.stdout,
    [
      'NAME   AGE   SIGNERNAME                            REQUESTOR   REQUESTEDDURATION   CONDITION   SUBJECT',
      'a      90s   kubernetes.io/kube-apiserver-client   someone     <none>              Approved    CN=a',
      'b      90s   kubernetes.io/kube-apiserver-client   someone     <none>              Denied      CN=b',
      'c      90s   kubernetes.io/kube-apiserver-client   someone     <none>              Pending     CN=c',
      'd      90s   kubernetes.io/kube-apiserver-client   someone     <none>              Pending     CN=d',
      'e      90s   kubernetes.io/kube-apiserver-client   someone     <none>              Pending     CN=e',
      '',
    ].join('\n'),
  );
  t.equal((await runIn(fake, ['list', '--pending', '-o', 'name'])).stdout, ['c', 'd', 'e'].map((n) => `certificatesigningrequest.certificates.k8s.io/${n}\n`).join(''));
  fake.requests.length = 0;
  t.equal((await runIn(fake, ['list', '-o', 'name', '-l', 'tier=one'])).stdout, 'certificatesigningrequest.certificates.k8s.io/a\ncertificatesigningrequest.certificates.k8s.io/b\n');
  t.strictSame(fake.requests, ['LIST  tier=one metadata'], '-o name alone asks for metadata only');
  const json = JSON.parse((await runIn(fake, ['list', '--denied', '-o', 'json'])).stdout);
  t.match(json, { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'b' } }], metadata: { resourceVersion: '' } });
  const sorted = await runIn(fake, ['list', '-o', 'custom-columns=N:.metadata.name', '--sort-by', '{.status.conditions[0].type}', '--no-headers']);
  t.equal(sorted.stdout, 'e\nd\nc\na\nb\n', "objects without the field first, in kubectl's order (Go's sort is not stable: go-sort.ts), then by value");
  const none = await runIn(fake, ['list', '--signer', 'example.com/none']);
  t.strictSame(none, { code: 0, stdout: '', stderr: 'No resources found\n' });
  t.equal((await runIn(fake, ['list', '--sort-by', '{.x'])).code, 2);
});

t.test('list --watch: the table, then one row per change lined up with it, until the signal', async (t) => {
  const fake = cluster();
  let stdout = '';
  const io: Io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: () => true }, readStdin: () => Promise.resolve(Buffer.alloc(0)), env: {}, cwd: '/' };
  const argv = { pending: true, approved: false, denied: false, issued: false, noHeaders: false, watch: true, showLabels: false, showManagedFields: false, allNamespaces: false, output: outputFormat('wide', LIST_FORMATS) };
  const { options, printer } = await complete(argv, io);
  const stop = new AbortController();
  // run(opts, deps) on its own, as main() calls it, with a signal that the CLI would not give list -w.
  const running = run(options, { io, printer, api: () => Promise.resolve(fake.cluster()), now: fake.clock.now, signal: stop.signal });
  await until(() => stdout.split('\n').length === 5, 'the table');
  fake.add(csrFor('f'));
  fake.setCondition('c', 'Approved'); // no longer pending: no row
  await until(() => stdout.split('\n').length === 6, 'a row for f');
  stop.abort();
  fake.endWatches();
  await running;
  const lines = stdout.trimEnd().split('\n');
  t.strictSame(lines.map((l) => l.split(/ +/)[0]), ['NAME', 'c', 'd', 'e', 'f']);
  t.equal(lines[4]!.indexOf('kubernetes.io/'), lines[0]!.indexOf('SIGNERNAME'), 'the watched row lines up with the table');
  t.match(lines[4], /^f +0s +.* +client auth +<none>$/);
});

t.test('inspect NAME: the decoded request with the checks that need the cluster; -o json of each', async (t) => {
  const fake = cluster();
  const r = await runIn(fake, ['inspect', 'a']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /Subject: +CN=a/);
  t.ok(fake.requests.includes('FACTS'), 'the cluster facts are read');
  const json = await runIn(fake, ['inspect', 'a', 'csr/b', '-o', 'json']);
  t.match(JSON.parse(json.stdout), { kind: 'List', items: [{ name: 'a', condition: 'Approved', policy: { scope: 'cluster' } }, { name: 'b', condition: 'Denied' }] });
  t.equal((await runIn(fake, ['inspect', 'a', '-o', 'jsonpath={.request.subject.text}'])).stdout, 'CN=a');
  const missing = await runIn(fake, ['inspect', 'zz']);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /NotFound/);
});
