// --kubeconfig-out's CA from the trust bundle (issue 24) against the real control plane: the kube-controller-manager
// publishes its root CA as a ClusterTrustBundle of kubernetes.io/kube-apiserver-serving. An admin whose kubeconfig
// skips TLS verification (so it holds no CA at all) writes a kubeconfig for a new user, and kubectl, verifying the
// API server with nothing but the CA written, authenticates as that user; the same file with another CA is refused,
// so the CA is what makes it work. --ca-from=kubeconfig keeps the admin's entry; --ca-from=trust-bundle for a user who
// may not read bundles stops before a CSR is made.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';
import { run } from '../package/run.js';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';
import { makeCa, servedVersion } from './certificates-api.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-kubeconfig-ca-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const unique = (base: string) => `${base}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const version = await servedVersion(admin, 'clustertrustbundles');
const skip = plane.external ? 'needs the harness control plane' : !version ? 'the server serves no clustertrustbundles' : !plane.kubectl && 'no kubectl';

type Config = { clusters: { cluster: Record<string, unknown> }[] };
const load = (path: string) => yaml.load(readFileSync(path, 'utf8')) as Config;

/** What the cluster publishes for kube-apiserver's serving signer, read with the bare HTTPS client. */
async function published(): Promise<{ name: string; pem: string }> {
  const path = `/apis/certificates.k8s.io/${version}/clustertrustbundles?fieldSelector=${encodeURIComponent('spec.signerName=kubernetes.io/kube-apiserver-serving')}`;
  return eventually('the kube-apiserver-serving bundle', async () => {
    const res = await api(admin, 'GET', path);
    const [bundle] = (res.body.items ?? []) as { metadata: { name: string }; spec: { trustBundle: string } }[];
    return bundle && { name: bundle.metadata.name, pem: bundle.spec.trustBundle };
  });
}

t.test('an admin without a CA writes a kubeconfig that verifies the API server with the published CA', { skip }, async (t) => {
  const bundle = await published();
  t.match(bundle.name, /^kubernetes\.io:kube-apiserver-serving:[0-9a-f]+$/);
  const insecure = load(plane.kubeconfigs.admin);
  delete insecure.clusters[0]!.cluster['certificate-authority-data'];
  insecure.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
  writeFileSync(join(work, 'insecure.kubeconfig'), yaml.dump(insecure));
  const env = { KUBECONFIG: join(work, 'insecure.kubeconfig') };

  const name = unique('ca-from-bundle');
  const res = await runCli(['request', name, '-g', 'dev', '--approve', '--kubeconfig-out', `${name}.kubeconfig`], { cwd: work, env });
  t.equal(res.code, 0, res.stderr);
  t.match(res.stderr, `the kubeconfig's CA is the API server's serving CA the cluster publishes (ClusterTrustBundle ${bundle.name})\n`);
  const written = load(join(work, `${name}.kubeconfig`)).clusters[0]!.cluster;
  t.strictSame(Object.keys(written).sort(), ['certificate-authority-data', 'server'], 'a CA, and no insecure-skip-tls-verify');
  t.equal(Buffer.from(String(written['certificate-authority-data']), 'base64').toString(), `${bundle.pem.trim()}\n`);

  const whoami = (kubeconfig: string) => run(plane.kubectl!, ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { cwd: work, env: { HOME: work } });
  const who = await whoami(join(work, `${name}.kubeconfig`));
  t.equal(who.code, 0, who.stderr);
  t.equal(who.stdout, `${name} ["dev","system:authenticated"]`);

  // The same kubeconfig with another CA: kubectl refuses the server, so the CA written is what verified it.
  const other = makeCa(work, unique('other-ca'), 1);
  const swapped = load(join(work, `${name}.kubeconfig`));
  swapped.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(other.pem).toString('base64');
  writeFileSync(join(work, 'swapped.kubeconfig'), yaml.dump(swapped));
  const refused = await whoami(join(work, 'swapped.kubeconfig'));
  t.not(refused.code, 0);
  t.match(refused.stderr, /certificate signed by unknown authority|failed to verify certificate/);

  const kept = unique('ca-from-kubeconfig');
  const mine = await runCli(['request', kept, '--approve', '--kubeconfig-out', `${kept}.kubeconfig`, '--ca-from', 'kubeconfig'], { cwd: work, env });
  t.equal(mine.code, 0, mine.stderr);
  t.strictSame(load(join(work, `${kept}.kubeconfig`)).clusters[0]!.cluster, { server: plane.server, 'insecure-skip-tls-verify': true }, "--ca-from=kubeconfig: the admin's entry as it is");
});

t.test('--ca-from=trust-bundle for a user who may not read bundles: an error, and no CSR', { skip: skip || (!plane.kubeconfigs.requester && 'no requester') }, async (t) => {
  const name = unique('ca-from-forbidden');
  const res = await runCli(['request', name, '--kubeconfig-out', `${name}.kubeconfig`, '--ca-from', 'trust-bundle'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.requester! } });
  t.equal(res.code, 1);
  t.match(res.stderr, /^error: --ca-from=trust-bundle: Error from server \(Forbidden\): clustertrustbundles\.certificates\.k8s\.io is forbidden: User "[^"]+" cannot list resource "clustertrustbundles"/);
  const csr = await api(admin, 'GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`);
  t.equal(csr.status, 404, 'nothing was created');
  // auto: the same user keeps the kubeconfig's CA and goes on.
  const auto = await runCli(['request', name, '--kubeconfig-out', `${name}.kubeconfig`, '--timeout', '0'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.requester! } });
  t.equal(auto.code, 5, auto.stderr);
  t.match(auto.stderr, `error: certificate signing request "${name}" is Pending; no certificate yet; resume with: kubectl csr fetch ${name} --key ${name}.key --kubeconfig-out ${name}.kubeconfig\n`);
});
