// The subject holes of issue 21, against the real control plane: a request whose subject means one identity to Go
// (the API server, its signer, its x509 authenticator) and another to a generous reader is refused by `approve` with
// the subject-* finding named; then approved by hand with kubectl, the certificate really is the powerful identity
// (`kubectl auth whoami`, `kubectl auth can-i`), so the refusal mattered. Plain identities are approved. Each request
// is built byte by byte (test/fixtures/pki/der-name.ts) and signed with a real key.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attribute, craftRequest, derName, requestPem } from '../fixtures/pki/der-name.js';
import { runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const kubectl = plane.kubectl;
const harness = !plane.external && kubectl !== undefined;
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-subject-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const CN = '2.5.4.3';
const O = '2.5.4.10';
const UID = '1.3.6.1.4.1.57683.2';
const utf8 = (oid: string, value: string) => attribute(oid, 0x0c, Buffer.from(value));
const visible = (oid: string, value: string) => attribute(oid, 0x1a, Buffer.from(value));
const bmp = (oid: string, value: string) => attribute(oid, 0x1e, Buffer.from(value, 'utf16le').swap16());
const approve = (args: string[]) => runCli(['approve', ...args], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.approver ?? plane.kubeconfigs.admin } });

function kubectlRun(args: string[], kubeconfig = plane.kubeconfigs.admin): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: execFileSync(kubectl!, ['--kubeconfig', kubeconfig, ...args], { stdio: 'pipe' }).toString(), stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: Buffer; stderr: Buffer };
    return { code: e.status, stdout: e.stdout.toString(), stderr: e.stderr.toString() };
  }
}

async function create(path: string, body: object) {
  const res = await api(admin, 'POST', path, body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body.message}`);
}

async function bindClusterAdmin(name: string, kind: 'User' | 'Group', subject: string) {
  await create(`${RBAC}/clusterrolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind, name: subject }],
  });
}

/** Creates the CSR for a crafted subject; returns the key, for the kubeconfig of the certificate. */
async function createCrafted(name: string, rdns: Buffer[][]): Promise<KeyObject> {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  await create(CSRS, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(requestPem(craftRequest(derName(rdns), key))).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'client auth'] },
  });
  return key;
}

/** Approves by hand with kubectl, waits for the certificate, and writes a kubeconfig that uses it. */
async function approveByHand(name: string, key: KeyObject): Promise<string> {
  const approved = kubectlRun(['certificate', 'approve', name]);
  if (approved.code !== 0) throw new Error(`kubectl certificate approve ${name}: ${approved.stderr}`);
  const certificate = await eventually(`the certificate of ${name}`, async () => (await api(admin, 'GET', `${CSRS}/${name}`)).body.status?.certificate as string | undefined);
  const file = join(work, `${name}.kubeconfig`);
  const keyData = Buffer.from(key.export({ type: 'pkcs8', format: 'pem' }) as string).toString('base64');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: c', 'clusters:', `- name: c`, '  cluster:', `    server: ${plane.server}`, `    certificate-authority: ${plane.caCert}`,
    'users:', '- name: u', '  user:', `    client-certificate-data: ${certificate}`, `    client-key-data: ${keyData}`,
    'contexts:', '- name: c', '  context: {cluster: c, user: u}', '',
  ].join('\n'), { mode: 0o600 });
  return file;
}

function whoami(kubeconfig: string): { username: string; groups: string[]; uid?: string } {
  const out = kubectlRun(['auth', 'whoami', '-o', 'json'], kubeconfig);
  t.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout).status.userInfo;
}

interface Hole {
  rdns: Buffer[][];
  /** The subject-* finding approve must name. */
  finding: string;
  user: string;
  groups: string[];
  /** A `kubectl auth can-i` that only the powerful identity answers yes to. */
  canI: string[];
}

const group = `rt-admins-${tag}`;
const root = `root-${tag}`;
const HOLES: Record<string, Hole> = {
  'BMPString O=<cluster-admin group>\\0': {
    rdns: [[utf8(CN, `bmp-${tag}`)], [bmp(O, `${group}\0`)]],
    finding: 'subject-altered-value',
    user: `bmp-${tag}`,
    groups: [group, 'system:authenticated'],
    canI: ['*', '*'],
  },
  'a VisibleString CN hiding CN=system:kube-controller-manager': {
    rdns: [[utf8(CN, 'system:kube-controller-manager')], [visible(CN, `harmless-${tag}`)]],
    finding: 'subject-ignored-type',
    user: 'system:kube-controller-manager',
    groups: ['system:authenticated'],
    canI: ['create', 'serviceaccounts/token', '-n', 'kube-system'],
  },
  'a VisibleString CN hiding a cluster-admin user': {
    rdns: [[utf8(CN, root)], [visible(CN, `harmless-${tag}`)]],
    finding: 'subject-ignored-type',
    user: root,
    groups: ['system:authenticated'],
    canI: ['*', '*'],
  },
  'a VisibleString CN hiding CN=system:node:victim,O=system:nodes': {
    rdns: [[utf8(CN, `system:node:victim-${tag}`)], [utf8(O, 'system:nodes')], [visible(CN, `harmless-${tag}`)]],
    finding: 'subject-ignored-type',
    user: `system:node:victim-${tag}`,
    groups: ['system:nodes', 'system:authenticated'],
    canI: ['get', `nodes/victim-${tag}`],
  },
};

