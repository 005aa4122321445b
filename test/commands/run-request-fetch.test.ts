// request (every mode) and fetch, in-process against the in-memory cluster (test/fakes/): what is sent and in what
// order, what is written and with which mode, and the exit codes of a wait that ends in Denied, Failed or a timeout.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn, until } from '../fakes/run-command.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-run-request-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = join(dir, 'fixture.key');
writeFileSync(keyFile, rsaKeyPem('rsa-2048-2'), { mode: 0o600 });
const at = (name: string) => join(dir, name);

t.test('request --approve --wait --kubeconfig-out: dry run, create, approve, wait; files with their modes', async (t) => {
  const fake = new FakeCluster({ signer: true });
  const r = await runIn(fake, ['request', 'jane', '-g', 'dev', '--key', keyFile, '--approve', '--cert-out', at('jane.crt'), '--kubeconfig-out', at('jane.kubeconfig')]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/jane created\ncertificatesigningrequest.certificates.k8s.io/jane approved\n');
  t.strictSame(fake.requests.slice(0, 4), ['POST jane dry-run', 'FACTS', 'POST jane', 'GET jane']);
  t.match(readFileSync(at('jane.crt'), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  t.equal(statSync(at('jane.kubeconfig')).mode & 0o777, 0o600);
  t.match(readFileSync(at('jane.kubeconfig'), 'utf8'), /server: https:\/\/fake.example:6443/);
  t.match(r.stderr, `wrote certificate to ${at('jane.crt')}`);
  const again = await runIn(fake, ['request', 'jane', '--key', keyFile, '--approve', '--wait', '--cert-out', at('jane.crt')]);
  t.equal(again.code, 1);
  t.match(again.stderr, /already exists/, 'files that exist are refused before anything is sent');
});

t.test('request -o json|name: the object instead of the lines; --local and --dry-run=client send nothing', async (t) => {
  const fake = new FakeCluster();
  const json = await runIn(fake, ['request', 'joe', '--key', keyFile, '-o', 'json']);
  t.equal(json.code, 0, json.stderr);
  t.match(JSON.parse(json.stdout), { kind: 'CertificateSigningRequest', metadata: { name: 'joe' }, spec: { username: 'kubernetes-admin' } });
  const name = await runIn(fake, ['request', 'ann', '--key', keyFile, '-o', 'name']);
  t.equal(name.stdout, 'certificatesigningrequest.certificates.k8s.io/ann\n');
  const before = fake.requests.length;
  const local = await runIn(fake, ['request', 'bob', '--key-out', at('bob.key'), '--key-type', 'ecdsa-p256', '--local', '-o', 'yaml']);
  t.equal(local.code, 0, local.stderr);
  t.match(local.stdout, /^apiVersion: certificates.k8s.io\/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: bob\n/);
  t.equal(fake.requests.length, before, 'nothing sent');
  t.equal(statSync(at('bob.key')).mode & 0o777, 0o600);
  const plain = await runIn(fake, ['request', 'cy', '--key', keyFile, '--dry-run=client']);
  t.equal(plain.stdout, 'certificatesigningrequest.certificates.k8s.io/cy created (dry run)\n');
});

t.test('request: a taken name or a policy block stops before the key is written; flag errors before any request', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('taken'));
  const taken = await runIn(fake, ['request', 'taken', '--key-out', at('taken.key'), '--key-type', 'ed25519']);
  t.equal(taken.code, 1);
  t.match(taken.stderr, 'error: Error from server (AlreadyExists): certificatesigningrequests.certificates.k8s.io "taken" already exists');
  t.notOk(existsSync(at('taken.key')), 'no key for a request that was never made');
  const blocked = await runIn(fake, ['request', 'root', '--duration', '400d', '--approve', '--key-out', at('root.key'), '--key-type', 'ed25519']);
  t.equal(blocked.code, 6, blocked.stderr);
  t.match(blocked.stderr, /--allow duration-too-long/);
  t.notOk(existsSync(at('root.key')));
  t.notOk(fake.object('root'), 'not created');
  const before = fake.requests.length;
  for (const argv of [['request', 'x', '--duration', '1m'], ['request', 'x', '--usages', 'nonsense'], ['request', 'x', '-o', 'wide'], ['request', 'x', '--dry-run=client', '--approve'], ['request', 'x', '--allow', 'weak-key,no-such-id']]) {
    const r = await runIn(fake, argv);
    t.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
  }
  t.equal(fake.requests.length, before, 'usage errors send nothing');
});

t.test('fetch: waits through a watch for the certificate; Denied 3, Failed 4, --timeout 0 on a pending one 5', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  const waiting = runIn(fake, ['fetch', 'jane', '-O', at('fetched.crt'), '--key', keyFile, '--kubeconfig-out', at('fetched.kubeconfig')]);
  await until(() => fake.requests.some((r) => r.startsWith('WATCH')), 'fetch watches');
  fake.compactedThrough = 10_000; // the watch is cut by a 410: fetch reads again and watches on
  fake.endWatches();
  fake.setCondition('jane', 'Approved');
  fake.issue('jane');
  const r = await waiting;
  t.equal(r.code, 0, r.stderr);
  t.equal(readFileSync(at('fetched.crt'), 'utf8'), Buffer.from(fake.object('jane')!.status!.certificate!, 'base64').toString());
  t.equal(statSync(at('fetched.kubeconfig')).mode & 0o777, 0o600);
  const stdout = await runIn(fake, ['fetch', 'jane', '-O', '-']);
  t.match(stdout.stdout, /^-----BEGIN CERTIFICATE-----/);
  const wrongKey = await runIn(fake, ['fetch', 'jane', '-O', '-', '--key', at('bob.key')]);
  t.equal(wrongKey.code, 1, 'a key that does not match is refused');

  fake.add(csrFor('no'));
  fake.setCondition('no', 'Denied', 'Policy', 'no way');
  t.strictSame(await runIn(fake, ['fetch', 'no', '-O', '-']), { code: 3, stdout: '', stderr: 'error: certificate signing request "no" is Denied (Policy: no way)\n' });
  fake.add(csrFor('broken'));
  fake.setCondition('broken', 'Approved');
  fake.setCondition('broken', 'Failed', 'SignerFailed');
  t.equal((await runIn(fake, ['fetch', 'broken', '-O', '-'])).code, 4);
  fake.add(csrFor('later'));
  const pending = await runIn(fake, ['fetch', 'later', '-O', '-', '--timeout', '0']);
  t.equal(pending.code, 5);
  t.equal(pending.stderr, 'error: certificate signing request "later" is Pending; no certificate yet; resume with: kubectl csr fetch later --out -\n');
});
