// Safe approval against the real control plane: policy refusals with their ids, --allow per finding, --dry-run,
// and a bulk run over 200 pending CSRs that approves exactly the good ones.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
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
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-policy-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const cli = (args: string[], kubeconfig = plane.kubeconfigs.admin) => runCli(args, { cwd: work, env: { KUBECONFIG: kubeconfig } });
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

async function createCsr(name: string, spec: { cn: string; groups?: string[]; signer: string; usages: string[]; expirationSeconds?: number; weak?: boolean; ip?: string[] }) {
  const key = spec.weak ? generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey : generateKey('ecdsa-p256');
  const request = createRequest({ key, commonName: spec.cn, organizations: spec.groups ?? [], ip: spec.ip ?? [] });
  const res = await api(admin, 'POST', CSRS, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName: spec.signer, usages: spec.usages, ...(spec.expirationSeconds ? { expirationSeconds: spec.expirationSeconds } : {}) },
  });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${res.body.message}`);
}

async function conditions(name: string): Promise<string[]> {
  const res = await api(admin, 'GET', `${CSRS}/${name}`);
  return (res.body.status?.conditions ?? []).map((c: { type: string }) => c.type);
}

// A group that RBAC makes all-powerful, bound in this test.
const adminGroup = `platform-admins-${tag}`;
t.before(async () => {
  const res = await api(admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `admins-${tag}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: adminGroup }],
  });
  if (res.status !== 201) throw new Error(`binding: ${res.status} ${res.body.message}`);
});

t.test('an O bound to cluster-admin is refused; --force does not override, --allow does', async (t) => {
  const name = `privileged-${tag}`;
  await createCsr(name, { cn: 'mallory', groups: [adminGroup], signer: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] });
  const refused = await cli(['approve', name, '--force']);
  t.equal(refused.code, 6);
  t.equal(
    refused.stderr,
    `error: refusing to approve "${name}": [privileged-group] O=${adminGroup} is bound to ClusterRole cluster-admin by ClusterRoleBinding admins-${tag} (to override, --allow privileged-group)\n`,
  );
  t.same(await conditions(name), [], 'nothing changed');
  const inspect = await cli(['inspect', name, '-o', 'json']);
  t.same(JSON.parse(inspect.stdout).policy.findings.map((f: { id: string }) => f.id), ['privileged-group']);
  const allowed = await cli(['approve', name, '--allow', 'privileged-group']);
  t.equal(allowed.code, 0, allowed.stderr);
  t.same(await conditions(name), ['Approved']);
});

t.test('a CN of system:node:x from a requestor that is not a node', async (t) => {
  const client = `node-client-${tag}`;
  await createCsr(client, { cn: 'system:node:x', groups: ['system:nodes'], signer: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] });
  const res = await cli(['approve', client]);
  t.equal(res.code, 6);
  t.match(res.stderr, /\[impersonates-node\] CN=system:node:x would let the holder act as a node; \[impersonates-node\] O=system:nodes would let the holder act as the nodes group/);
  const kubelet = `node-kubelet-${tag}`;
  await createCsr(kubelet, { cn: 'system:node:x', groups: ['system:nodes'], signer: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] });
  const res2 = await cli(['approve', kubelet]);
  t.equal(res2.code, 6);
  t.match(res2.stderr, /\[requestor-not-node\] requested by test-admin, not by system:node:x itself in group system:nodes/);
});

t.test('a kubelet-serving request whose IP SAN is not an address of its Node', async (t) => {
  const node = `worker-${tag}`;
  const created = await api(admin, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: node } });
  t.equal(created.status, 201);
  const status = await api(admin, 'PUT', `/api/v1/nodes/${node}/status`, {
    ...created.body,
    status: { addresses: [{ type: 'InternalIP', address: '10.9.0.5' }, { type: 'Hostname', address: node }] },
  });
  t.equal(status.status, 200);
  // Requested as the node itself: the API server records the impersonated kubelet as the requestor.
  const asNode = ['--as', `system:node:${node}`, '--as-group', 'system:nodes', '--as-group', 'system:authenticated'];
  const common = ['--signer', 'kubernetes.io/kubelet-serving', '--key-type', 'ecdsa-p256', '--cn', `system:node:${node}`, '-g', 'system:nodes', '--dns', node];
  const bad = `serving-bad-${tag}`;
  t.equal((await cli(['request', bad, ...common, '--ip', '10.9.0.99', ...asNode])).code, 0);
  const refused = await cli(['approve', bad]);
  t.equal(refused.code, 6);
  t.match(refused.stderr, new RegExp(`\\[san-not-node-address\\] IP:10\\.9\\.0\\.99 is not an address of Node ${node}`));
  const good = `serving-good-${tag}`;
  t.equal((await cli(['request', good, ...common, '--ip', '10.9.0.5', ...asNode])).code, 0);
  const approved = await cli(['approve', good]);
  t.equal(approved.code, 0, approved.stderr);
  t.same(await conditions(good), ['Approved']);
});

