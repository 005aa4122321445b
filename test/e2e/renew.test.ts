// A certificate's whole life against the real control plane: renew a kubeconfig's certificate (embedded, referenced,
// reused key), what is left when a renewal is denied or interrupted, --if-expiring-within, inspect -f of a kubeconfig,
// and the 401 explanation for a certificate that the cluster's own CA signed and that has expired.
import { humanTime } from '../../src/util/time-text.js';
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { BIN } from '../helpers/run-cli.js';
import { api, eventually } from './api.js';
import { admin, adminCreds, certFacts, cli, credentialsOf, CSR_PATH, csrNames, newUser, plane, tag, whoAmI, workdir } from './renew-fixtures.js';
import { signClientCertificate } from '../fixtures/pki/sign-certificate.js';

/** A time as a person reads it (src/util/time-text.ts): Nov 30, 2026 23:16 UTC. */
const HUMAN_TIME = '\\w{3} \\d\\d, \\d{4} \\d\\d:\\d\\d UTC';
const identities = !plane.external;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

/** Two users and three contexts, a comment and flow maps: a file someone has edited by hand. */
function handEdited(config: any, cn: string, user: string): string {
  const cluster = config.clusters[0];
  return `apiVersion: v1
kind: Config
# edited by hand; renew must keep this comment
clusters:
- name: ${cluster.name}
  cluster:
    server: ${cluster.cluster.server}
    certificate-authority-data: ${cluster.cluster['certificate-authority-data']}
users:
- name: ops-bot
  user: {token: "not-a-real-token"}
- name: ${cn}
  user:
${user}contexts:
- name: ${cn}@test
  context: {cluster: ${cluster.name}, user: ${cn}}
- name: ${cn}-dev
  context:
    cluster: ${cluster.name}
    user: ${cn}
    namespace: dev   # team namespace
- name: bot
  context: {cluster: ${cluster.name}, user: ops-bot}
current-context: ${cn}@test
preferences: {}
`;
}

