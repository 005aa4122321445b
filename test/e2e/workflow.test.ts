// The whole workflow through the built binary against the real control plane: request, approve, deny, fetch,
// list and inspect, with the harness's identities and kubectl's words.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const identities = !plane.external;
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-workflow-'));
const unique = (base: string) => `${base}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const as = (identity: 'admin' | 'requester' | 'approver' | 'nobody') => ({ KUBECONFIG: plane.kubeconfigs[identity]! });
const cli = (args: string[], identity: 'admin' | 'requester' | 'approver' | 'nobody' = 'admin') =>
  runCli(args, { cwd: work, env: as(identity) });

async function whoAmI(kubeconfig: string) {
  const creds = credentialsFrom(kubeconfig);
  const res = await api(creds, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  return res.body.status.userInfo as { username: string; groups: string[] };
}

t.test('request --approve --kubeconfig-out creates a user in one command', async (t) => {
  const name = unique('jane');
  const res = await cli(['request', name, '--cn', 'jane', '-g', 'dev', '-g', 'ops', '--approve', '--kubeconfig-out', `${name}.kubeconfig`]);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, `certificatesigningrequest.certificates.k8s.io/${name} created\ncertificatesigningrequest.certificates.k8s.io/${name} approved\n`);
  t.equal(statSync(join(work, `${name}.key`)).mode & 0o777, 0o600, 'key is 0600');
  t.equal(statSync(join(work, `${name}.kubeconfig`)).mode & 0o777, 0o600, 'kubeconfig is 0600');
  t.match(readFileSync(join(work, `${name}.crt`), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  t.notMatch(res.stdout + res.stderr, /PRIVATE KEY/, 'the key is never printed');
  const who = await whoAmI(join(work, `${name}.kubeconfig`));
  t.equal(who.username, 'jane');
  t.same(who.groups, ['dev', 'ops', 'system:authenticated']);
  // kubectl itself reads the kubeconfig we wrote.
  const kubectl = plane.kubectl;
  if (kubectl) {
    const out = execFileSync(kubectl, ['--kubeconfig', join(work, `${name}.kubeconfig`), 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    t.equal(out.toString(), 'jane');
  }
});

t.test('O=system:masters is refused before the round trip, and nothing is written', async (t) => {
  const name = unique('root');
  const res = await cli(['request', name, '-g', 'system:masters']);
  t.equal(res.code, 2);
  t.equal(res.stderr, 'error: O=system:masters is refused for signer kubernetes.io/kube-apiserver-client by the API server\'s CertificateSubjectRestriction admission plugin\n');
  t.equal(existsSync(join(work, `${name}.key`)), false);
});

t.test('an existing key file is never overwritten without --overwrite', async (t) => {
  const name = unique('keep');
  writeFileSync(join(work, `${name}.key`), 'precious');
  const res = await cli(['request', name]);
  t.equal(res.code, 1);
  t.equal(
    res.stderr,
    `error: ${name}.key: private key already exists; if an earlier "request ${name}" was interrupted, resume it with: ` +
      `kubectl csr fetch ${name} --key ${name}.key; or pass --overwrite to start over with a new key\n`,
  );
  t.equal(readFileSync(join(work, `${name}.key`), 'utf8'), 'precious');
  const get = await api(credentialsFrom(plane.kubeconfigs.admin), 'GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`);
  t.equal(get.status, 404, 'no CSR was created');
});

