// bundles against the real control plane: a signer-linked ClusterTrustBundle created by the test (as admin, who may
// attest for any signer), listed, filtered by signer, decoded certificate by certificate with openssl's fingerprints,
// warned about when one of its CAs expires soon, in kubectl's name forms and -o formats, in the version discovery
// serves (v1 on 1.37, v1beta1 behind the gate before); and the bundle kube-controller-manager publishes for
// kubernetes.io/kube-apiserver-serving, which holds the cluster's CA.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';
import { kubectlRunner, makeCa, opensslFingerprint, servedVersion } from './certificates-api.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-bundles-'));
const cli = (args: string[]) => runCli(args, { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
const version = await servedVersion(admin, 'clustertrustbundles');
const skip = !version ? 'the server serves no clustertrustbundles' : !plane.kubectl && 'no kubectl';

t.test('a signer-linked bundle: listed, filtered, decoded, warned about', { skip }, async (t) => {
  const kubectl = kubectlRunner(plane.kubectl!, plane.kubeconfigs.admin);
  const id = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const signer = `example.com/matrix-${id}`;
  const name = `example.com:matrix-${id}:v1`;
  const lasting = makeCa(work, `lasting-${id}`, 365);
  const soon = makeCa(work, `soon-${id}`, 1);
  kubectl(['create', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: `certificates.k8s.io/${version}`,
      kind: 'ClusterTrustBundle',
      metadata: { name },
      spec: { signerName: signer, trustBundle: lasting.pem + soon.pem },
    }),
  });

  const listed = await cli(['bundles', '--signer', signer]);
  t.equal(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trimEnd().split('\n');
  t.match(lines[0], /^NAME\s+SIGNER\s+CERTIFICATES\s+EARLIEST EXPIRY\s+AGE$/);
  t.equal(lines.length, 2, 'only the bundle of that signer');
  t.match(lines[1]!.split(/ {3,}/), [name, signer, '2', /^2[34]h|1d$/, /^\d+s$/]);
  t.match(listed.stderr, `warning: certificate 2 (CN=soon-${id}) of bundle "${name}" expires in 2`);

  const all = await cli(['bundles', '--no-headers']);
  t.equal(all.code, 0, all.stderr);
  t.ok(all.stdout.split('\n').some((l) => l.startsWith(`${name} `)), 'the unfiltered list has it too');

  const described = await cli(['bundles', `clustertrustbundle/${name}`]);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, new RegExp(`^Name:\\s+${name}\\nSigner:\\s+${signer}\\n`));
  t.match(described.stdout, /Certificates:\s+2\n/);
  t.match(described.stdout, new RegExp(`Certificate 1 of 2:\\n  Subject:\\s+CN=lasting-${id}\\n  Issuer:\\s+CN=lasting-${id}\\n`));
  t.match(described.stdout, new RegExp(`Certificate 2 of 2:\\n  Subject:\\s+CN=soon-${id}\\n`));
  t.match(described.stdout, new RegExp(`SHA-256 fingerprint:\\s+${opensslFingerprint(work, lasting.cert)}\\n`));
  t.match(described.stdout, new RegExp(`SHA-256 fingerprint:\\s+${opensslFingerprint(work, soon.cert)}\\n`));
  t.equal(described.stdout.match(/^ {2}CA:\s+yes$/gm)?.length, 2, 'both are CAs');
  t.equal(described.stdout.match(/Key usage:\s+Certificate Sign, CRL Sign/g)?.length, 2);
  t.match(described.stderr, /expires in (2[34]h|1d)/);

  // kubectl's name forms and formats, in the version kubectl itself reads.
  const asName = await cli(['bundles', `clustertrustbundles.certificates.k8s.io/${name}`, '-o', 'name']);
  t.equal(asName.stdout, `clustertrustbundle.certificates.k8s.io/${name}\n`);
  const json = JSON.parse((await cli(['bundles', name, '-o', 'json'])).stdout);
  const theirs = JSON.parse(kubectl(['get', 'clustertrustbundle', name, '-o', 'json']));
  t.equal(json.apiVersion, `certificates.k8s.io/${version}`);
  t.equal(json.apiVersion, theirs.apiVersion, 'the version kubectl get prefers');
  t.same(json.spec, theirs.spec);
  // inspect -f reads what kubectl get wrote, offline, and shows the same.
  writeFileSync(join(work, 'bundle.yaml'), kubectl(['get', 'clustertrustbundle', name, '-o', 'yaml']));
  const offline = await runCli(['inspect', '-f', 'bundle.yaml'], { cwd: work, env: { KUBECONFIG: join(work, 'none') } });
  t.equal(offline.code, 0, offline.stderr);
  t.equal(offline.stdout, described.stdout.replace(/\(\d+s ago\)/, offline.stdout.match(/\(\d+s ago\)/)?.[0] ?? ''), 'inspect -f: the text bundles NAME prints');
  const path = await cli(['bundles', name, '-o', 'jsonpath={.spec.signerName}']);
  t.equal(path.stdout, signer);
  const other = await cli(['bundles', `csr/${name}`]);
  t.equal(other.code, 2);
  t.match(other.stderr, /is not a ClusterTrustBundle/);
  const missing = await cli(['bundles', `example.com:matrix-${id}:nope`]);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^error: Error from server \(NotFound\): clustertrustbundles.certificates.k8s.io "example.com:matrix-\d+:nope" not found\n$/);
});

t.test("the published kube-apiserver-serving bundle holds the cluster's CA", { skip: skip || (plane.external && 'external cluster') }, async (t) => {
  const published = await eventually('the kube-apiserver-serving bundle', async () => {
    const res = await cli(['bundles', '--signer', 'kubernetes.io/kube-apiserver-serving', '-o', 'json']);
    const items = JSON.parse(res.stdout).items as { metadata: { name: string } }[];
    return items.length ? items : undefined;
  }, 60000);
  t.equal(published.length, 1);
  t.match(published[0]!.metadata.name, /^kubernetes\.io:kube-apiserver-serving:[0-9a-f]{24}$/);
  const described = await cli(['bundles', published[0]!.metadata.name]);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, new RegExp(`Certificates:\\s+1\\n[^]*SHA-256 fingerprint:\\s+${opensslFingerprint(plane.dir!, 'ca.crt')}\\n`));
});
