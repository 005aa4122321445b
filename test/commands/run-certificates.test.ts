// bundles, podcerts and inspect -f of their objects, in-process against the in-memory cluster (test/fakes/): the
// command lines, the server-side filters asked for, the tables, the describe text with what the pod says, -o, the
// usage errors. test/e2e/trust-bundles.test.ts and pod-certificates.test.ts run the same against the real control plane.
import t from 'tap';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterTrustBundle, PodCertificateRequest } from '../../src/kube/certificates-objects.js';
import { createRequest } from '../../src/pki/create-request.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { runIn } from '../fakes/run-command.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const DAY = 86_400_000;
const MIN = 60_000;
const fake = () => new FakeCluster();
const NOW = fake().clock.now();
const at = (ms: number) => new Date(NOW.getTime() + ms);
const stamp = (ms: number) => at(ms).toISOString().replace('.000', '');

const lasting = makeTestCa('lasting-ca', rsaKeyPem('rsa-2048-1'), { notBefore: at(-DAY), notAfter: at(365 * DAY) });
const soon = makeTestCa('soon-ca', rsaKeyPem('rsa-2048-2'), { notBefore: at(-DAY), notAfter: at(2 * DAY) });
const bundle = (name: string, signerName: string | undefined, pem: string): ClusterTrustBundle => ({
  metadata: { name, creationTimestamp: stamp(-90 * MIN) },
  spec: { ...(signerName ? { signerName } : {}), trustBundle: pem },
});

