// The kubeconfig kubectl would use: the merged files, the context picked, and the standard flags laid over the
// context's cluster and user (k8s.io/client-go/tools/clientcmd/client_config.go, DirectClientConfig).
import { KubeconfigError } from './kubeconfig-error.js';
import { kubeconfigSource, loadKubeconfigFiles } from './kubeconfig-files.js';
import { parseRequestTimeout } from './kubeconfig-timeout.js';
import type { RawCluster, RawContext, RawUser } from './kubeconfig-types.js';
import { validateKubeconfig } from './kubeconfig-validate.js';

export { KubeconfigError } from './kubeconfig-error.js';

/** kubectl's kubeconfig flags (cli-runtime genericclioptions.ConfigFlags). An empty string counts as not given. */
export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  as?: string;
  asGroups: string[];
  asUid?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  requestTimeout?: string;
}

/** What the flags and files settle on. cluster and user are kubeconfig entries with the flags already applied. */
export interface ResolvedKubeconfig {
  contextName: string | null;
  clusterName: string | null;
  userName: string | null;
  namespace: string;
  cluster: RawCluster;
  user: RawUser;
  requestTimeoutMs: number | null;
  /** The kubeconfig files that were read, in order. */
  files: string[];
  /** The file that defines the user; null when there is none, or the client certificate comes from a flag. */
  userFile: string | null;
}

export async function resolveKubeconfig(
  flags: KubeFlags,
  env: NodeJS.ProcessEnv,
  home: string,
): Promise<ResolvedKubeconfig> {
  const merged = loadKubeconfigFiles(kubeconfigSource(flags.kubeconfig || undefined, env, home));

  // A name given by flag must exist; a name that comes from the files may dangle (ConfirmUsable reports that).
  const contextName = flags.context || merged.currentContext || '';
  const context: RawContext | undefined = merged.contexts.get(contextName);
  const userName = flags.user || context?.user || '';
  const clusterName = flags.cluster || context?.cluster || '';
  // The order of kubectl's ClientConfig(): auth info, then context, then cluster.
  if (flags.user && !merged.users.has(flags.user)) {
    throw new KubeconfigError(`auth info "${flags.user}" does not exist`);
  }
  if (flags.context && !context) {
    throw new KubeconfigError(`context "${flags.context}" does not exist`);
  }
  if (flags.cluster && !merged.clusters.has(flags.cluster)) {
    throw new KubeconfigError(`cluster "${flags.cluster}" does not exist`);
  }

  // Nothing configured and running in a pod: the pod's service account, with the flags laid over it as over a file's
  // entries (clientcmd DeferredLoadingClientConfig, inClusterClientConfig). --server means "not in-cluster".
  // Loaded only then, with node:fs/promises: a kubeconfig's user must not wait for it (issue 26).
  const empty = merged.clusters.size === 0 && merged.users.size === 0 && merged.contexts.size === 0;
  const inCluster = empty && !flags.server ? await import('./in-cluster.js') : undefined;
  if (inCluster && (await inCluster.inClusterPossible(env))) {
    const pod = await inCluster.inClusterConfig(env);
    return {
      contextName: null,
      clusterName: null,
      userName: null,
      namespace: pod.namespace,
      cluster: overrideCluster(pod.cluster, flags),
      user: overrideUser(pod.user, flags),
      requestTimeoutMs: parseRequestTimeout(flags.requestTimeout),
      files: [],
      userFile: null,
    };
  }

  const cluster = overrideCluster({ ...merged.clusters.get(clusterName) }, flags);
  const user = overrideUser({ ...merged.users.get(userName) }, flags);
  validateKubeconfig({
    contextName,
    contextExists: context !== undefined,
    clusterName,
    cluster,
    userName,
    user,
  });

  return {
    contextName: contextName || null,
    clusterName: clusterName || null,
    userName: userName || null,
    namespace: context?.namespace || 'default',
    cluster,
    user,
    requestTimeoutMs: parseRequestTimeout(flags.requestTimeout),
    files: merged.files,
    userFile: (!flags.clientCertificate && merged.userFiles.get(userName)) || null,
  };
}

/** getCluster(): the flags win; a CA or --insecure-skip-tls-verify flag replaces the file's CA settings whole. */
function overrideCluster(cluster: RawCluster, flags: KubeFlags): RawCluster {
  if (flags.server) cluster.server = flags.server;
  // --server drops the file's tls-server-name, which named the old server's certificate.
  if (flags.tlsServerName || flags.server) setOrDelete(cluster, 'tls-server-name', flags.tlsServerName);
  if (flags.insecureSkipTlsVerify || flags.certificateAuthority) {
    setOrDelete(cluster, 'insecure-skip-tls-verify', flags.insecureSkipTlsVerify || undefined);
    setOrDelete(cluster, 'certificate-authority', flags.certificateAuthority);
    delete cluster['certificate-authority-data'];
  }
  return cluster;
}

/** getAuthInfo(): the flags win; a file flag also drops the file's inline data for the same thing. */
function overrideUser(user: RawUser, flags: KubeFlags): RawUser {
  if (flags.token) {
    user.token = flags.token;
    // We differ from kubectl on purpose: its transport keeps re-reading the kubeconfig's tokenFile and prefers it
    // over --token (client-go transport/round_trippers.go); a token typed on the command line is meant to be used.
    delete user.tokenFile;
  }
  if (flags.clientCertificate) {
    user['client-certificate'] = flags.clientCertificate;
    delete user['client-certificate-data'];
  }
  if (flags.clientKey) {
    user['client-key'] = flags.clientKey;
    delete user['client-key-data'];
  }
  if (flags.as) user.as = flags.as;
  if (flags.asGroups.length > 0) user['as-groups'] = [...flags.asGroups];
  if (flags.asUid) user['as-uid'] = flags.asUid;
  return user;
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined || value === '') delete target[key];
  else target[key] = value;
}
