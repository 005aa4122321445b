// One --dry-run[=none|client|server] (issue 23), in-process against the in-memory cluster: client sends and writes
// nothing, server sends the change with dryRun=All and stores nothing, for request and for approve/deny.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn } from '../fakes/run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-dry-run-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('request --dry-run=server: the server validates the create; nothing is stored or written', async (t) => {
  const fake = new FakeCluster();
  const r = await runIn(fake, ['request', 'jane', '--key-type', 'ed25519', '--dry-run=server', '-o', 'json'], { cwd: dir });
  t.equal(r.code, 0, r.stderr);
  t.strictSame(fake.requests, ['POST jane dry-run']);
  t.match(JSON.parse(r.stdout), { metadata: { name: 'jane' }, spec: { username: 'kubernetes-admin' } }, "the server's answer");
  t.notOk(fake.object('jane'));
  t.notOk(existsSync(join(dir, 'jane.key')), 'no key written');
  const lines = await runIn(fake, ['request', 'jane', '--key-type', 'ed25519', '--dry-run=server'], { cwd: dir });
  t.equal(lines.stdout, 'certificatesigningrequest.certificates.k8s.io/jane created (server dry run)\n');
  fake.add(csrFor('taken'));
  const taken = await runIn(fake, ['request', 'taken', '--key-type', 'ed25519', '--dry-run=server'], { cwd: dir });
  t.equal(taken.code, 1);
  t.match(taken.stderr, '"taken" already exists');
  const client = await runIn(fake, ['request', 'ann', '--key-type', 'ed25519', '--dry-run=client'], { cwd: dir });
  t.equal(client.code, 0);
  t.equal(fake.requests.filter((q) => q.includes('ann')).length, 0, 'client: nothing sent');
  t.notOk(existsSync(join(dir, 'ann.key')), 'client: nothing written');
});

t.test('approve/deny --dry-run=server: the update is sent with dryRun=All and not stored; client sends none', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane'));
  const approve = await runIn(fake, ['approve', 'jane', '--dry-run=server']);
  t.equal(approve.code, 0, approve.stderr);
  t.equal(approve.stdout, 'certificatesigningrequest.certificates.k8s.io/jane approved (server dry run)\n');
  t.ok(fake.requests.includes('PUT jane/approval dry-run'));
  t.equal(fake.object('jane')!.status?.conditions, undefined, 'nothing stored');
  const deny = await runIn(fake, ['deny', 'jane', '--dry-run=server', '-o', 'jsonpath={.status.conditions[0].type}']);
  t.equal(deny.stdout, 'Denied', "the server's answer carries the condition");
  t.equal(fake.object('jane')!.status?.conditions, undefined);
  const before = fake.requests.filter((q) => q.startsWith('PUT')).length;
  const bare = await runIn(fake, ['approve', '--dry-run', 'jane']);
  t.equal(bare.code, 0, bare.stderr);
  t.equal(bare.stdout, 'certificatesigningrequest.certificates.k8s.io/jane approved (dry run)\n', 'a bare --dry-run is client, and jane stays a name');
  t.match(bare.stderr, /^warning: --dry-run is deprecated and can be replaced with --dry-run=client\.\n/);
  t.equal(fake.requests.filter((q) => q.startsWith('PUT')).length, before, 'client: no update sent');
});