t.test('renew: embedded certificate and key, a new key, same user and groups, every other byte kept', async (t) => {
  const cwd = workdir('embedded');
  const cn = `jane-${tag}`;
  const { config } = await newUser(cwd, cn);
  const oldCert = fromB64(config.users[0].user['client-certificate-data']);
  const oldKeyB64 = config.users[0].user['client-key-data'];
  const before = handEdited(config, cn, `    client-certificate-data: ${b64(oldCert)}\n    client-key-data: ${oldKeyB64}\n`);
  const file = join(cwd, 'team.kubeconfig');
  writeFileSync(file, before, { mode: 0o644 });

  await nextSecond(); // certificates count in whole seconds: the renewal's not-after must be able to be later
  const res = await cli(['renew', 'team.kubeconfig', '--approve'], cwd);
  t.equal(res.code, 0, res.stderr);
  const [name] = await csrNames(`${cn}-renew-`);
  t.ok(name, 'the CSR is named CN-renew-TIMESTAMP-KEY');
  t.match(name, new RegExp(`^${cn}-renew-\\d{14}-[0-9a-f]{6}$`));
  t.equal(res.stdout, `certificatesigningrequest.certificates.k8s.io/${name} created\ncertificatesigningrequest.certificates.k8s.io/${name} approved\n`);
  t.match(res.stderr, new RegExp(`renewed the client certificate of user "${cn}" in team\\.kubeconfig: serial [0-9A-F:]+, valid until ${HUMAN_TIME} \\(was ${HUMAN_TIME}\\)\\n$`));
  t.notMatch(res.stdout + res.stderr, /PRIVATE KEY/);

  const after = readFileSync(file, 'utf8');
  t.equal(statSync(file).mode & 0o777, 0o644, 'the mode it had (0644), as its owner and group (issue 27)');
  const user = (yaml.load(after) as any).users[1].user;
  const newCert = fromB64(user['client-certificate-data']);
  t.not(user['client-key-data'], oldKeyB64, 'a new key');
  t.equal(
    after.replace(user['client-certificate-data'], b64(oldCert)).replace(user['client-key-data'], oldKeyB64),
    before,
    'with the two old values put back, the file is byte for byte what it was',
  );
  const newKeyType = execFileSync('openssl', ['pkey', '-noout', '-text'], { input: fromB64(user['client-key-data']) }).toString();
  t.match(newKeyType, /Private-Key: \(2048 bit/, 'the same key type (RSA 2048)');

  const who = await whoAmI(credentialsOf(file, cn));
  t.equal(who.username, cn);
  t.same(who.groups, ['dev', 'ops', 'system:authenticated']);
  const was = certFacts(oldCert);
  const now = certFacts(newCert);
  t.not(now.serial, was.serial, 'a new serial');
  t.ok(now.notAfter > was.notAfter, `a later not-after (${now.notAfter.toISOString()} > ${was.notAfter.toISOString()})`);
  const csr = await api(adminCreds(), 'GET', `${CSR_PATH}/${name}`);
  t.equal(csr.body.spec.expirationSeconds, 600, "the old certificate's requested lifetime (10m)");
  t.same(readdirSync(cwd).sort(), [`${cn}.crt`, `${cn}.key`, `${cn}.kubeconfig`, 'team.kubeconfig'], 'no other file, no temporary file');

  if (plane.kubectl) {
    const out = execFileSync(plane.kubectl, ['--kubeconfig', file, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    t.equal(out.toString(), cn, 'kubectl reads the renewed file');
  }
});

t.test('renew: file references get new files beside the old ones; --reuse-key keeps the key', async (t) => {
  const cwd = workdir('files');
  const cn = `ref-${tag}`;
  const { config } = await newUser(cwd, cn);
  mkdirSync(join(cwd, 'certs'));
  renameSync(join(cwd, `${cn}.crt`), join(cwd, 'certs', `${cn}.crt`));
  renameSync(join(cwd, `${cn}.key`), join(cwd, 'certs', `${cn}.key`));
  const oldCert = readFileSync(join(cwd, 'certs', `${cn}.crt`), 'utf8');
  const oldKey = readFileSync(join(cwd, 'certs', `${cn}.key`), 'utf8');
  const before = handEdited(config, cn, `    client-certificate: certs/${cn}.crt\n    client-key: 'certs/${cn}.key'\n`);
  const file = join(cwd, 'team.kubeconfig');
  writeFileSync(file, before, { mode: 0o600 });

  const res = await cli(['renew', file, '--approve', '--backup'], cwd);
  t.equal(res.code, 0, res.stderr);
  const after = readFileSync(file, 'utf8');
  const user = (yaml.load(after) as any).users[1].user;
  t.match(user['client-certificate'], new RegExp(`^certs/${cn}-\\d{14}\\.crt$`), 'relative, beside the old one');
  t.match(user['client-key'], new RegExp(`^certs/${cn}-\\d{14}\\.key$`));
  t.equal(
    after.replace(user['client-certificate'], `certs/${cn}.crt`).replace(user['client-key'], `certs/${cn}.key`),
    before,
    'only the two references changed',
  );
  t.match(after, new RegExp(`client-key: 'certs/${cn}-\\d{14}\\.key'`), 'quoted as it was');
  t.equal(readFileSync(join(cwd, 'certs', `${cn}.crt`), 'utf8'), oldCert, 'the old certificate is untouched');
  t.equal(readFileSync(join(cwd, 'certs', `${cn}.key`), 'utf8'), oldKey, 'the old key is untouched');
  t.equal(statSync(join(cwd, user['client-key'])).mode & 0o777, 0o600, 'the new key is 0600');
  t.equal(statSync(file).mode & 0o777, 0o600);
  t.equal(readFileSync(`${file}.bak`, 'utf8'), before, '--backup keeps the previous file');
  t.equal(statSync(`${file}.bak`).mode & 0o777, 0o600);
  const who = await whoAmI(credentialsOf(file, cn));
  t.equal(who.username, cn);
  t.same(who.groups, ['dev', 'ops', 'system:authenticated']);

  // --reuse-key: the key reference stays, only the certificate is new.
  const second = await cli(['renew', file, '--approve', '--reuse-key', '--name', `${cn}-again`], cwd);
  t.equal(second.code, 0, second.stderr);
  const again = (yaml.load(readFileSync(file, 'utf8')) as any).users[1].user;
  t.equal(again['client-key'], user['client-key'], '--reuse-key: the same key file');
  t.not(again['client-certificate'], user['client-certificate']);
  t.match(again['client-certificate'], new RegExp(`^certs/${cn}-\\d{14}(-2)?\\.crt$`), 'the stamp is replaced, not stacked');
  const certs = readdirSync(join(cwd, 'certs')).sort();
  t.equal(certs.filter((f) => f.endsWith('.key')).length, 2, 'no third key');
  t.equal(certs.filter((f) => f.endsWith('.crt')).length, 3);
  const reused = certFacts(readFileSync(join(cwd, again['client-certificate'])));
  t.ok(reused.notAfter >= certFacts(readFileSync(join(cwd, user['client-certificate']))).notAfter);
  t.equal((await whoAmI(credentialsOf(file, cn))).username, cn);
});

t.test('renew --reuse-key with embedded data: the key bytes stay', async (t) => {
  const cwd = workdir('reuse');
  const cn = `reuse-${tag}`;
  const { kubeconfig, config } = await newUser(cwd, cn);
  const before = readFileSync(kubeconfig, 'utf8');
  const res = await cli(['renew', kubeconfig, '--approve', '--reuse-key'], cwd);
  t.equal(res.code, 0, res.stderr);
  const after = readFileSync(kubeconfig, 'utf8');
  const user = (yaml.load(after) as any).users[0].user;
  t.equal(user['client-key-data'], config.users[0].user['client-key-data']);
  t.equal(after.replace(user['client-certificate-data'], config.users[0].user['client-certificate-data']), before);
  t.equal((await whoAmI(credentialsOf(kubeconfig, cn))).username, cn);
});

/** Starts renew without --approve, so that it waits; resolves once its CSR exists on the server. */
async function waitingRenewal(cwd: string, file: string, cn: string) {
  const child = spawn(BIN, ['renew', file, '--timeout', '2m'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...admin() } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const name = await eventually(`the renewal CSR of ${cn}`, async () => (await csrNames(`${cn}-renew-`))[0]);
  await eventually('renew to say it created the CSR', async () => (stdout.includes('created') ? true : undefined));
  return { child, name, exited, output: () => ({ stdout, stderr }) };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

t.test('a renewal denied by another identity while renew waits: file and keys as they were, exit 3', { skip: !identities && 'needs the approver identity' }, async (t) => {
  const cwd = workdir('denied');
  const cn = `denied-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  const before = snapshot(cwd);
  const mode = statSync(kubeconfig).mode;
  const renewal = await waitingRenewal(cwd, kubeconfig, cn);
  const deny = await cli(['deny', renewal.name, '--reason', 'NotNow', '--message', 'renew next week'], cwd, { KUBECONFIG: plane.kubeconfigs.approver });
  t.equal(deny.code, 0, deny.stderr);
  const { code } = await renewal.exited;
  t.equal(code, 3, 'exit 3, as fetch for a denied CSR');
  t.equal(
    renewal.output().stderr,
    `${kubeconfig} is unchanged until ${renewal.name} is approved and issued\n` +
      `waiting up to 2m for the certificate of "${renewal.name}": pending; someone allowed to approve for signer kubernetes.io/kube-apiserver-client (RBAC verb "approve" on signers) runs: kubectl csr approve ${renewal.name}\n` +
      `error: certificate signing request "${renewal.name}" is Denied (NotNow: renew next week); the kubeconfig ${kubeconfig} is unchanged\n`,
  );
  t.same(snapshot(cwd), before, 'every file byte for byte as before, and no new file');
  t.equal(statSync(kubeconfig).mode, mode);
});

t.test('SIGINT while renew waits: file and keys as they were', async (t) => {
  const cwd = workdir('sigint');
  const cn = `sigint-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  const before = snapshot(cwd);
  const renewal = await waitingRenewal(cwd, kubeconfig, cn);
  renewal.child.kill('SIGINT');
  const { code, signal } = await renewal.exited;
  t.ok(signal === 'SIGINT' || code === 130, `ended by the interrupt (${signal ?? code})`);
  t.same(snapshot(cwd), before, 'every file byte for byte as before, and no new file');
});

t.test('--if-expiring-within 1h on a fresh 24h certificate: nothing is done and nothing is sent', async (t) => {
  const cwd = workdir('cron');
  const cn = `cron-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn, '24h');
  const before = snapshot(cwd);
  const res = await cli(['renew', kubeconfig, '--approve', '--if-expiring-within', '1h'], cwd);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, '');
  t.match(res.stderr, new RegExp(`^the certificate of user "${cn}" in \\S+ expires in 2[34]h \\(\\w{3} \\d\\d, \\d{4} \\d\\d:\\d\\d UTC\\), not within 1h: nothing to do\\n$`));
  t.same(await csrNames(`${cn}-renew-`), [], 'no CSR on the server');
  t.same(snapshot(cwd), before);
  // And the same file does renew when the window covers it.
  await nextSecond();
  const due = await cli(['renew', kubeconfig, '--approve', '--if-expiring-within', '25h'], cwd);
  t.equal(due.code, 0, due.stderr);
  const [renewed] = await csrNames(`${cn}-renew-`);
  t.ok(renewed);
  const csr = await api(adminCreds(), 'GET', `${CSR_PATH}/${renewed}`);
  t.equal(csr.body.spec.expirationSeconds, 86400, "the old certificate's requested lifetime (24h)");
  const was = certFacts(fromB64((yaml.load(before.get(`${cn}.kubeconfig`) ? Buffer.from(before.get(`${cn}.kubeconfig`)!, 'base64').toString() : '') as any).users[0].user['client-certificate-data']));
  const now = certFacts(fromB64(csr.body.status.certificate));
  t.ok(now.notAfter > was.notAfter, `a later not-after (${now.notAfter.toISOString()} > ${was.notAfter.toISOString()})`);
});

function clusterCa() {
  const caCert = plane.caCert!;
  return { caCertPem: readFileSync(caCert, 'utf8'), caKeyPem: readFileSync(join(dirname(caCert), 'ca.key'), 'utf8') };
}

t.test('inspect -f on a kubeconfig: embedded, referenced, token and exec users, and an expired certificate', { skip: !plane.caCert && 'needs the harness CA' }, async (t) => {
  const cwd = workdir('inspect');
  const cn = `look-${tag}`;
  const { config } = await newUser(cwd, cn);
  const user = config.users[0].user;
  const expired = signClientCertificate({ ...clusterCa(), commonName: `gone-${tag}`, organizations: ['dev'], notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  const file = join(cwd, 'all.kubeconfig');
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters: ${JSON.stringify(config.clusters)}
contexts:
- {name: a, context: {cluster: ${config.clusters[0].name}, user: embedded}}
- {name: b, context: {cluster: ${config.clusters[0].name}, user: referenced}}
current-context: a
users:
- name: embedded
  user: {client-certificate-data: ${user['client-certificate-data']}, client-key-data: ${user['client-key-data']}}
- name: referenced
  user: {client-certificate: ${cn}.crt, client-key: ${cn}.key}
- name: ci
  user: {token: abc}
- name: sso
  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin, args: [get-token]}}
- name: gone
  user: {client-certificate-data: ${b64(expired.certificatePem)}, client-key-data: ${b64(expired.keyPem)}}
`);
  const res = await cli(['inspect', '-f', 'all.kubeconfig'], cwd, { KUBECONFIG: join(cwd, 'none') });
  t.equal(res.code, 0, res.stderr);
  const lines = res.stdout.split('\n');
  t.match(lines[0], /^USER\s+CONTEXTS\s+SUBJECT\s+EXPIRES\s+RESIDUAL TIME\s+ISSUER\s+KEY$/);
  t.match(lines[1], new RegExp(`^embedded\\s+a\\s+CN=${cn},O=dev,O=ops\\s+\\w{3} \\d\\d, \\d{4} \\d\\d:\\d\\d UTC\\s+\\dm\\d*s?\\s+CN=kubectl-csr-test-ca\\s+RSA 2048, matches$`));
  t.match(lines[2], new RegExp(`^referenced\\s+b\\s+CN=${cn},O=dev,O=ops\\s+.*\\s+CN=kubectl-csr-test-ca\\s+RSA 2048, matches$`));
  t.match(lines[3], new RegExp(`^gone\\s+<none>\\s+CN=gone-${tag},O=dev\\s+.*EXPIRED 2[34]h ago\\s+CN=kubectl-csr-test-ca\\s+RSA 2048, matches$`));
  t.match(lines.slice(4, 7).join('\n'), /^user "embedded": credential ID X509SHA256=[0-9a-f]{64}\nuser "referenced": credential ID X509SHA256=[0-9a-f]{64}\nuser "gone": credential ID X509SHA256=[0-9a-f]{64}$/);
  t.equal(lines.slice(7).join('\n'), 'user "ci" carries no client certificate (it uses a token)\nuser "sso" carries no client certificate (it uses an exec credential plugin)\n');
  t.match(res.stderr, new RegExp(`warning: the certificate of user "gone" EXPIRED 2[34]h ago`));
  const json = JSON.parse((await cli(['inspect', '-f', 'all.kubeconfig', '-o', 'json'], cwd, { KUBECONFIG: join(cwd, 'none') })).stdout);
  t.same(json.users.map((u: any) => [u.user, u.credential, u.certificate?.expired ?? null]), [
    ['embedded', 'client-certificate', false],
    ['referenced', 'client-certificate', false],
    ['ci', 'token', null],
    ['sso', 'exec', null],
    ['gone', 'client-certificate', true],
  ]);
});

t.test('a 401 with an expired certificate: kubectl\'s line, then since when and the renew command', { skip: !plane.caCert && 'needs the harness CA' }, async (t) => {
  const cwd = workdir('expired');
  const cn = `expired-${tag}`;
  const notAfter = new Date(Math.floor(Date.now() / 1000) * 1000 - 5 * 3600_000);
  const expired = signClientCertificate({ ...clusterCa(), commonName: cn, notBefore: new Date(notAfter.getTime() - 86_400_000), notAfter });
  const admin = yaml.load(readFileSync(plane.kubeconfigs.admin, 'utf8')) as any;
  const file = join(cwd, 'old.kubeconfig');
  writeFileSync(file, yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: admin.clusters,
    users: [{ name: cn, user: { 'client-certificate-data': b64(expired.certificatePem), 'client-key-data': b64(expired.keyPem) } }],
    contexts: [{ name: cn, context: { cluster: admin.clusters[0].name, user: cn } }],
    'current-context': cn,
  }));
  const res = await cli(['list'], cwd, { KUBECONFIG: file });
  t.equal(res.code, 1);
  t.equal(
    res.stderr,
    'error: You must be logged in to the server (Unauthorized)\n' +
      `the client certificate of user "${cn}" expired 5h ago (${humanTime(notAfter)}); ` +
      `renew it with: kubectl csr renew ${file} --user ${cn} (as someone who may create CSRs)\n`,
  );
  if (plane.kubectl) {
    let kubectlErr = '';
    try {
      execFileSync(plane.kubectl, ['--kubeconfig', file, 'get', 'csr'], { stdio: 'pipe' });
    } catch (err) {
      kubectlErr = String((err as { stderr: Buffer }).stderr);
    }
    // kubectl's last line, for the same file: the same words, and nothing about the expiry.
    const kubectlLast = kubectlErr.trimEnd().split('\n').pop()!;
    t.match(kubectlLast, /^error: You must be logged in to the server \(/, `kubectl: ${kubectlLast}`);
    t.notMatch(kubectlErr, /expired/);
  }
  // The same certificate, valid again once renewed by the admin: the explanation's command works as it says.
  const renewal = await cli(['renew', file, '--user', cn, '--approve', '--duration', '1h'], cwd);
  t.equal(renewal.code, 0, renewal.stderr);
  t.equal((await whoAmI(credentialsOf(file, cn))).username, cn, 'the renewed file logs in again');
});
