// A minimal kubeconfig for one identity, as kubectl writes them.
export interface KubeconfigParams {
  name: string;
  server: string;
  caData: string;
  token?: string;
  clientCertData?: string;
  clientKeyData?: string;
}

export function kubeconfigYaml(p: KubeconfigParams): string {
  const user = p.token
    ? `    token: ${p.token}\n`
    : `    client-certificate-data: ${p.clientCertData}\n    client-key-data: ${p.clientKeyData}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${p.server}
    certificate-authority-data: ${p.caData}
users:
- name: ${p.name}
  user:
${user}contexts:
- name: ${p.name}
  context:
    cluster: test
    user: ${p.name}
current-context: ${p.name}
`;
}
