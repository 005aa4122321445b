// renew, in-process against the in-memory cluster (test/fakes/): the file is rewritten only once a matching
// certificate is issued; a denial or a wait that ends (a timeout, as an interrupt would) leaves it byte for byte.
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { runIn, until } from '../fakes/run-command.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';
import { parseCertificates } from '../../src/pki/certificate.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-run-renew-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(fake: FakeCluster, name: string): string {
  const ca = makeTestCa(undefined, rsaKeyPem('rsa-2048-5'));
  const now = fake.clock.now().getTime();
  const jane = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'jane', organizations: ['dev'], notBefore: new Date(now - DAY), notAfter: new Date(now + 10 * DAY) });
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
contexts: [{name: jane, context: {cluster: c, user: jane}}]
current-context: jane
users:
- {name: jane, user: {client-certificate-data: ${b64(jane.certificatePem)}, client-key-data: ${b64(jane.keyPem)}}}
`,
    { mode: 0o600 },
  );
  return file;
}

const renewing = (fake: FakeCluster) => [...fake.requests].reverse().find((r) => r.startsWith('POST jane-renew-') && !r.endsWith('dry-run'))?.slice(5);

t.test('renew --approve --reuse-key: the same subject asked for, the certificate replaced once issued', async (t) => {
  const fake = new FakeCluster({ signer: true });
  const file = kubeconfig(fake, 'ok.kubeconfig');
  const before = readFileSync(file, 'utf8');
  const r = await runIn(fake, ['renew', file, '--approve', '--reuse-key', '--backup']);
  t.equal(r.code, 0, r.stderr);
  const name = renewing(fake)!;
  t.match(name, /^jane-renew-20260601120000-[0-9a-f]{6}$/, 'named after the CN, the time and the new key');
  t.equal(r.stdout, `certificatesigningrequest.certificates.k8s.io/${name} created\ncertificatesigningrequest.certificates.k8s.io/${name} approved\n`);
  t.match(fake.object(name)!.spec, { expirationSeconds: 11 * 86_400, signerName: 'kubernetes.io/kube-apiserver-client' });
  const after = readFileSync(file, 'utf8');
  t.not(after, before);
  t.equal(readFileSync(`${file}.bak`, 'utf8'), before);
  t.equal(statSync(file).mode & 0o777, 0o600);
  const data = /client-certificate-data: (\S+)/.exec(after)![1]!;
  t.equal(parseCertificates(Buffer.from(data, 'base64').toString())[0]!.subject.text, 'CN=jane, O=dev');
});

t.test('renew: a denial (exit 3) and a wait that ends (exit 5) leave the file as it was', async (t) => {
  const fake = new FakeCluster();
  const file = kubeconfig(fake, 'denied.kubeconfig');
  const before = readFileSync(file, 'utf8');
  const waiting = runIn(fake, ['renew', file]);
  await until(() => renewing(fake) !== undefined && fake.object(renewing(fake)!) !== undefined, 'the renewal CSR');
  fake.setCondition(renewing(fake)!, 'Denied', 'NotYou');
  const r = await waiting;
  t.equal(r.code, 3, r.stderr);
  t.match(r.stderr, `${file} is unchanged until ${renewing(fake)} is approved and issued\nwaiting up to 5m for the certificate of "${renewing(fake)}": pending;`);
  t.equal(readFileSync(file, 'utf8'), before);
  fake.clock.advance(1000);
  const timeout = await runIn(fake, ['renew', file, '--timeout', '0', '--reuse-key']);
  t.equal(timeout.code, 5, timeout.stderr);
  t.equal(readFileSync(file, 'utf8'), before);
  const nothing = await runIn(fake, ['renew', file, '--if-expiring-within', '5d']);
  t.equal(nothing.code, 0);
  t.match(nothing.stderr, /not within 5d: nothing to do/);
});

t.test('a cron renew --approve of an identity with warnings says none of them; -v=2 gives the details', async (t) => {
  const fake = new FakeCluster({ signer: true });
  // O=dev may read Secrets in team-a: a warning when jane was first approved, nothing new for her renewal.
  fake.rbac.roles.push({ metadata: { name: 'dev', namespace: 'team-a' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] });
  fake.rbac.roleBindings.push({ metadata: { name: 'dev', namespace: 'team-a' }, roleRef: { kind: 'Role', name: 'dev' }, subjects: [{ kind: 'Group', name: 'dev' }] });
  const file = kubeconfig(fake, 'cron.kubeconfig');
  const r = await runIn(fake, ['renew', file, '--approve', '--if-expiring-within', '30d']);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stderr, /warning/);
  t.match(r.stderr, /^renewed the client certificate of user "jane"/m);
  fake.clock.advance(1000);
  const detailed = await runIn(fake, ['renew', file, '--approve', '-v=2']);
  t.equal(detailed.code, 0, detailed.stderr);
  const details = detailed.stderr.split('\n').filter((l) => l.startsWith('warning: '));
  t.equal(details.length, 1, detailed.stderr);
  t.match(details[0], /^warning: jane-renew-\S+: \[rbac-namespace-secrets\] O=dev may get secrets in team-a \(Role team-a\/dev, by RoleBinding team-a\/dev\)$/);
});

t.test('renew says so when the signer shortened the lifetime: asked for X, issued for Y', async (t) => {
  const fake = new FakeCluster({ signer: true, signingDurationSeconds: 7 * 86_400 });
  const file = kubeconfig(fake, 'capped.kubeconfig');
  const r = await runIn(fake, ['renew', file, '--approve', '--duration', '30d']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  t.equal(lines.at(-2), 'the signer shortened the lifetime: asked for 30d, issued for 7d');
  t.match(lines.at(-1), /^renewed the client certificate of user "jane" in \S+: serial [0-9A-F:]+, valid until Jun 08, 2026 11:55 UTC \(was Jun 11, 2026 12:00 UTC\)$/);
  const asked = await runIn(new FakeCluster({ signer: true }), ['renew', kubeconfig(fake, 'full.kubeconfig'), '--approve', '--duration', '30d']);
  t.notMatch(asked.stderr, /shortened/, 'the lifetime asked for: nothing said');
});

t.test('renew --dry-run=client sends and writes nothing; =server asks the API server (dryRun=All) and creates nothing', async (t) => {
  const fake = new FakeCluster({ signer: true });
  const file = kubeconfig(fake, 'dry.kubeconfig');
  const before = readFileSync(file, 'utf8');
  const files = () => readdirSync(dir).filter((f) => f.startsWith('dry.kubeconfig')).sort();
  const client = await runIn(fake, ['renew', file, '--approve', '--dry-run=client']);
  t.equal(client.code, 0, client.stderr);
  t.match(client.stdout, /^certificatesigningrequest\.certificates\.k8s\.io\/jane-renew-\S+ created \(dry run\)\n$/);
  t.equal(client.stderr, `nothing was sent, and ${file} is unchanged (the request: CN=jane,O=dev for 11d from kubernetes.io/kube-apiserver-client)\n`);
  t.strictSame(fake.requests, [], 'nothing sent');
  t.strictSame(files(), ['dry.kubeconfig'], 'no lock, no key, no backup');
  const server = await runIn(fake, ['renew', file, '--approve', '--dry-run=server']);
  t.equal(server.code, 0, server.stderr);
  t.match(server.stdout, /^certificatesigningrequest\.certificates\.k8s\.io\/jane-renew-\S+ created \(server dry run\)\n$/);
  t.match(fake.requests, [/^POST jane-renew-\S+ dry-run$/, 'FACTS']);
  t.equal(fake.requests.length, 2, 'one dry-run create, the policy read; no approval');
  t.strictSame(files(), ['dry.kubeconfig']);
  t.equal(readFileSync(file, 'utf8'), before);
  const bad = await runIn(fake, ['renew', file, '--dry-run=maybe']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n');
});