const podKey = rsaKeyPem('rsa-2048-3');
const stub = Buffer.from(createRequest({ key: createPrivateKey(podKey), commonName: 'web-0' }).replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
const leaf = signClientCertificate({ ...lasting, keyPem: podKey, commonName: 'web-0', notBefore: at(-MIN), notAfter: at(DAY) });
function pcr(name: string, ns: string, extra: { node?: string; pod?: string; status?: PodCertificateRequest['status'] } = {}): PodCertificateRequest {
  return {
    metadata: { name, namespace: ns, creationTimestamp: stamp(-3 * MIN) },
    spec: {
      signerName: 'example.com/pods', podName: extra.pod ?? 'web-0', podUID: 'pod-uid-1', serviceAccountName: 'web', serviceAccountUID: 'sa-uid',
      nodeName: extra.node ?? 'node-a', nodeUID: 'node-uid', maxExpirationSeconds: 86400, stubPKCS10Request: stub,
    },
    ...(extra.status ? { status: extra.status } : {}),
  };
}
const issued = {
  conditions: [{ type: 'Issued', status: 'True', reason: 'Signed', message: 'ok', lastTransitionTime: stamp(-MIN) }],
  certificateChain: leaf.certificatePem + lasting.caCertPem,
  notBefore: stamp(-MIN), beginRefreshAt: stamp(12 * 60 * MIN), notAfter: stamp(DAY),
};
const denied = { conditions: [{ type: 'Denied', status: 'True', reason: 'UnsupportedKeyType', message: 'use ED25519', lastTransitionTime: stamp(-MIN) }] };

function withBundles(): FakeCluster {
  const f = fake();
  f.certificates.add('clustertrustbundles', bundle('example.com:s:v1', 'example.com/s', lasting.caCertPem + soon.caCertPem));
  f.certificates.add('clustertrustbundles', bundle('plain', undefined, lasting.caCertPem));
  return f;
}

function withRequests(): FakeCluster {
  const f = fake();
  f.certificates.add('podcertificaterequests', pcr('web-0-issued', 'default', { status: issued }));
  f.certificates.add('podcertificaterequests', pcr('web-0-denied', 'default', { status: denied }));
  f.certificates.add('podcertificaterequests', pcr('web-0-pending', 'default'));
  f.certificates.add('podcertificaterequests', pcr('db-0-pending', 'shop', { node: 'node-b', pod: 'db-0' }));
  f.certificates.pods.set('default/web-0', 'pod-uid-1');
  return f;
}

const SOON = 'warning: certificate 2 (CN=soon-ca) of bundle "example.com:s:v1" expires in 2d (Jun 03, 2026 12:00 UTC), within 30d\n';

t.test('bundles: the table, --signer on the server, one decoded, kubectl name forms and -o', async (t) => {
  const f = withBundles();
  t.strictSame(await runIn(f, ['bundles']), {
    code: 0,
    stdout: [
      'NAME               SIGNER          CERTIFICATES   EARLIEST EXPIRY   AGE',
      'example.com:s:v1   example.com/s   2              2d                90m',
      'plain              <none>          1              365d              90m',
      '',
    ].join('\n'),
    stderr: SOON,
  });
  const filtered = await runIn(f, ['bundles', '--signer', 'example.com/s', '--no-headers']);
  t.equal(filtered.stdout, 'example.com:s:v1   example.com/s   2     2d    90m\n');
  const one = await runIn(f, ['bundles', 'clustertrustbundle/example.com:s:v1']);
  t.equal(one.code, 0, one.stderr);
  t.match(one.stdout, /^Name:\s+example\.com:s:v1\nSigner:\s+example\.com\/s\nCreated:\s+Jun 01, 2026 10:30 UTC \(90m ago\)\nCertificates: 2\n\nCertificate 1 of 2:\n {2}Subject:\s+CN=lasting-ca\n/);
  t.match(one.stdout, /Certificate 2 of 2:\n {2}Subject:\s+CN=soon-ca\n[^]*Not after:\s+Jun 03, 2026 12:00 UTC \(expires in 2d\)\n[^]*CA:\s+yes\n/);
  t.equal(one.stderr, SOON);
  t.equal((await runIn(f, ['bundles', '-o', 'name'])).stdout, 'clustertrustbundle.certificates.k8s.io/example.com:s:v1\nclustertrustbundle.certificates.k8s.io/plain\n');
  t.match(JSON.parse((await runIn(f, ['bundles', '-o', 'json'])).stdout), { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'example.com:s:v1' } }, { metadata: { name: 'plain' } }] });
  t.strictSame(JSON.parse((await runIn(f, ['bundles', 'clustertrustbundles.certificates.k8s.io/plain', '-o', 'json'])).stdout), { apiVersion: 'certificates.k8s.io/v1', kind: 'ClusterTrustBundle', ...bundle('plain', undefined, lasting.caCertPem) }, 'one object, as the server sent it');
  t.equal((await runIn(f, ['bundles', 'plain', '-o', 'jsonpath={.spec.signerName}{.metadata.name}'])).stdout, 'plain');
  t.strictSame(f.certificates.requests, [
    'LIST clustertrustbundles',
    'LIST clustertrustbundles  spec.signerName=example.com/s',
    'GET clustertrustbundles example.com:s:v1',
    'LIST clustertrustbundles',
    'LIST clustertrustbundles',
    'GET clustertrustbundles plain',
    'GET clustertrustbundles plain',
  ]);
  t.strictSame(await runIn(f, ['bundles', '--expiring-within', '1d']), { code: 0, stdout: (await runIn(f, ['bundles'])).stdout, stderr: '' }, 'nothing expires within a day');
});

t.test('bundles: usage errors and the server\'s answers', async (t) => {
  const f = withBundles();
  t.strictSame(await runIn(f, ['bundles', 'x', '--signer', 'a']), { code: 2, stdout: '', stderr: 'error: --signer filters the list: it cannot be used with a NAME\n' });
  t.equal((await runIn(f, ['bundles', '--expiring-within', 'soon'])).code, 2);
  t.equal((await runIn(f, ['bundles', 'pod/x'])).code, 2);
  t.strictSame(await runIn(f, ['bundles', 'nope']), { code: 1, stdout: '', stderr: 'error: Error from server (NotFound): clustertrustbundles.certificates.k8s.io "nope" not found\n' });
  t.equal(f.certificates.requests.length, 1, 'usage errors ask nothing of the server');
  f.certificates.notServed.add('clustertrustbundles');
  const off = await runIn(f, ['bundles']);
  t.equal(off.code, 1);
  t.equal(off.stderr, 'error: the server does not serve clustertrustbundles (certificates.k8s.io v1, v1beta1, v1alpha1): it is GA in Kubernetes 1.37; in 1.35 and 1.36 it needs the ClusterTrustBundle feature gate and --runtime-config=certificates.k8s.io/v1beta1/clustertrustbundles=true\n');
});