t.before(async () => {
  if (!harness) return;
  await bindClusterAdmin(`subject-group-${tag}`, 'Group', group);
  await bindClusterAdmin(`subject-user-${tag}`, 'User', root);
});

let index = 0;
for (const [what, hole] of Object.entries(HOLES)) {
  const name = `subject-hole-${++index}-${tag}`;
  t.test(`${what}: refused with ${hole.finding}; approved by hand it is ${hole.user}`, { skip: !harness && 'needs the harness and its kubectl' }, async (t) => {
    const key = await createCrafted(name, hole.rdns);
    const refused = await approve([name]);
    t.equal(refused.code, 6, refused.stderr);
    t.match(refused.stderr, new RegExp(`^error: refusing to approve "${name}": .*\\[${hole.finding}\\] `), 'the finding is named');
    t.match(refused.stderr, /read generously: .*; read by Go, as the API server does: /, 'both readings side by side');
    const inspect = await runCli(['inspect', name, '-o', 'json'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
    t.equal(JSON.parse(inspect.stdout).request.subject.commonName, hole.user, 'inspect shows the CN Go reads');
    t.same((await api(admin, 'GET', `${CSRS}/${name}`)).body.status?.conditions ?? [], [], 'left pending');

    const kubeconfig = await approveByHand(name, key);
    const who = whoami(kubeconfig);
    t.equal(who.username, hole.user, 'the certificate is the identity Go read');
    t.same([...who.groups].sort(), [...hole.groups].sort());
    const can = kubectlRun(['auth', 'can-i', ...hole.canI], kubeconfig);
    t.equal(can.stdout.trim(), 'yes', `can-i ${hole.canI.join(' ')}: the refusal mattered`);
  });
}

t.test('controls: plain identities are approved, and fetch checks the certificate is theirs', { skip: !harness && 'needs the harness and its kubectl' }, async (t) => {
  const name = `subject-plain-${tag}`;
  const key = await createCrafted(name, [[utf8(CN, `plain-${tag}`)], [attribute(O, 0x13, Buffer.from(`team-${tag}`))], [bmp(O, `bmp-team-${tag}`)]]);
  const ok = await approve([name]);
  t.equal(ok.code, 0, ok.stderr);
  t.equal(ok.stdout, `certificatesigningrequest.certificates.k8s.io/${name} approved\n`);
  writeFileSync(join(work, `${name}.key`), key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const kubeconfig = join(work, `${name}.kubeconfig`);
  const fetched = await runCli(['fetch', name, '--key', `${name}.key`, '--kubeconfig-out', kubeconfig], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.equal(fetched.code, 0, fetched.stderr);
  const who = whoami(kubeconfig);
  t.equal(who.username, `plain-${tag}`);
  t.same([...who.groups].sort(), [`team-${tag}`, `bmp-team-${tag}`, 'system:authenticated'].sort());
  t.equal(kubectlRun(['auth', 'can-i', '*', '*'], kubeconfig).stdout.trim(), 'no');
});

t.test('a UID in the subject: read by inspect and approve as Go reads it', { skip: !harness && 'needs the harness and its kubectl' }, async (t) => {
  const name = `subject-uid-${tag}`;
  const key = await createCrafted(name, [[utf8(CN, `uid-user-${tag}`)], [utf8(UID, `uid-${tag}`)]]);
  const inspect = await runCli(['inspect', name], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.match(inspect.stdout, new RegExp(`\\n  UID: +uid-${tag}\\n`));
  const dry = await approve([name, '--dry-run=client']);
  t.equal(dry.code, 0, dry.stderr);
  const table = await approve(['--pending', '--signer', 'kubernetes.io/kube-apiserver-client', '--dry-run=client']);
  t.match(table.stdout, new RegExp(`${name}\\s+CN=uid-user-${tag},UID=uid-${tag}\\s`), 'the decision table shows the UID');
  const who = whoami(await approveByHand(name, key));
  t.equal(who.username, `uid-user-${tag}`);
  writeFileSync(join(work, `${name}.key`), key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const fetched = await runCli(['fetch', name, '--key', `${name}.key`], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.equal(fetched.code, 0, `a UID dropped by a kubernetes.io/ signer is no mismatch: ${fetched.stderr}`);
  t.comment(`whoami after issuance by kubernetes.io/kube-apiserver-client: ${JSON.stringify(who)}`);
  t.equal(who.uid, undefined, "the built-in signer writes only pkix.Name's named fields: the UID is not in the certificate");
});