t.test('requester asks, approver approves, fetch hands out the certificate', { skip: !identities && 'needs the harness identities' }, async (t) => {
  const name = unique('bob');
  const req = await cli(['request', name, '--key-type', 'ecdsa-p256', '--duration', '1h'], 'requester');
  t.equal(req.code, 0, req.stderr);
  t.equal(statSync(join(work, `${name}.key`)).mode & 0o777, 0o600);

  const list = await cli(['list'], 'requester');
  t.equal(list.code, 0, list.stderr);
  const [head, ...rows] = list.stdout.trimEnd().split('\n');
  t.match(head, /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION\s+SUBJECT$/);
  const row = rows.find((r) => r.startsWith(`${name} `))!.split(/\s+/);
  t.same([row[0], row[2], row[3], row[4], row[5], row[6]], [name, 'kubernetes.io/kube-apiserver-client', 'test-requester', '60m', 'Pending', `CN=${name}`]);

  const forbidden = await cli(['approve', name], 'nobody');
  t.equal(forbidden.code, 1);
  t.match(forbidden.stderr, /^error: Error from server \(Forbidden\): certificatesigningrequests\.certificates\.k8s\.io "[^"]+" is forbidden: User "test-nobody" cannot get resource "certificatesigningrequests"/);

  const approved = await cli(['approve', name], 'approver');
  t.equal(approved.code, 0, approved.stderr);
  t.equal(approved.stdout, `certificatesigningrequest.certificates.k8s.io/${name} approved\n`);
  t.equal(
    approved.stderr,
    `approving ${name}: CN=${name} O=<none> SANs=<none> signer=kubernetes.io/kube-apiserver-client usages=digital signature,client auth duration=60m requestor=test-requester access=none beyond system:authenticated\n`,
    'a summary of what is granted, on stderr',
  );

  const fetched = await cli(['fetch', name, '--key', `${name}.key`, '--kubeconfig-out', `${name}.kubeconfig`], 'requester');
  t.equal(fetched.code, 0, fetched.stderr);
  const who = await whoAmI(join(work, `${name}.kubeconfig`));
  t.equal(who.username, name);

  const inspect = await cli(['inspect', name, '-o', 'json'], 'requester');
  t.equal(inspect.code, 0, inspect.stderr);
  const view = JSON.parse(inspect.stdout);
  t.equal(view.condition, 'Approved,Issued');
  t.equal(view.certificateMatchesRequest, true);
  t.equal(view.request.publicKey.curve, 'P-256');
  t.equal(view.expirationSeconds, 3600);
  t.same(view.certificates[0].extendedKeyUsage, ['TLS Web Client Authentication']);
});

t.test('kubectl parity for approve and deny', async (t) => {
  const name = unique('carol');
  t.equal((await cli(['request', name])).code, 0);
  const again = await cli(['approve', name, name]);
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stdout.split('\n').filter(Boolean).length, 2);
  const denied = await cli(['deny', name]);
  t.equal(denied.code, 1);
  t.equal(denied.stderr, `error: certificate signing request "${name}" is already Approved\n`);

  const dave = unique('dave');
  t.equal((await cli(['request', dave])).code, 0);
  const deny = await cli(['deny', dave, '-o', 'name']);
  t.equal(deny.stdout, `certificatesigningrequest.certificates.k8s.io/${dave}\n`);
  const approve = await cli(['approve', dave]);
  t.equal(approve.code, 3, 'approving a denied CSR exits 3');
  t.equal(approve.stderr, `error: certificate signing request "${dave}" is already Denied\n`);
  const fetch = await cli(['fetch', dave]);
  t.equal(fetch.code, 3);
  t.match(fetch.stderr, new RegExp(`^error: certificate signing request "${dave}" is Denied \\(KubectlCsrDeny: This CSR was denied by kubectl csr deny\\.\\)\\n$`));

  const missing = await cli(['approve', 'no-such-csr']);
  t.equal(missing.code, 1);
  t.equal(missing.stderr, 'error: Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "no-such-csr" not found\n');
});

