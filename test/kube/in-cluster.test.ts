import t from 'tap';
import path from 'node:path';
import { resolveKubeconfig } from '../../src/kube/kubeconfig.js';
import { SERVICE_ACCOUNT_DIR_ENV } from '../../src/kube/in-cluster.js';
import { flags, singleConfig, tempDir, write, type Teardown } from './fixture.js';

/** A service account directory as the kubelet mounts it, and the environment of a pod using it. */
function pod(t: Teardown, files: { token?: boolean; ca?: boolean; namespace?: string } = {}) {
  const dir = tempDir(t);
  if (files.token !== false) write(dir, 'token', 'sa-token\n');
  if (files.ca !== false) write(dir, 'ca.crt', 'CA');
  if (files.namespace !== undefined) write(dir, 'namespace', files.namespace);
  const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', [SERVICE_ACCOUNT_DIR_ENV]: dir };
  return { dir, env };
}

t.test('no kubeconfig in a pod: the service account, as rest.InClusterConfig', async (t) => {
  const { dir, env } = pod(t, { namespace: 'csr-approver\n' });
  const r = await resolveKubeconfig(flags(), env, '/nonexistent-home');
  t.strictSame(r, {
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'csr-approver',
    cluster: { server: 'https://10.96.0.1:443', 'certificate-authority': path.join(dir, 'ca.crt') },
    user: { tokenFile: path.join(dir, 'token') },
    requestTimeoutMs: null,
    files: [],
    userFile: null,
  });
});

t.test('POD_NAMESPACE wins over the file; no file means default; IPv6 hosts get brackets', async (t) => {
  const { env } = pod(t, { namespace: 'from-file' });
  t.equal((await resolveKubeconfig(flags(), { ...env, POD_NAMESPACE: 'from-env' }, '/none')).namespace, 'from-env');
  const bare = pod(t);
  const r = await resolveKubeconfig(flags(), { ...bare.env, KUBERNETES_SERVICE_HOST: 'fd00::1' }, '/none');
  t.equal(r.namespace, 'default');
  t.equal(r.cluster.server, 'https://[fd00::1]:443');
});

t.test('an unreadable CA file is left out, as client-go leaves it out', async (t) => {
  const { env } = pod(t, { ca: false });
  t.strictSame((await resolveKubeconfig(flags(), env, '/none')).cluster, { server: 'https://10.96.0.1:443' });
});

t.test('the flags are laid over the pod configuration', async (t) => {
  const { env } = pod(t);
  const r = await resolveKubeconfig(flags({ token: 'typed', certificateAuthority: '/other/ca.crt', requestTimeout: '5s' }), env, '/none');
  t.strictSame(r.user, { token: 'typed' });
  t.equal(r.cluster['certificate-authority'], '/other/ca.crt');
  t.equal(r.requestTimeoutMs, 5000);
});

t.test('not in a pod: a missing variable or token file, a kubeconfig, or --server', async (t) => {
  const { env } = pod(t);
  const noConfig = /no configuration has been provided/;
  const { KUBERNETES_SERVICE_PORT: _, ...noPort } = env;
  await t.rejects(resolveKubeconfig(flags(), noPort, '/none'), noConfig);
  await t.rejects(resolveKubeconfig(flags(), pod(t, { token: false }).env, '/none'), noConfig);
  const home = tempDir(t);
  write(home, '.kube/config', singleConfig('home', { server: 'https://home:6443' }, { token: 't' }));
  t.equal((await resolveKubeconfig(flags(), env, home)).cluster.server, 'https://home:6443');
  const r = await resolveKubeconfig(flags({ server: 'https://elsewhere:6443', token: 't' }), env, '/none');
  t.equal(r.cluster.server, 'https://elsewhere:6443');
});
