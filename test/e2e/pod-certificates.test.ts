// podcerts against the real control plane. The test plays the kubelet (impersonating system:node:NAME, so that the
// Node authorizer and the NodeRestriction admission plugin check it as they check a kubelet) and the signer (a user
// with `sign` on one signer and update on podcertificaterequests/status): three requests for one pod, one issued with
// a chain openssl signed, one denied, one left pending; then each listed and decoded, and the pending one shown
// stuck, before and after its pod is deleted. Keys come from the stub PKCS#10 request where the version serves it
// (v1), from pkixPublicKey with a proof of possession elsewhere (v1beta1 on 1.35 and 1.36, v1alpha1 on 1.34).
import { humanTime } from '../../src/util/time-text.js';
import t from 'tap';
import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';
import { kubectlRunner, makeCa, openssl, servedVersion } from './certificates-api.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-podcerts-'));
const cli = (args: string[]) => runCli(args, { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
const version = await servedVersion(admin, 'podcertificaterequests');
const skip = !version ? 'the server serves no podcertificaterequests' : !plane.kubectl ? 'no kubectl' : plane.external && 'external cluster';

const id = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
const ns = `pcr-${id}`;
const node = `matrix-node-${id}`;
const signer = `example.com/pods-${id}`;
const signerUser = `matrix-signer-${id}`;
const base = `/apis/certificates.k8s.io/${version}/namespaces/${ns}/podcertificaterequests`;

t.test('requests made as a node, issued and denied as a signer, listed and decoded', { skip }, async (t) => {
  const kubectl = kubectlRunner(plane.kubectl!, plane.kubeconfigs.admin);
  const apply = (object: object, opts = {}) => JSON.parse(kubectl(['create', '-o', 'json', '-f', '-'], { ...opts, input: JSON.stringify(object) }));
  apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const sa = apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: ns } });
  const nodeObject = apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } });
  const pod = apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: ns },
    // From 1.37 NodeRestriction lets a node ask only for a signer that one of the pod's podCertificate volumes names.
    spec: {
      nodeName: node, serviceAccountName: 'web', automountServiceAccountToken: false,
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', volumeMounts: [{ name: 'cert', mountPath: '/var/run/cert' }] }],
      volumes: [{ name: 'cert', projected: { sources: [{ podCertificate: { signerName: signer, keyType: 'ECDSAP256', credentialBundlePath: 'credentialbundle.pem' } }] } }],
    },
  });
  apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: signerUser }, rules: [
    { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: [signer], verbs: ['sign'] },
    { apiGroups: ['certificates.k8s.io'], resources: ['podcertificaterequests'], verbs: ['get'] },
    { apiGroups: ['certificates.k8s.io'], resources: ['podcertificaterequests/status'], verbs: ['update'] },
  ] });
  apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: signerUser },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: signerUser },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: signerUser }] });
  const ca = makeCa(work, `pods-ca-${id}`, 30);

  /** The kubelet's part: a P-256 key and a request for web-0, created as the node. */
  const request = async (name: string) => {
    openssl(work, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
    openssl(work, ['req', '-new', '-key', `${name}.key`, '-subj', '/CN=web-0', '-out', `${name}.csr`]);
    const key = version === 'v1'
      ? { stubPKCS10Request: openssl(work, ['req', '-in', `${name}.csr`, '-outform', 'DER']).toString('base64') }
      : {
          pkixPublicKey: openssl(work, ['pkey', '-in', `${name}.key`, '-pubout', '-outform', 'DER']).toString('base64'),
          proofOfPossession: sign('sha256', Buffer.from(pod.metadata.uid), createPrivateKey(readFileSync(join(work, `${name}.key`)))).toString('base64'),
        };
    const body = {
      apiVersion: `certificates.k8s.io/${version}`, kind: 'PodCertificateRequest', metadata: { name, namespace: ns },
      spec: {
        signerName: signer, podName: 'web-0', podUID: pod.metadata.uid, serviceAccountName: 'web', serviceAccountUID: sa.metadata.uid,
        nodeName: node, nodeUID: nodeObject.metadata.uid, maxExpirationSeconds: 86400, ...key,
      },
    };
    // NodeRestriction reads the node and the pod from informers: retry while they lag.
    let refused = '';
    return eventually(`create ${name} as the node`, async () => {
      try {
        return apply(body, { as: `system:node:${node}`, groups: ['system:nodes'] });
      } catch (err) {
        refused = String((err as { stderr?: Buffer }).stderr ?? err);
        return undefined;
      }
    }).catch((err: Error) => {
      throw new Error(`${err.message}; kubectl said: ${refused}`);
    });
  };
  /** The signer's part: a whole object with a new status, PUT to /status as the signer. */
  const setStatus = (name: string, status: object) => {
    const current = JSON.parse(kubectl(['get', '--raw', `${base}/${name}`]));
    kubectl(['replace', '--raw', `${base}/${name}/status`, '-f', '-'], { as: signerUser, input: JSON.stringify({ ...current, status }) });
  };
  const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

  await request('web-0-issued');
  await request('web-0-denied');
  const pending = await request('web-0-pending');
  openssl(work, ['x509', '-req', '-in', 'web-0-issued.csr', '-CA', ca.cert, '-CAkey', ca.key, '-days', '1', '-out', 'web-0-issued.crt']);
  const leafPem = readFileSync(join(work, 'web-0-issued.crt'), 'utf8');
  const leaf = new X509Certificate(leafPem);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  const beginRefreshAt = new Date(notBefore.getTime() + 12 * 3600 * 1000);
  setStatus('web-0-issued', {
    conditions: [{ type: 'Issued', status: 'True', reason: 'Signed', message: 'signed by the matrix test', lastTransitionTime: seconds(new Date()) }],
    certificateChain: leafPem + ca.pem,
    notBefore: seconds(notBefore), beginRefreshAt: seconds(beginRefreshAt), notAfter: seconds(notAfter),
  });
  setStatus('web-0-denied', {
    conditions: [{ type: 'Denied', status: 'True', reason: 'UnsupportedKeyType', message: 'use ED25519', lastTransitionTime: seconds(new Date()) }],
  });

  const table = await cli(['podcerts', '-n', ns]);
  t.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  t.match(lines[0], /^NAME\s+NAMESPACE\s+POD\s+NODE\s+SIGNER\s+KEY TYPE\s+STATE\s+AGE$/);
  const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.split(/ {3,}/);
  t.match(row('web-0-denied'), ['web-0-denied', ns, 'web-0', node, signer, 'ECDSA P-256', 'Denied', /^\d+s$/]);
  t.match(row('web-0-issued'), ['web-0-issued', ns, 'web-0', node, signer, 'ECDSA P-256', 'Issued', /^\d+s$/]);
  t.match(row('web-0-pending'), ['web-0-pending', ns, 'web-0', node, signer, 'ECDSA P-256', 'Pending', /^\d+s$/]);
  t.equal(lines.length, 4);

  const onNode = await cli(['podcerts', '-A', '--node', node, '--pending', '--no-headers']);
  t.equal(onNode.code, 0, onNode.stderr);
  t.match(onNode.stdout, new RegExp(`^web-0-pending\\s+${ns}\\s+web-0\\s+${node}\\s+`));
  t.equal(onNode.stdout.trimEnd().split('\n').length, 1, '--pending keeps the one no signer has acted on');
  const otherSigner = await cli(['podcerts', '-n', ns, '--signer', 'example.com/nobody']);
  t.equal(otherSigner.stdout, '');
  t.equal(otherSigner.stderr, 'No resources found\n');

  const issued = await cli(['podcerts', '-n', ns, 'podcertificaterequest/web-0-issued']);
  t.equal(issued.code, 0, issued.stderr);
  const spki = openssl(work, ['pkey', '-in', 'web-0-issued.key', '-pubout', '-outform', 'DER']);
  t.match(issued.stdout, new RegExp(`^Name:\\s+web-0-issued\\nNamespace:\\s+${ns}\\n`));
  t.match(issued.stdout, new RegExp(`Pod:\\s+web-0 \\(UID ${pod.metadata.uid}\\)\\n`));
  t.match(issued.stdout, new RegExp(`Node:\\s+${node} \\(UID ${nodeObject.metadata.uid}\\)\\n`));
  t.match(issued.stdout, new RegExp(`Key:\\s+ECDSA P-256 \\(from spec\\.${version === 'v1' ? 'stubPKCS10Request' : 'pkixPublicKey'}\\)\\n`));
  t.match(issued.stdout, new RegExp(`Key SHA-256:\\s+${createHash('sha256').update(spki).digest('hex')}\\n`));
  t.match(issued.stdout, /State:\s+Issued \(Signed\)\n/);
  t.match(issued.stdout, new RegExp(`Not before:\\s+${humanTime(notBefore)} \\(`));
  t.match(issued.stdout, new RegExp(`Begin refresh at:\\s+${humanTime(beginRefreshAt)} \\(in 1[12]h`));
  t.match(issued.stdout, new RegExp(`Not after:\\s+${humanTime(notAfter)} \\(in 2[34]h`));
  t.match(issued.stdout, new RegExp(`Certificate:\\n  Subject:\\s+CN=web-0\\n  Issuer:\\s+CN=pods-ca-${id}\\n`));
  t.match(issued.stdout, /Matches key:\s+yes\n/);
  t.match(issued.stdout, new RegExp(`Chain certificate 2:\\n  Subject:\\s+CN=pods-ca-${id}\\n`));
  t.match(issued.stdout, /Notes:\n {2}the kube-controller-manager deletes it in 1[0-5]m/);

  writeFileSync(join(work, 'pcr.yaml'), kubectl(['get', 'podcertificaterequest', '-n', ns, 'web-0-issued', '-o', 'yaml']));
  const offline = await runCli(['inspect', '-f', 'pcr.yaml'], { cwd: work, env: { KUBECONFIG: join(work, 'none') } });
  t.equal(offline.code, 0, offline.stderr);
  t.match(offline.stdout, /State:\s+Issued \(Signed\)\n[^]*Certificate:\n {2}Subject:\s+CN=web-0\n[^]*Matches key:\s+yes\n/, 'inspect -f decodes it offline');
  const offlineJson = JSON.parse((await runCli(['inspect', '-f', 'pcr.yaml', '-o', 'json'], { cwd: work })).stdout);
  t.equal(offlineJson.certificates[0].subject.commonName, 'web-0');
  t.equal(offlineJson.state, 'Issued');

  const denied = await cli(['podcerts', '-n', ns, 'web-0-denied']);
  t.equal(denied.code, 0, denied.stderr);
  t.match(denied.stdout, /State:\s+Denied \(UnsupportedKeyType\)\nMessage:\s+use ED25519\n/);
  t.match(denied.stdout, /Certificate: {2}<not issued>\n/);
  t.match(denied.stdout, /the signer denied it \(UnsupportedKeyType: use ED25519\); the kubelet will not mount a certificate from it/);

  const stuck = await cli(['podcerts', '-n', ns, pending.metadata.name]);
  t.equal(stuck.code, 0, stuck.stderr);
  t.match(stuck.stdout, /State:\s+Pending\n/);
  t.match(stuck.stdout, `no signer has acted: nothing has set Issued, Denied or Failed; the controller of signer ${signer} must`);
  t.notMatch(stuck.stdout, /is gone/);
  // No kubelet confirms a graceful deletion here: force it, as a node that is gone would leave it.
  kubectl(['delete', 'pod', '-n', ns, 'web-0', '--grace-period=0', '--force']);
  const gone = await cli(['podcerts', '-n', ns, pending.metadata.name]);
  t.match(gone.stdout, `pod ${ns}/web-0 is gone: nothing will mount this certificate`);

  // kubectl's formats and name forms, in the version kubectl get reads.
  const names = await cli(['podcerts', '-n', ns, '-o', 'name']);
  t.equal(names.stdout, ['denied', 'issued', 'pending'].map((s) => `podcertificaterequest.certificates.k8s.io/web-0-${s}\n`).join(''));
  const json = JSON.parse((await cli(['podcerts', '-n', ns, 'web-0-issued', '-o', 'json'])).stdout);
  const theirs = JSON.parse(kubectl(['get', 'podcertificaterequest', '-n', ns, 'web-0-issued', '-o', 'json']));
  t.equal(json.apiVersion, `certificates.k8s.io/${version}`);
  t.equal(json.apiVersion, theirs.apiVersion);
  t.same(json.status, theirs.status);
  const anywhere = await cli(['podcerts', '-A', 'web-0-issued']);
  t.equal(anywhere.code, 2);
  t.equal(anywhere.stderr, 'error: a resource cannot be retrieved by name across all namespaces\n');
});