t.test('list matches kubectl get csr', { skip: !plane.kubectl && 'no kubectl' }, async (t) => {
  const ours = await cli(['list']);
  const theirs = execFileSync(plane.kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'get', 'csr']).toString();
  // Other test files create CSRs at the same time: compare the header and this file's rows.
  const mine = (line: string) => line.startsWith('NAME ') || line.includes(`-${process.pid}-`);
  // Our table is kubectl's plus SUBJECT at the end; the subjects here have no spaces.
  const columns = (text: string, extra: number) =>
    text.trimEnd().split('\n').filter(mine).map((l) => l.split(/\s+/)).map((c) => [c[0], ...c.slice(2, c.length - extra)].join(' ')).sort();
  t.ok(columns(ours.stdout, 1).length > 3);
  t.same(columns(ours.stdout, 1), columns(theirs, 0), 'same rows and columns, AGE aside');
});

t.test('KUBECONFIG is a list: missing files are ignored and the first file wins', async (t) => {
  const res = await runCli(['list', '-o', 'name'], { cwd: work, env: { KUBECONFIG: `${join(work, 'missing')}:${plane.kubeconfigs.admin}` } });
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /^certificatesigningrequest\.certificates\.k8s\.io\//);
});

t.test('a kubelet-serving ECDSA P-256 request is issued by the real signer', async (t) => {
  const node = unique('worker');
  const name = unique('serving');
  const res = await cli(['request', name, '--signer', 'kubernetes.io/kubelet-serving', '--key-type', 'ecdsa-p256',
    '--cn', `system:node:${node}`, '-g', 'system:nodes', '--dns', `${node}.example`, '--ip', '10.1.2.3', '--approve', '--wait', '-o', 'json',
    // The admin is not the node, and the Node does not exist: policy says so, and this test overrides it.
    '--allow', 'requestor-not-node']);
  t.equal(res.code, 0, res.stderr);
  const csr = JSON.parse(res.stdout);
  t.same(csr.spec.usages, ['digital signature', 'server auth']);
  t.ok(csr.status.certificate, 'printed as the server has it after issuance');
  const inspect = await cli(['inspect', '-f', `${name}.crt`, '-o', 'json']);
  const [cert] = JSON.parse(inspect.stdout).certificates;
  t.equal(cert.subject.text, `O=system:nodes, CN=system:node:${node}`, 'the signer writes O before CN');
  t.same(cert.sans, { dns: [`${node}.example`], ip: ['10.1.2.3'], email: [], uri: [] });
  t.same(cert.extendedKeyUsage, ['TLS Web Server Authentication']);
  t.equal(cert.publicKey.curve, 'P-256');
});

t.test('a request the signer rejects after approval: fetch reports Failed, exit 4', async (t) => {
  const name = unique('bad-usage');
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', join(work, `${name}.key`), '-out', join(work, `${name}.csr`)], { stdio: 'ignore' });
  // Made by hand: our own preflight would refuse "server auth" for this signer before the round trip.
  const created = await api(credentialsFrom(plane.kubeconfigs.admin), 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: readFileSync(join(work, `${name}.csr`)).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth', 'server auth'] },
  });
  t.equal(created.status, 201);
  const refused = await cli(['approve', name]);
  t.equal(refused.code, 6, 'policy refuses what the signer would reject');
  t.match(refused.stderr, /^error: refusing to approve "[^"]+": \[usages-rejected-by-signer\] signer kubernetes\.io\/kube-apiserver-client does not allow usages server auth/);
  t.equal((await cli(['approve', name, '--allow', 'usages-rejected-by-signer'])).code, 0);
  const fetch = await cli(['fetch', name, '--timeout', '30s']);
  t.equal(fetch.code, 4);
  t.equal(fetch.stderr, `error: certificate signing request "${name}" Failed (SignerValidationFailure: invalid usage for client certificate: server auth)\n`);
  const list = await cli(['list', '--approved', '-o', 'wide']);
  const row = list.stdout.split('\n').find((l) => l.startsWith(`${name} `))!;
  t.match(row, /\s+Approved,Failed\s+CN=\S+\s+<none>\s+client auth,server auth\s+<none>$/, 'EXPIRES: <none> without a certificate');
});

