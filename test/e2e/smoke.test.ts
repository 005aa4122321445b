// The control plane itself: a CSR created, approved through /approval, signed by the real kube-controller-manager,
// and the issued certificate logs in as the identity it names (SelfSubjectReview).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);

t.test('/version reports the release that was built', { skip: plane.external && 'external cluster' }, async (t) => {
  // The release the harness built (test/e2e/harness/versions.ts: go.mod's, or the one test:matrix selects).
  const built = plane.built!;
  t.match(built, /^v1\.\d+\.\d+$/);
  const res = await api(admin, 'GET', '/version');
  t.equal(res.status, 200);
  t.equal(res.body.gitVersion, built);
  t.equal(res.body.major, '1');
  t.equal(res.body.minor, built.split('.')[1]);
});

t.test('an issued kube-apiserver-client certificate authenticates as CN with each O as a group', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-smoke-'));
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=smoke-user/O=smoke-a/O=smoke-b',
    '-keyout', join(dir, 'user.key'), '-out', join(dir, 'user.csr')], { stdio: 'ignore' });
  const name = `smoke-${Date.now()}`;
  const created = await api(admin, 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: readFileSync(join(dir, 'user.csr')).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      expirationSeconds: 3600,
    },
  });
  t.equal(created.status, 201, `create: ${created.body.message ?? "created"}`);
  const csr = created.body;
  csr.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'SmokeTest', message: 'approved by the smoke test' }] };
  const approved = await api(admin, 'PUT', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, csr);
  t.equal(approved.status, 200, `approve: ${approved.body.message ?? "approved"}`);

  const certificate = await eventually('status.certificate', async () => {
    const res = await api(admin, 'GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`);
    return res.body.status?.certificate as string | undefined;
  });
  const pem = Buffer.from(certificate, 'base64').toString();
  t.match(pem, /^-----BEGIN CERTIFICATE-----/);

  const asUser = { server: admin.server, ca: admin.ca, cert: pem, key: readFileSync(join(dir, 'user.key')) };
  const review = await api(asUser, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  t.equal(review.status, 201, `self subject review: ${review.body.message ?? "created"}`);
  t.equal(review.body.status.userInfo.username, 'smoke-user');
  t.same(review.body.status.userInfo.groups, ['smoke-a', 'smoke-b', 'system:authenticated']);
});

t.test('the harness identities have the rights they are meant to have', { skip: plane.external && 'external cluster' }, async (t) => {
  const canI = async (identity: 'requester' | 'approver' | 'nobody', attrs: object) => {
    const res = await api(credentialsFrom(plane.kubeconfigs[identity]!), 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { group: 'certificates.k8s.io', ...attrs } },
    });
    return res.body.status.allowed as boolean;
  };
  const approveClient = { resource: 'signers', verb: 'approve', name: 'kubernetes.io/kube-apiserver-client' };
  const approveKubelet = { resource: 'signers', verb: 'approve', name: 'kubernetes.io/kubelet-serving' };
  const create = { resource: 'certificatesigningrequests', verb: 'create' };
  t.equal(await canI('requester', create), true);
  t.equal(await canI('requester', approveClient), false);
  t.equal(await canI('approver', approveClient), true);
  t.equal(await canI('approver', approveKubelet), false);
  t.equal(await canI('nobody', create), false);
});