t.test('bulk approval over 200 pending CSRs approves exactly the good ones; --dry-run changes nothing', async (t) => {
  const signer = `example.com/bulk-${tag}`;
  const kinds = ['good', 'good', 'good', 'privileged', 'weak', 'ca', 'long', 'good'] as const;
  const names = Array.from({ length: 200 }, (_, i) => `bulk-${tag}-${String(i).padStart(3, '0')}-${kinds[i % kinds.length]}`);
  const bad = (n: string) => !n.endsWith('-good');
  const { mapLimit } = await import('../../src/util/map-limit.js');
  await mapLimit(names, 16, (name) => {
    const kind = name.slice(name.lastIndexOf('-') + 1);
    return createCsr(name, {
      cn: name,
      groups: kind === 'privileged' ? [adminGroup] : ['bulk'],
      signer,
      usages: kind === 'ca' ? ['digital signature', 'cert sign'] : ['digital signature', 'client auth'],
      expirationSeconds: kind === 'long' ? 10 * 365 * 24 * 3600 : 3600,
      weak: kind === 'weak',
    });
  });

  const dry = await cli(['approve', '--pending', '--signer', signer, '--dry-run=client']);
  t.equal(dry.code, 6, 'some would be refused');
  const table = dry.stdout.split('\n');
  t.match(table[0], /^NAME\s+SUBJECT\s+SIGNER\s+REQUESTOR\s+DECISION\s+REASON$/);
  t.equal(table.filter((l) => /\sapprove\s+unknown-signer$/.test(l)).length, 100);
  t.equal(table.filter((l) => /\srefuse\s+privileged-group$/.test(l)).length, 25);
  t.equal(table.filter((l) => /\srefuse\s+weak-key$/.test(l)).length, 25);
  t.equal(table.filter((l) => /\srefuse\s+usages-excessive$/.test(l)).length, 25);
  t.equal(table.filter((l) => /\srefuse\s+duration-too-long$/.test(l)).length, 25);
  t.match(dry.stderr, /^approved 100 \(dry run\), refused by policy 100, failed 0\n$/);
  const untouched = await Promise.all(names.slice(0, 16).map(conditions));
  t.same(untouched, names.slice(0, 16).map(() => []), 'the dry run changed nothing');

  const real = await cli(['approve', '--pending', '--signer', signer]);
  t.equal(real.code, 6);
  t.match(real.stderr, /^approved 100, refused by policy 100, failed 0\n$/);
  const after = await api(admin, 'GET', `${CSRS}?fieldSelector=spec.signerName=${signer}`);
  const state = new Map<string, string[]>(after.body.items.map((c: any) => [c.metadata.name, (c.status?.conditions ?? []).map((x: any) => x.type)]));
  t.same(names.filter((n) => state.get(n)!.includes('Approved')), names.filter((n) => !bad(n)), 'exactly the good ones are approved');
  t.same(names.filter(bad).map((n) => state.get(n)), names.filter(bad).map(() => []), 'the bad ones are left as they were');

  const deny = await cli(['deny', '--pending', '--failing', '--signer', signer, '-o', 'name']);
  t.equal(deny.code, 0, deny.stderr);
  t.equal(deny.stdout.split('\n').filter(Boolean).length, 100);
  const denied = await api(admin, 'GET', `${CSRS}/${names[3]}`);
  const condition = denied.body.status.conditions[0];
  t.same([condition.type, condition.message], ['Denied', 'This CSR was denied by kubectl csr deny. Findings: privileged-group, unknown-signer.']);
});
