// How to reach the API server: the kubeconfig kubectl would use, turned into node:https request options.
// @kubernetes/client-node is loaded here, on the first connect() of a user that needs it (an exec plugin, an auth
// provider, a proxy), and nowhere at import time: other users (static-credentials.ts) and offline commands (inspect,
// --help) must not pay for it.
import type { Cluster, User } from '@kubernetes/client-node';
import type { RequestTrace } from './request-trace.js';
// fs.promises rather than node:fs/promises: its modules load on the first read of a token or CA file, not at every start.
import { promises as fs } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { goPathError, KubeconfigError } from './kubeconfig-error.js';
import { resolveKubeconfig, type KubeFlags } from './kubeconfig.js';
import type { RawCluster, RawUser } from './kubeconfig-types.js';
import { isStatic, staticHttpsOptions } from './static-credentials.js';
import { withCheapTrust } from './tls-trust.js';

export interface Connection {
  /** Base URL without a trailing slash, e.g. https://127.0.0.1:6443 */
  server: string;
  contextName: string | null;
  clusterName: string | null;
  userName: string | null;
  namespace: string;
  /** null: no timeout. */
  requestTimeoutMs: number | null;
  /** Aborts every request made over this connection (a watcher's shutdown deadline); the request then rejects. */
  signal?: AbortSignal;
  /** Counts the requests (not watches) that have been sent and not yet answered, for a watcher to say at SIGTERM. */
  requests?: { inFlight: number };
  /**
   * Requests (not watches) as streams of one HTTP/2 connection, as client-go sends them, where the server offers h2 and
   * the credentials are plain (http2-session.ts): a watcher's, which makes many (issue 25).
   */
  http2?: boolean;
  /** -v=6 and more: kubectl's request trace on stderr (request-trace.ts); absent otherwise, at no cost. */
  trace?: RequestTrace;
  /**
   * Options for node:https.request: ca (or none, the CA being Node's default trust: tls-trust.ts), cert, key, servername, rejectUnauthorized, headers (Authorization,
   * Impersonate-*), auth for basic auth, agent only for a proxy-url. Read-only: a user that needs no plugin gets the
   * same object until its files are read again (FILE_REREAD_MS); an exec plugin's credentials are asked for each call.
   */
  httpsOptions(): Promise<RequestOptions>;
  /** The credentials are read from files and flags: asking for them runs nothing (no exec plugin, no auth provider). */
  plainCredentials?: boolean;
  /** CA data (PEM) of the current cluster, if any — used to write a kubeconfig for a new user. */
  caData: string | null;
  insecureSkipTlsVerify: boolean;
  /** What else the cluster entry needs to be reached, kept by --kubeconfig-out (issue 11). */
  tlsServerName?: string;
  proxyUrl?: string;
  /** The user's client certificate, to say why a 401 happened (unauthorized-explanation.ts); null without one. */
  clientCertificate: ClientCertificateSource | null;
}

export interface ClientCertificateSource {
  /** base64 of PEM (client-certificate-data), or a path. */
  data?: string;
  file?: string;
  /** The kubeconfig file that defines the user; null when the certificate comes from --client-certificate. */
  kubeconfigFile: string | null;
}

export async function connect(flags: KubeFlags, env: NodeJS.ProcessEnv, home: string): Promise<Connection> {
  const resolved = await resolveKubeconfig(flags, env, home);
  const { cluster, user } = resolved;
  const server = serverUrl(cluster.server ?? '');
  const insecureSkipTlsVerify = cluster['insecure-skip-tls-verify'] === true;
  const caData = insecureSkipTlsVerify ? null : await caPem(cluster);
  const readToken = () => bearerFromTokenFile(user);
  await readToken(); // an unreadable token file fails here, not on the first request

  const kcCluster = clientCluster(cluster, server);
  const kcUser = clientUser(user, execInfo(user, cluster, server, caData));
  const staticUser = isStatic(kcCluster, kcUser);
  let options: () => Promise<RequestOptions>;
  if (staticUser) {
    // Files (token, CA, client certificate) are all read again together, and the options built from them are kept as
    // long: each request used to build them again, a copy and a look at the CA at a time (issue 25, the storm).
    const credentials = staticCredentials(kcCluster, kcUser);
    options = readAgainAfter(FILE_REREAD_MS, async () => withCheapTrust(await httpsOptions(credentials, readToken, user, insecureSkipTlsVerify), true));
  } else {
    const credentials = await clientNodeCredentials(kcCluster, kcUser);
    const fileToken = readAgainAfter(FILE_REREAD_MS, readToken);
    // An exec plugin runs apart; an auth provider (OIDC) makes requests of its own, to its issuer, on Node's default trust.
    const mayReplace = kcUser.authProvider === undefined;
    options = async () => withCheapTrust(await httpsOptions(credentials, fileToken, user, insecureSkipTlsVerify), mayReplace);
  }

  return {
    server,
    contextName: resolved.contextName,
    clusterName: resolved.clusterName,
    userName: resolved.userName,
    namespace: resolved.namespace,
    requestTimeoutMs: resolved.requestTimeoutMs,
    httpsOptions: options,
    plainCredentials: staticUser,
    caData,
    insecureSkipTlsVerify,
    tlsServerName: cluster['tls-server-name'] || undefined,
    proxyUrl: cluster['proxy-url'] || undefined,
    clientCertificate: clientCertificateSource(user, resolved.userFile),
  };
}

