// The CA a kubeconfig written by --kubeconfig-out carries (issue 24): the admin's kubeconfig's, or the API server's
// serving CA as the cluster publishes it in ClusterTrustBundles of signer kubernetes.io/kube-apiserver-serving
// (the kube-controller-manager's kube-apiserver-serving-clustertrustbundle-publisher, from its root CA). The
// published one is what the cluster itself says its API server's certificates chain to; the admin's may be anything
// that happened to work for the admin (a CA of a proxy, insecure-skip-tls-verify).
import { CliError, warningLine } from '../../errors.js';
import type { Io } from '../../io.js';
import type { CertificatesApi, ClusterEndpoint } from '../../kube/api.js';
import { ApiError } from '../../kube/api-error.js';
import { NotServedError } from '../../kube/certificates-client.js';
import { KUBE_APISERVER_SERVING } from '../../kube/certificates-objects.js';
import type { CaSource } from './ca-source.js';

/**
 * The endpoint a kubeconfig is written with, and, when its CA is not the user's kubeconfig's, the line that says so:
 * said by the writer (credentials.ts) once the certificate is accepted and the file written, never before a refusal.
 */
export type KubeconfigEndpoint = ClusterEndpoint & { caNote?: string };

/** The endpoint to write, with its CA chosen; a warning on stderr when the published CA does not verify the server. */
export async function endpointToWrite(source: CaSource, endpoint: ClusterEndpoint, certificates: () => Promise<CertificatesApi>, io: Io): Promise<KubeconfigEndpoint> {
  if (source === 'kubeconfig') return endpoint;
  const strict = source === 'trust-bundle';
  const api = await certificates();
  let published: { names: string[]; pem: string } | null;
  try {
    published = await publishedServingCa(api);
  } catch (err) {
    // auto: a cluster without the API (before 1.37 without the gates), or a user who may not list bundles, keeps
    // the kubeconfig's CA, as before the API existed.
    if (!strict && (err instanceof NotServedError || (err instanceof ApiError && err.status === 403))) return endpoint;
    if (err instanceof CliError) throw new CliError(`--ca-from=trust-bundle: ${err.message}`, err.exitCode);
    throw err;
  }
  if (!published) {
    if (!strict) return endpoint;
    throw new CliError(`--ca-from=trust-bundle: the cluster publishes no ClusterTrustBundle for signer ${KUBE_APISERVER_SERVING} (the kube-controller-manager does, with the ClusterTrustBundle API on)`);
  }
  const which = `ClusterTrustBundle ${published.names.join(', ')}`;
  const problem = await api.serverVerifyProblem(published.pem);
  if (problem) {
    if (strict) throw new CliError(`--ca-from=trust-bundle: the CA of ${which} does not verify the API server's certificate: ${problem}`);
    io.stderr.write(warningLine(`the CA of ${which} does not verify the API server's certificate at ${endpoint.server}; the kubeconfig keeps the CA of yours`));
    return endpoint;
  }
  const caNote = `the kubeconfig's CA is the API server's serving CA the cluster publishes (${which})\n`;
  // A CA and insecure-skip-tls-verify together are refused by kubectl; with a CA that verifies, the skip goes.
  return { ...endpoint, caData: published.pem, insecureSkipTlsVerify: false, caNote };
}

/** Every certificate of the signer's bundles (one, but two while the publisher replaces a rotated CA); null: none. */
async function publishedServingCa(api: CertificatesApi): Promise<{ names: string[]; pem: string } | null> {
  const bundles = await api.list('clustertrustbundles', { fieldSelector: `spec.signerName=${KUBE_APISERVER_SERVING}` });
  const withPem = bundles.filter((b) => b.spec.trustBundle.trim() !== '');
  if (withPem.length === 0) return null;
  return { names: withPem.map((b) => b.metadata.name ?? ''), pem: withPem.map((b) => `${b.spec.trustBundle.trim()}\n`).join('') };
}
