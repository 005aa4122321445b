// The configuration of a process in a pod, as client-go's rest.InClusterConfig builds it (rest/config.go): the API
// server from KUBERNETES_SERVICE_HOST/PORT, the service account's CA and token files, the namespace file. Used when
// no kubeconfig is given and these are present, as clientcmd's DeferredLoadingClientConfig does (issue 25).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RawCluster, RawUser } from './kubeconfig-types.js';

/** Where the kubelet mounts the service account (client-go rest.InClusterConfig's tokenFile and rootCAFile). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Test only: another directory in place of SERVICE_ACCOUNT_DIR, so that tests can start the binary as a pod would
 * be started without writing to /var/run. Not for production use: a pod has the real directory.
 */
export const SERVICE_ACCOUNT_DIR_ENV = 'KUBECTL_CSR_TEST_SERVICE_ACCOUNT_DIR';

export interface InClusterConfig {
  cluster: RawCluster;
  user: RawUser;
  namespace: string;
}

function accountDir(env: NodeJS.ProcessEnv): string {
  return env[SERVICE_ACCOUNT_DIR_ENV] || SERVICE_ACCOUNT_DIR;
}

/**
 * clientcmd's inClusterClientConfig.Possible(): both variables set and a token file that is a file. A missing
 * piece means "not in a pod", not an error.
 */
export async function inClusterPossible(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) return false;
  try {
    return !(await stat(path.join(accountDir(env), 'token'))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The cluster and user entries of the pod's configuration. The token is a tokenFile, which connection.ts reads again
 * on every request: the kubelet rotates projected tokens (client-go re-reads the file at most once a minute). A CA
 * file that cannot be read is left out, as client-go leaves it out (and logs it); TLS then checks against the
 * system's roots and fails loudly on a private CA.
 */
export async function inClusterConfig(env: NodeJS.ProcessEnv): Promise<InClusterConfig> {
  const dir = accountDir(env);
  // net.JoinHostPort: an IPv6 literal gets brackets.
  const host = env.KUBERNETES_SERVICE_HOST!.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST!;
  const cluster: RawCluster = { server: `https://${host}:${env.KUBERNETES_SERVICE_PORT}` };
  const ca = path.join(dir, 'ca.crt');
  if (await readable(ca)) cluster['certificate-authority'] = ca;
  return { cluster, user: { tokenFile: path.join(dir, 'token') }, namespace: await podNamespace(env, dir) };
}

/** clientcmd inClusterClientConfig.Namespace(): POD_NAMESPACE, else the namespace file, else default. */
async function podNamespace(env: NodeJS.ProcessEnv, dir: string): Promise<string> {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  try {
    const ns = (await readFile(path.join(dir, 'namespace'), 'utf8')).trim();
    if (ns !== '') return ns;
  } catch {
    // not mounted (automountServiceAccountToken with a projected token only): the default namespace
  }
  return 'default';
}

async function readable(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}