function clientCertificateSource(user: RawUser, kubeconfigFile: string | null): ClientCertificateSource | null {
  const data = user['client-certificate-data'];
  if (data) return { data, kubeconfigFile };
  const file = user['client-certificate'];
  return file ? { file, kubeconfigFile } : null;
}

/** The TLS material and the credential's own headers, fresh on each call. */
type Credentials = () => Promise<RequestOptions>;

/**
 * Files of credentials (a token file, CA and client certificate files) are read again at most this often, as
 * client-go reads a token file again once a minute less 10 s of leeway (transport.NewCachedFileTokenSource); it reads
 * the CA and certificate files only when it builds a transport. Read on every request, they cost the in-cluster
 * approver a fifth of its CPU in a storm of CSRs (issue 25, BENCHMARKS.md).
 */
const FILE_REREAD_MS = 50_000;

/** read()'s result, kept for `ms`; a failure is not kept (the next call reads again). */
function readAgainAfter<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let kept: { value: Promise<T>; at: number } | undefined;
  return () => {
    const now = Date.now();
    if (kept && now - kept.at < ms) return kept.value;
    const value = read();
    kept = { value, at: now };
    value.catch(() => (kept = undefined));
    return value;
  };
}

/** Reads the files on each call; connect() keeps what it builds from them for FILE_REREAD_MS. */
function staticCredentials(cluster: Cluster, user: User): Credentials {
  return () => {
    try {
      return Promise.resolve(staticHttpsOptions(cluster, user));
    } catch (err) {
      return Promise.reject(credentialError(err, user));
    }
  };
}

async function clientNodeCredentials(cluster: Cluster, user: User): Promise<Credentials> {
  const { KubeConfig } = await import('./client-node.js');
  const kc = new KubeConfig();
  // One cluster, one user, one context: the flags are already applied. loadFromOptions takes them as they are,
  // where loadFromString/loadFromDefault would re-validate and re-resolve paths.
  kc.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: 'kubectl-csr', cluster: 'cluster', user: 'user' }],
    currentContext: 'kubectl-csr',
  });
  return async () => {
    const opts: RequestOptions = {};
    try {
      // Reads CA and client certificate files, runs exec plugins and auth providers, sets Authorization.
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw credentialError(err, user);
    }
    // client-node makes a new Agent on every call; only a proxy needs one, the rest is in the options themselves.
    if (!cluster.proxyUrl) delete opts.agent;
    return opts;
  };
}

async function httpsOptions(credentials: Credentials, tokenFile: () => Promise<string | undefined>, user: RawUser, insecureSkipTlsVerify: boolean): Promise<RequestOptions> {
  const opts = await credentials();
  const headers: OutgoingHttpHeaders = { ...(opts.headers as OutgoingHttpHeaders | undefined) };
  const fileToken = await tokenFile();
  if (fileToken !== undefined) headers.Authorization = `Bearer ${fileToken}`;
  // client-node only knows Impersonate-User; kubectl also sends the groups and the uid (client-go
  // transport.NewImpersonatingRoundTripper), one Impersonate-Group header per group.
  if (user.as) headers['Impersonate-User'] = user.as;
  const groups = user['as-groups'] ?? [];
  if (user.as && groups.length > 0) headers['Impersonate-Group'] = [...groups];
  if (user.as && user['as-uid']) headers['Impersonate-Uid'] = user['as-uid'];
  opts.headers = headers;
  // Always explicit, so that NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch verification off.
  opts.rejectUnauthorized = !insecureSkipTlsVerify;
  return opts;
}

/**
 * The kubeconfig's tokenFile, read again every FILE_REREAD_MS as client-go does (it rotates, e.g. projected service
 * account tokens) and trimmed as client-go trims it. client-node does not read this field. With both token and
 * tokenFile, client-go prefers the file and falls back to the token when the file cannot be read.
 */