t.test('--reason and --message, and a 403 that names the missing permission', { skip: !identities && 'needs the harness identities' }, async (t) => {
  const name = unique('kubelet');
  const node = unique('node');
  // As the requester: the csrapproving controller would auto-approve a kubelet client CSR from an admin.
  const requested = await cli(['request', name, '--signer', 'kubernetes.io/kube-apiserver-client-kubelet', '--key-type', 'ecdsa-p256', '--cn', `system:node:${node}`, '-g', 'system:nodes'], 'requester');
  t.equal(requested.code, 0, requested.stderr);
  const blocked = await cli(['approve', name], 'approver');
  t.equal(blocked.code, 6, 'policy speaks first: the requestor is not the node');
  const forbidden = await cli(['approve', name, '--allow', 'requestor-not-node'], 'approver');
  t.equal(forbidden.code, 1);
  t.match(forbidden.stderr, /^approving .*\nerror: Error from server \(Forbidden\): .*user not permitted to approve requests with signerName "kubernetes\.io\/kube-apiserver-client-kubelet" \(to approve, RBAC must allow update on certificatesigningrequests\/approval and approve on signers\/kubernetes\.io\/kube-apiserver-client-kubelet in group certificates\.k8s\.io\)\n$/);
  const denied = await cli(['deny', name, '--reason', 'UnknownNode', '--message', 'no such node in inventory', '-o', 'json']);
  t.equal(denied.code, 0, denied.stderr);
  const condition = JSON.parse(denied.stdout).status.conditions[0];
  t.same([condition.type, condition.reason, condition.message], ['Denied', 'UnknownNode', 'no such node in inventory']);
});

t.test('fetch hints when no signer issues an approved CSR, then times out with exit 5', async (t) => {
  const name = unique('unsigned');
  t.equal((await cli(['request', name, '--signer', 'example.com/nobody-signs-this', '--usages', 'client auth', '--approve'])).code, 0);
  const fetch = await cli(['fetch', name, '--timeout', '12s']);
  t.equal(fetch.code, 5);
  t.equal(
    fetch.stderr,
    `waiting up to 12s for the certificate of "${name}": approved; waiting for signer example.com/nobody-signs-this to issue it\n` +
      `certificate signing request "${name}" is Approved but not issued after 10s: is a signer running for example.com/nobody-signs-this? (managed clusters such as EKS never sign kubernetes.io/kube-apiserver-client)\n` +
      `error: timed out after 12s waiting for the certificate of "${name}" (it is Approved); resume with: kubectl csr fetch ${name}\n`,
  );
  t.equal(existsSync(join(work, `${name}.crt`)), false, 'no partial certificate');
});

t.test('kubectl\'s words for 401 and for a server that cannot be reached', async (t) => {
  const bad = join(work, 'bad-token.kubeconfig');
  writeFileSync(bad, readFileSync(plane.kubeconfigs.admin, 'utf8').replace(/token: \S+/, 'token: not-a-valid-token'));
  const unauthorized = await runCli(['list'], { cwd: work, env: { KUBECONFIG: bad } });
  t.equal(unauthorized.code, 1);
  t.equal(unauthorized.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  const refused = await runCli(['list', '--server', 'https://127.0.0.1:1'], { cwd: work, env: as('admin') });
  t.equal(refused.code, 1);
  t.equal(refused.stderr, 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');
});

t.test('list --watch prints a row when a CSR changes', async (t) => {
  const name = unique('watched');
  t.equal((await cli(['request', name])).code, 0);
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../helpers/run-cli.js');
  const child = spawn(BIN, ['list', '--watch', '--signer', 'kubernetes.io/kube-apiserver-client'], { cwd: work, env: { ...process.env, ...as('admin') } });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    return re.test(out);
  };
  t.ok(await waitFor(new RegExp(`\\n${name}\\s.*Pending`)), 'the first table');
  t.equal((await cli(['approve', name])).code, 0);
  t.ok(await waitFor(new RegExp(`\\n${name}\\s.*Approved,Issued`)), 'a row for the change');
  child.kill('SIGINT');
});
