// A kubeconfig whose user gets its token from an exec credential plugin: the one kind of user that loads
// @kubernetes/client-node, which the single executable carries as a separate chunk (scripts/bundle.mjs). The code-cache
// trainer, the start-up benchmark and the single-binary test each run a command with it, so that the chunk is loaded.

/** The plugin is this very Node.js printing an ExecCredential with `token`; `server` may well refuse connections. */
export function execKubeconfig(server: string, token: string): string {
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
  const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(credential)})`], interactiveMode: 'Never' };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { exec } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'x',
  });
}
