// A kubeconfig as it is written on disk (clientcmd/api/v1 field names), and the merge of several of them.
// Only the fields kubectl-csr reads are named; the rest pass through untouched.

export interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  /** base64 of PEM */
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  [field: string]: unknown;
}

export interface RawExecConfig {
  apiVersion?: string;
  command?: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  [field: string]: unknown;
}

export interface RawUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  /** base64 of PEM */
  'client-certificate-data'?: string;
  'client-key'?: string;
  /** base64 of PEM */
  'client-key-data'?: string;
  username?: string;
  password?: string;
  as?: string;
  'as-groups'?: string[] | null;
  'as-uid'?: string;
  'auth-provider'?: { name?: string; config?: Record<string, unknown> } | null;
  exec?: RawExecConfig | null;
  [field: string]: unknown;
}

export interface RawContext {
  cluster?: string;
  user?: string;
  namespace?: string;
  [field: string]: unknown;
}

/** Several kubeconfig files merged by kubectl's rules; relative paths are already absolute. */
export interface MergedKubeconfig {
  clusters: Map<string, RawCluster>;
  users: Map<string, RawUser>;
  contexts: Map<string, RawContext>;
  currentContext: string | null;
  /** The files that were read, in order (missing ones left out). */
  files: string[];
  /** The file each user entry came from: `renew` rewrites that file (the 401 explanation names it). */
  userFiles: Map<string, string>;
}