async function bearerFromTokenFile(user: RawUser): Promise<string | undefined> {
  if (!user.tokenFile) return undefined;
  let token: string;
  try {
    token = (await fs.readFile(user.tokenFile, 'utf8')).trim();
  } catch (err) {
    if (user.token) return undefined;
    throw new KubeconfigError(goPathError('open', user.tokenFile, err));
  }
  if (token === '') {
    if (user.token) return undefined;
    throw new KubeconfigError(`read empty token from file "${user.tokenFile}"`);
  }
  return token;
}

/**
 * The server as a base URL. A bare host:port gets https:// (client-go rest.DefaultServerURL picks https when TLS
 * is configured). Plain http is refused: every request here goes through node:https, and credentials must not
 * travel in the clear.
 */
function serverUrl(server: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `https://${server}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KubeconfigError(`host must be a URL or a host:port pair: "${server}"`);
  }
  if (url.protocol !== 'https:') {
    throw new KubeconfigError(`server "${server}" is not https: kubectl csr only talks to the API server over TLS`);
  }
  return withScheme.replace(/\/+$/, '');
}

function clientCluster(cluster: RawCluster, server: string): Cluster {
  return {
    name: 'cluster',
    server,
    caData: cluster['certificate-authority-data'],
    caFile: cluster['certificate-authority'],
    skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: cluster['tls-server-name'],
    proxyUrl: cluster['proxy-url'],
  };
}

/**
 * The user for client-node. Impersonation is left out (added above, with groups and uid). As in client-go, a
 * token, basic auth or a client certificate means the exec plugin is not run (plugin/pkg/client/auth/exec
 * UpdateTransportConfig), and a token means no auth-provider is asked (its round tripper passes a request that
 * already carries Authorization).
 */
function clientUser(user: RawUser, execInfoJson: string): User {
  const hasToken = Boolean(user.token || user.tokenFile);
  const hasOtherCredentials = Boolean(
    user.username || user.password || user['client-certificate'] || user['client-certificate-data'],
  );
  const exec =
    user.exec && !hasToken && !hasOtherCredentials
      ? {
          ...user.exec,
          args: user.exec.args ?? [],
          env: [...(user.exec.env ?? []), { name: 'KUBERNETES_EXEC_INFO', value: execInfoJson }],
        }
      : undefined;
  return {
    name: 'user',
    certData: user['client-certificate-data'],
    certFile: user['client-certificate'],
    keyData: user['client-key-data'],
    keyFile: user['client-key'],
    token: user.token,
    username: user.username,
    password: user.password,
    exec,
    authProvider: hasToken ? undefined : (user['auth-provider'] ?? undefined),
  };
}

/**
 * KUBERNETES_EXEC_INFO, which kubectl hands every exec plugin (client-go exec.go) and client-node does not:
 * never interactive (client-node gives the plugin no terminal), and the cluster when provideClusterInfo asks.
 */
function execInfo(user: RawUser, cluster: RawCluster, server: string, caData: string | null): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (user.exec?.provideClusterInfo === true) {
    spec.cluster = {
      server,
      ...(cluster['tls-server-name'] ? { 'tls-server-name': cluster['tls-server-name'] } : {}),
      ...(cluster['insecure-skip-tls-verify'] ? { 'insecure-skip-tls-verify': true } : {}),
      ...(caData ? { 'certificate-authority-data': Buffer.from(caData).toString('base64') } : {}),
    };
  }
  const apiVersion = user.exec?.apiVersion ?? 'client.authentication.k8s.io/v1';
  return JSON.stringify({ kind: 'ExecCredential', apiVersion, spec });
}

async function caPem(cluster: RawCluster): Promise<string | null> {
  const data = cluster['certificate-authority-data'];
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = cluster['certificate-authority'];
  if (!file) return null;
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(goPathError('open', file, err));
  }
}

/** kubectl's words for a credential plugin that fails (client-go plugin/pkg/client/auth/exec/exec.go). */
function credentialError(err: unknown, user: User): Error {
  const message = err instanceof Error ? err.message.trim() : String(err).trim();
  const exec = user.exec as RawUser['exec'];
  const command = exec?.command;
  if (!command) return new KubeconfigError(`getting credentials: ${message}`);
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    const hint = typeof exec?.installHint === 'string' && exec.installHint ? `\n\n${exec.installHint}` : '';
    return new KubeconfigError(`getting credentials: exec: executable ${command} not found${hint}`);
  }
  if (err instanceof SyntaxError) return new KubeconfigError(`getting credentials: decoding stdout: ${message}`);
  return new KubeconfigError(`getting credentials: exec: executable ${command} failed${message ? `: ${message}` : ''}`);
}
