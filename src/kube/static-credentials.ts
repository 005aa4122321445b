// The TLS material and credentials of a user that needs no plugin: a token, basic auth or a client certificate, with
// the cluster's CA and tls-server-name. This is what client-node's KubeConfig.applyToHTTPSOptions does for such a
// user (config.js applyHTTPSOptions and applyAuthorizationHeader, 1.4), without loading the library, whose import is a
// large part of a command's start (BENCHMARKS.md, build 7). Exec plugins, auth providers and proxies still go through client-node
// (connection.ts); test/kube/static-credentials.test.ts holds the two to the same result.
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import type { Cluster, User } from '@kubernetes/client-node';

/** True when client-node has nothing to add: no exec plugin, no auth provider, no proxy. */
export function isStatic(cluster: Cluster, user: User): boolean {
  return !user.exec && !user.authProvider && !cluster.proxyUrl;
}

/** Reads the files on each call, as client-node does; connection.ts keeps the result for a while (FILE_REREAD_MS). */
export function staticHttpsOptions(cluster: Cluster, user: User): RequestOptions {
  const opts: RequestOptions = {};
  if (cluster.skipTLSVerify) opts.rejectUnauthorized = false;
  if (cluster.tlsServerName) opts.servername = cluster.tlsServerName;
  const ca = fileOrData(cluster.caFile, cluster.caData);
  if (ca) opts.ca = ca;
  const cert = fileOrData(user.certFile, user.certData);
  if (cert) opts.cert = cert;
  const key = fileOrData(user.keyFile, user.keyData);
  if (key) opts.key = key;
  opts.headers = user.token ? { Authorization: `Bearer ${user.token}` } : {};
  if (user.username) opts.auth = `${user.username}:${user.password}`;
  return opts;
}

/** client-node's bufferFromFileOrString: the file wins over the inline base64. */
function fileOrData(file: string | undefined, data: string | undefined): Buffer | null {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return null;
}