t.test('podcerts: the namespace of the context, -A, --node and --signer on the server, --pending on the client', async (t) => {
  const f = withRequests();
  const head = 'NAME            NAMESPACE   POD     NODE     SIGNER             KEY TYPE        STATE     AGE';
  t.strictSame(await runIn(f, ['podcerts']), {
    code: 0,
    stdout: [
      head,
      'web-0-denied    default     web-0   node-a   example.com/pods   RSA 2048 bits   Denied    3m',
      'web-0-issued    default     web-0   node-a   example.com/pods   RSA 2048 bits   Issued    3m',
      'web-0-pending   default     web-0   node-a   example.com/pods   RSA 2048 bits   Pending   3m',
      '',
    ].join('\n'),
    stderr: '',
  });
  t.equal((await runIn(f, ['podcerts', '-A', '--pending', '-o', 'name'])).stdout, 'podcertificaterequest.certificates.k8s.io/db-0-pending\npodcertificaterequest.certificates.k8s.io/web-0-pending\n');
  t.equal((await runIn(f, ['podcerts', '-n', 'shop', '--no-headers'])).stdout, 'db-0-pending   shop   db-0   node-b   example.com/pods   RSA 2048 bits   Pending   3m\n');
  t.equal((await runIn(f, ['podcerts', '-A', '--node', 'node-b', '--signer', 'example.com/pods', '-o', 'custom-columns=N:.metadata.name'])).stdout, 'N\ndb-0-pending\n');
  t.strictSame(await runIn(f, ['podcerts', '-n', 'empty']), { code: 0, stdout: '', stderr: 'No resources found\n' });
  t.strictSame(f.certificates.requests, [
    'LIST podcertificaterequests default',
    'LIST podcertificaterequests',
    'LIST podcertificaterequests shop',
    'LIST podcertificaterequests  spec.nodeName=node-b,spec.signerName=example.com/pods',
    'LIST podcertificaterequests empty',
  ]);
});

