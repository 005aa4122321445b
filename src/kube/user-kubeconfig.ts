// A ready-to-use kubeconfig for a new identity: the current context's server and CA, with the client certificate
// and key embedded (so it works when copied elsewhere). Written with mode 0600 by the caller.
import yaml from 'js-yaml';

export interface UserKubeconfigParams {
  clusterName: string;
  server: string;
  /** PEM of the cluster CA, or null to rely on the system roots. */
  caData: string | null;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  userName: string;
  certificatePem: string;
  keyPem: string;
}

export function userKubeconfig(p: UserKubeconfigParams): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const context = `${p.userName}@${p.clusterName}`;
  const cluster: Record<string, unknown> = { server: p.server };
  if (p.caData) cluster['certificate-authority-data'] = b64(p.caData);
  if (p.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  if (p.tlsServerName) cluster['tls-server-name'] = p.tlsServerName;
  if (p.proxyUrl) cluster['proxy-url'] = p.proxyUrl;
  return yaml.dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: p.clusterName, cluster }],
      users: [{ name: p.userName, user: { 'client-certificate-data': b64(p.certificatePem), 'client-key-data': b64(p.keyPem) } }],
      contexts: [{ name: context, context: { cluster: p.clusterName, user: p.userName } }],
      'current-context': context,
      preferences: {},
    },
    { lineWidth: -1 },
  );
}
