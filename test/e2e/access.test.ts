// What an approval grants, against the real control plane: inspect of a CSR for O=dev-… shows the ClusterRoleBinding
// and the RoleBinding this test created for that group and nothing else; an identity with no binding says so; RBAC
// the caller cannot read is said; approve's summary names the count and the broadest grant.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-access-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const group = `dev-${tag}`;
const namespace = `team-${tag}`;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const cli = (args: string[], kubeconfig = plane.kubeconfigs.admin) => runCli(args, { cwd: work, env: { KUBECONFIG: kubeconfig } });

async function created(path: string, body: unknown) {
  const res = await api(admin, 'POST', path, body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body.message}`);
}

async function createCsr(name: string, cn: string, groups: string[]) {
  const request = createRequest({ key: generateKey('ecdsa-p256'), commonName: cn, organizations: groups });
  await created(CSRS, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 3600 },
  });
}

t.before(async () => {
  await created('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }];
  await created(`${RBAC}/clusterrolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `dev-view-${tag}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects });
  await created(`${RBAC}/namespaces/${namespace}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'ci', namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects });
});

t.test('inspect of a CSR for the group shows exactly its two bindings', async (t) => {
  const name = `access-dev-${tag}`;
  await createCsr(name, `jane-${tag}`, [group]);
  const text = await cli(['inspect', name]);
  t.equal(text.code, 0, text.stderr);
  const section = text.stdout.slice(text.stdout.indexOf('\nAccess:\n') + 1);
  const lines = section.split('\n').slice(1).filter((l) => l.startsWith('  ')).map((l) => l.trim());
  const role = 'ClusterRole view'.length + 3;
  t.same(lines, [
    `${'ClusterRole view'.padEnd(role)}(cluster-wide, by ClusterRoleBinding dev-view-${tag}, via group ${group})`,
    `${'ClusterRole edit'.padEnd(role)}(namespace ${namespace}, by RoleBinding ci, via group ${group})`,
  ]);
  const json = JSON.parse((await cli(['inspect', name, '-o', 'json'])).stdout);
  t.same(json.access, {
    readable: true,
    bindings: [
      { roleKind: 'ClusterRole', role: 'view', namespace: null, bindingKind: 'ClusterRoleBinding', binding: `dev-view-${tag}`, via: { kind: 'Group', name: group }, roleExists: true },
      { roleKind: 'ClusterRole', role: 'edit', namespace, bindingKind: 'RoleBinding', binding: 'ci', via: { kind: 'Group', name: group }, roleExists: true },
    ],
  });
  const approved = await cli(['approve', name]);
  t.equal(approved.code, 0, approved.stderr);
  t.match(approved.stderr, new RegExp(`(^|\\n)approving ${name}: CN=jane-${tag} O=${group} .* access=2 bindings, broadest ClusterRole view cluster-wide\\n`));
});

t.test('an identity with no binding says so; RBAC the caller cannot read is said, not guessed', async (t) => {
  const name = `access-none-${tag}`;
  await createCsr(name, `lonely-${tag}`, []);
  const text = await cli(['inspect', name]);
  t.equal(text.code, 0, text.stderr);
  t.match(text.stdout, /\nAccess:\n  none: it can authenticate and do what system:authenticated may, nothing more\n/);
  if (!plane.kubeconfigs.requester) return;
  const unreadable = await cli(['inspect', name], plane.kubeconfigs.requester);
  t.equal(unreadable.code, 0, unreadable.stderr);
  t.match(unreadable.stdout, /\nAccess:\n  unknown: RBAC cannot be read \(Forbidden\): (cluster)?role(binding)?s\.rbac\.authorization\.k8s\.io is forbidden: User "test-requester" cannot list resource "(cluster)?role(binding)?s"/);
});
