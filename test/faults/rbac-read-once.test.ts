// One RBAC (and ServiceAccount) read per command, whatever the number of CSRs: counted on a scripted server, where every request is seen.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { json, startFaultServer } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-rbac-once-'));

function csr(name: string) {
  const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: name, organizations: ['dev'] })).toString('base64');
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'jane' },
    status: {},
  };
}

t.test('inspect of three CSRs and approve --pending over three read RBAC once, and show the access from it', async (t) => {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  const csrs = ['a', 'b', 'c'].map(csr);
  const binding = { metadata: { name: 'dev-view' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'dev' }] };
  server.on(/^GET \/apis\/rbac.*\/clusterrolebindings/, (_q, res) => json(res, { items: [binding] }));
  server.on(/^GET \/apis\/rbac.*\/clusterroles/, (_q, res) => json(res, { items: [{ metadata: { name: 'view' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }] }));
  server.on(/^GET \/apis\/rbac/, (_q, res) => json(res, { items: [] }));
  server.on(/^GET \/api\/v1\/serviceaccounts/, (_q, res) => json(res, { items: [{ metadata: { name: 'default', namespace: 'default' } }] }));
  server.on(/^GET [^?]*certificatesigningrequests\/([abc])$/, (q, res) => json(res, csrs.find((c) => q.url!.endsWith(`/${c.metadata.name}`))));
  server.on(/^GET [^?]*certificatesigningrequests\?/, (_q, res) => json(res, { metadata: { resourceVersion: '5' }, items: csrs }));
  server.on(/^PUT .*\/approval$/, (q, res) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => json(res, JSON.parse(body)));
  });
  const env = { KUBECONFIG: server.kubeconfig(dir) };
  const rbacCalls = () => server.calls.filter((c) => c.startsWith('GET /apis/rbac') || c.startsWith('GET /api/v1/serviceaccounts')).length;

  const inspect = await runCli(['inspect', 'a', 'b', 'c'], { cwd: dir, env });
  t.equal(inspect.code, 0, inspect.stderr);
  t.equal(rbacCalls(), 5, 'clusterroles, roles, clusterrolebindings, rolebindings, serviceaccounts: once each');
  t.equal(inspect.stdout.match(/\nAccess:\n {2}ClusterRole view {3}\(cluster-wide, by ClusterRoleBinding dev-view, via group dev\)\n/g)?.length, 3);

  const approve = await runCli(['approve', '--pending', '--yes'], { cwd: dir, env });
  t.equal(approve.code, 0, approve.stderr);
  t.equal(rbacCalls(), 10, 'once more for the second command');
});