t.test('podcerts NAME: the key, the chain and its times, and why it is where it is, with what the pod says', async (t) => {
  const f = withRequests();
  const one = await runIn(f, ['podcerts', 'podcertificaterequest/web-0-issued']);
  t.equal(one.code, 0, one.stderr);
  t.match(one.stdout, /^Name:\s+web-0-issued\nNamespace:\s+default\nCreated:\s+Jun 01, 2026 11:57 UTC \(3m ago\)\nSigner:\s+example\.com\/pods\nPod:\s+web-0 \(UID pod-uid-1\)\n/);
  t.match(one.stdout, /Key:\s+RSA 2048 bits \(from spec\.stubPKCS10Request\)\n/);
  t.match(one.stdout, /State:\s+Issued \(Signed\)\nMessage:\s+ok\nNot before:\s+Jun 01, 2026 11:59 UTC \(60s ago\)\nBegin refresh at:\s+Jun 02, 2026 00:00 UTC \(in 12h\)\nNot after:\s+Jun 02, 2026 12:00 UTC \(in 24h\)\n/);
  t.match(one.stdout, /\nCertificate:\n {2}Subject:\s+CN=web-0\n {2}Issuer:\s+CN=lasting-ca\n[^]*Matches key:\s+yes\n\nChain certificate 2:\n {2}Subject:\s+CN=lasting-ca\n/);
  t.match(one.stdout, /\nNotes:\n {2}the kube-controller-manager deletes it in 12m, 15 minutes after its creation \(podcertificaterequest-cleaner\)\n$/);
  const pending = await runIn(f, ['podcerts', 'web-0-pending']);
  t.match(pending.stdout, /State:\s+Pending\n[^]*Certificate: {2}<not issued>\n\nNotes:\n {2}no signer has acted: [^\n]*until then the pod does not start\n {2}the kube-controller-manager deletes it in 12m/);
  const gone = await runIn(f, ['podcerts', '-n', 'shop', 'db-0-pending']);
  t.match(gone.stdout, /\n {2}pod shop\/db-0 is gone: nothing will mount this certificate\n/);
  const denied = await runIn(f, ['podcerts', 'web-0-denied']);
  t.match(denied.stdout, /State:\s+Denied \(UnsupportedKeyType\)\nMessage:\s+use ED25519\n/);
  f.certificates.podsForbidden = true;
  const unknown = await runIn(f, ['podcerts', 'web-0-pending']);
  t.equal(unknown.stderr, 'warning: cannot tell whether pod default/web-0 still exists: reading it is forbidden\n');
  t.notMatch(unknown.stdout, /is gone/);
  const json = JSON.parse((await runIn(f, ['podcerts', 'web-0-issued', '-o', 'json'])).stdout);
  t.strictSame(json, { apiVersion: 'certificates.k8s.io/v1', kind: 'PodCertificateRequest', ...pcr('web-0-issued', 'default', { status: issued }) }, '-o json: the object as the server sent it');
  t.strictSame(await runIn(f, ['podcerts', '-A', 'x']), { code: 2, stdout: '', stderr: 'error: a resource cannot be retrieved by name across all namespaces\n' });
  t.equal((await runIn(f, ['podcerts', 'x', '--pending'])).code, 2);
  t.strictSame(await runIn(f, ['podcerts', 'nope']), { code: 1, stdout: '', stderr: 'error: Error from server (NotFound): podcertificaterequests.certificates.k8s.io "nope" not found\n' });
});

t.test('inspect -f: both kinds from what kubectl get writes, offline; a PEM file is still a PEM file', async (t) => {
  const dir = t.testdir({});
  const f = fake();
  const pem = (text: string) => text.replace(/\r/g, '').trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  writeFileSync(join(dir, 'bundle.yaml'), `apiVersion: certificates.k8s.io/v1\nkind: ClusterTrustBundle\nmetadata:\n  name: example.com:s:v1\n  creationTimestamp: "${stamp(-90 * MIN)}"\nspec:\n  signerName: example.com/s\n  trustBundle: |\n${pem(lasting.caCertPem + soon.caCertPem)}\n`);
  writeFileSync(join(dir, 'pcr.json'), JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'PodCertificateRequest', ...pcr('web-0-issued', 'default', { status: issued }) }, null, 4));
  writeFileSync(join(dir, 'chain.pem'), issued.certificateChain);
  const fromCluster = await runIn(withBundles(), ['bundles', 'example.com:s:v1']);
  const b = await runIn(f, ['inspect', '-f', join(dir, 'bundle.yaml')]);
  t.strictSame(b, fromCluster, 'the text and warnings bundles NAME prints');
  const p = await runIn(f, ['inspect', '-f', join(dir, 'pcr.json')]);
  t.equal(p.code, 0, p.stderr);
  t.match(p.stdout, /^Name:\s+web-0-issued\n[^]*State:\s+Issued \(Signed\)\n[^]*Matches key:\s+yes\n/);
  const view = JSON.parse((await runIn(f, ['inspect', '-f', join(dir, 'pcr.json'), '-o', 'json'])).stdout);
  t.match(view, { kind: 'PodCertificateRequest', name: 'web-0-issued', state: 'Issued', keyFrom: 'stubPKCS10Request', certificateMatchesKey: true, certificates: [{ subject: { commonName: 'web-0' } }, { subject: { commonName: 'lasting-ca' } }] });
  const chain = await runIn(f, ['inspect', '-f', join(dir, 'chain.pem')]);
  t.match(chain.stdout, /^Certificate 1 of 2:\n {2}Subject:\s+CN=web-0\n/);
  t.strictSame(f.requests, [], 'no request to any cluster');
});
