// kubectl's ConfirmUsable (k8s.io/client-go/tools/clientcmd/validation.go): every problem of the picked context,
// user and cluster in one "invalid configuration: ..." message, before any request is made. The files it looks at are
// looked at with blocking calls: nothing else is under way before the first request (issue 26).
import { accessSync, constants } from 'node:fs';
import { aggregateMessages, goPathError, KubeconfigError } from './kubeconfig-error.js';
import type { RawCluster, RawUser } from './kubeconfig-types.js';

export interface KubeconfigSelection {
  /** '' when there is none. */
  contextName: string;
  contextExists: boolean;
  clusterName: string;
  cluster: RawCluster;
  userName: string;
  user: RawUser;
}

const ERR_EMPTY_CLUSTER = 'cluster has no server defined';
const ERR_EMPTY_CONFIG = 'no configuration has been provided, try setting KUBERNETES_MASTER environment variable';

export function validateKubeconfig(s: KubeconfigSelection): void {
  const problems: string[] = [];
  if (s.contextName !== '' && !s.contextExists) {
    problems.push(`context was not found for specified context: ${s.contextName}`);
  }
  problems.push(...userProblems(s.userName, s.user));
  problems.push(...clusterProblems(s.clusterName, s.cluster));
  // Nothing configured at all reads better as kubectl's "no configuration" than as "no server".
  if (problems.length === 1 && problems[0] === ERR_EMPTY_CLUSTER) problems[0] = ERR_EMPTY_CONFIG;
  if (problems.length > 0) throw new KubeconfigError(`invalid configuration: ${aggregateMessages(problems)}`);

  // Checked later by kubectl (client-go rest.TLSConfigFor), with the same words.
  if (
    s.cluster['insecure-skip-tls-verify'] === true &&
    (s.cluster['certificate-authority'] || s.cluster['certificate-authority-data'])
  ) {
    throw new KubeconfigError('specifying a root certificates file with the insecure flag is not allowed');
  }
}

function userProblems(name: string, user: RawUser): string[] {
  const problems: string[] = [];
  const methods: string[] = [];
  if (user.token) methods.push('token');
  if (user.username || user.password) methods.push('basicAuth');
  const certFile = user['client-certificate'];
  const keyFile = user['client-key'];
  if (certFile || user['client-certificate-data']) {
    if (certFile && user['client-certificate-data']) {
      problems.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    }
    if (keyFile && user['client-key-data']) {
      problems.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    }
    if (!keyFile && !user['client-key-data']) {
      problems.push(
        `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
      );
    }
    if (certFile) {
      const err = unreadable(certFile);
      if (err) problems.push(`unable to read client-cert ${certFile} for ${name} due to ${err}`);
    }
    if (keyFile) {
      const err = unreadable(keyFile);
      if (err) problems.push(`unable to read client-key ${keyFile} for ${name} due to ${err}`);
    }
  }
  if (user.exec) {
    if (user['auth-provider']) {
      problems.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    }
    if (!user.exec.command) problems.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (!user.exec.apiVersion) {
      problems.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
    }
  }
  if (methods.length > 1) {
    problems.push(
      `more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`,
    );
  }
  if (!user.as && (user['as-uid'] || (user['as-groups'] ?? []).length > 0)) {
    problems.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  }
  return problems;
}

function clusterProblems(name: string, cluster: RawCluster): string[] {
  if (Object.values(cluster).every((v) => v === undefined || v === null || v === '' || v === false)) {
    return [ERR_EMPTY_CLUSTER];
  }
  const problems: string[] = [];
  if (!cluster.server) {
    problems.push(name === '' ? 'default cluster has no server defined' : `no server found for cluster "${name}"`);
  }
  const caFile = cluster['certificate-authority'];
  if (caFile && cluster['certificate-authority-data']) {
    problems.push(
      `certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`,
    );
  }
  if (caFile) {
    const err = unreadable(caFile);
    if (err) problems.push(`unable to read certificate-authority ${caFile} for ${name} due to ${err}`);
  }
  return problems;
}

/** Go's os.Open error for a file that cannot be read, or null when it can. */
function unreadable(file: string): string | null {
  try {
    accessSync(file, constants.R_OK);
    return null;
  } catch (err) {
    return goPathError('open', file, err);
  }
}
