// approve --pending over a list of several pages (issue 26): each page judged, printed and decided before the list is
// read to its end, the decision table lined up with its first page, RBAC read once; -o json still one List; a list
// that breaks off after a page; a terminal's question that counts the whole list.
import t from 'tap';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn } from '../fakes/run-command.js';

const LINE = 'certificatesigningrequest.certificates.k8s.io';

/** Five pending CSRs on pages of two: the widest cells first, and the last one asks for system:masters. */
function cluster(): FakeCluster {
  const fake = new FakeCluster({ pageSize: 2 });
  fake.add(csrFor('a-longest-name', { groups: ['a-group-with-a-long-name'] }));
  for (const n of ['b', 'c', 'd']) fake.add(csrFor(n));
  fake.add(csrFor('e', { groups: ['system:masters'] }));
  return fake;
}

t.test('a page at a time: its rows, then its decisions, before the next page but one is read; RBAC read once', async (t) => {
  const fake = cluster();
  const r = await runIn(fake, ['approve', '--pending']);
  t.equal(r.code, 6, 'e refused by policy');
  t.equal(r.stderr, 'approved 4, refused by policy 1, failed 0\n');
  const lines = r.stdout.trimEnd().split('\n');
  const kinds = lines.map((l) => (l.startsWith('NAME') ? 'head' : l.startsWith(LINE) ? l.slice(LINE.length + 1) : `row ${l.split(' ')[0]}`));
  t.strictSame(kinds, ['head', 'row a-longest-name', 'row b', 'a-longest-name approved', 'b approved', 'row c', 'row d', 'c approved', 'd approved', 'row e']);
  const table = lines.filter((l) => !l.startsWith(LINE));
  const signerAt = table.map((l) => l.indexOf(l.startsWith('NAME') ? 'SIGNER' : 'kubernetes.io/'));
  t.strictSame(signerAt, table.map(() => signerAt[0]), 'the later pages line up with the first');
  t.match(table.at(-1), /\srefuse\s+privileged-group,subject-rejected-by-signer$/);
  t.equal(fake.requests.filter((q) => q.startsWith('FACTS')).length, 1, 'RBAC read with the first page only');
  t.equal(fake.requests.filter((q) => q.startsWith('NODES')).length, 2, 'the later pages read their Nodes');
  const lists = fake.requests.flatMap((q, i) => (q.startsWith('LIST') ? [i] : []));
  t.equal(lists.length, 3);
  t.ok(fake.requests.indexOf('PUT a-longest-name/approval') < lists[2]!, 'the first page decided before the third is read');
});

t.test('-o json over pages: one List of every CSR decided, the table on stderr', async (t) => {
  const r = await runIn(cluster(), ['approve', '--pending', '-o', 'json']);
  t.equal(r.code, 6);
  const list = JSON.parse(r.stdout);
  t.equal(list.kind, 'List');
  t.strictSame(
    list.items.map((c: { metadata: { name: string } }) => c.metadata.name),
    ['a-longest-name', 'b', 'c', 'd'],
  );
  t.match(r.stderr, /^NAME\s+SUBJECT/);
  t.match(r.stderr, /\napproved 4, refused by policy 1, failed 0\n$/);
});

t.test('the list breaks off after its first page: that page decided, the rest said not decided, exit 8', async (t) => {
  const fake = cluster();
  fake.failNext('page', FakeCluster.gone());
  const r = await runIn(fake, ['approve', '--pending', '-o', 'name']);
  t.equal(r.code, 8, r.stderr);
  t.equal(r.stdout, `${LINE}/a-longest-name\n${LINE}/b\n`);
  t.match(r.stderr, /\nerror: could not list the pending CSRs beyond the first 2: Unable to connect to the server: read tcp: connection reset by peer; the rest were not decided\napproved 2, refused by policy 0, failed 0\n$/);
  t.strictSame((fake.object('c')!.status?.conditions ?? []).length, 0, 'c was never listed, and is pending');
});

t.test('on a terminal the question counts the whole list, and a no sends nothing', async (t) => {
  const fake = cluster();
  const r = await runIn(fake, ['approve', '--pending'], { answers: ['n'] });
  t.equal(r.code, 1);
  t.match(r.stderr, /Approve 4 certificate signing requests\? \[y\/N\] nothing changed\n$/);
  t.equal(r.stdout.split('\n').filter((l) => l.startsWith('NAME')).length, 1);
  t.notOk(fake.requests.some((q) => q.startsWith('PUT')));
  const yes = await runIn(fake, ['approve', '--pending'], { answers: ['y'] });
  t.equal(yes.code, 6);
  t.match(yes.stderr, /\] approved 4, refused by policy 1, failed 0\n$/);
});
