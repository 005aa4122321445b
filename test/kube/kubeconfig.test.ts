import t from 'tap';
import path from 'node:path';
import { KubeconfigError, resolveKubeconfig } from '../../src/kube/kubeconfig.js';
import { CA_B64, flags, singleConfig, tempDir, write } from './fixture.js';

/** Two clusters, two users, two contexts; current-context "dev". */
function twoContexts(dir: string): string {
  write(dir, 'prod-ca.crt', 'PROD CA');
  return write(dir, 'config', {
    clusters: [
      {
        name: 'dev',
        cluster: {
          server: 'https://dev.example:6443/',
          'certificate-authority-data': CA_B64,
          'tls-server-name': 'dev.internal',
        },
      },
      { name: 'prod', cluster: { server: 'https://prod.example:6443', 'certificate-authority': 'prod-ca.crt' } },
    ],
    users: [
      { name: 'jane', user: { token: 'jane-token', tokenFile: 'jane.token' } },
      {
        name: 'admin',
        user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ', as: 'bob', 'as-groups': ['team'] },
      },
    ],
    contexts: [
      { name: 'dev', context: { cluster: 'dev', user: 'jane' } },
      { name: 'prod', context: { cluster: 'prod', user: 'admin', namespace: 'kube-system' } },
    ],
    'current-context': 'dev',
  });
}

t.test('the current context, its cluster and user', async (t) => {
  const dir = tempDir(t);
  const file = twoContexts(dir);
  const r = await resolveKubeconfig(flags(), { KUBECONFIG: file }, '/nonexistent-home');
  t.strictSame(r, {
    contextName: 'dev',
    clusterName: 'dev',
    userName: 'jane',
    namespace: 'default',
    cluster: {
      server: 'https://dev.example:6443/',
      'certificate-authority-data': CA_B64,
      'tls-server-name': 'dev.internal',
    },
    user: { token: 'jane-token', tokenFile: path.join(dir, 'jane.token') },
    requestTimeoutMs: null,
    files: [file],
    userFile: file,
  });
});

t.test('~/.kube/config when KUBECONFIG is unset', async (t) => {
  const home = tempDir(t);
  const file = write(home, '.kube/config', singleConfig('home', { server: 'https://home:6443' }, { token: 't' }));
  const r = await resolveKubeconfig(flags(), {}, home);
  t.equal(r.contextName, 'home');
  t.strictSame(r.files, [file]);
});

t.test('--kubeconfig replaces KUBECONFIG', async (t) => {
  const dir = tempDir(t);
  const fromEnv = write(dir, 'env', singleConfig('env', { server: 'https://env' }, {}));
  const explicit = write(dir, 'explicit', singleConfig('explicit', { server: 'https://explicit' }, {}));
  const r = await resolveKubeconfig(flags({ kubeconfig: explicit }), { KUBECONFIG: fromEnv }, dir);
  t.equal(r.contextName, 'explicit');
  t.strictSame(r.files, [explicit]);
  await t.rejects(resolveKubeconfig(flags({ kubeconfig: path.join(dir, 'gone') }), { KUBECONFIG: fromEnv }, dir), {
    constructor: KubeconfigError,
    message: `stat ${path.join(dir, 'gone')}: no such file or directory`,
  });
});

t.test('--context picks another context, with its namespace', async (t) => {
  const dir = tempDir(t);
  const file = twoContexts(dir);
  const r = await resolveKubeconfig(flags({ context: 'prod' }), { KUBECONFIG: file }, dir);
  t.strictSame([r.contextName, r.clusterName, r.userName, r.namespace], ['prod', 'prod', 'admin', 'kube-system']);
  t.strictSame(r.cluster, {
    server: 'https://prod.example:6443',
    'certificate-authority': path.join(dir, 'prod-ca.crt'),
  });
});

t.test("--cluster and --user replace the context's", async (t) => {
  const dir = tempDir(t);
  const file = twoContexts(dir);
  const r = await resolveKubeconfig(flags({ cluster: 'prod', user: 'admin' }), { KUBECONFIG: file }, dir);
  t.strictSame([r.contextName, r.clusterName, r.userName, r.namespace], ['dev', 'prod', 'admin', 'default']);
  t.equal(r.cluster.server, 'https://prod.example:6443');
  t.equal(r.user['client-certificate-data'], 'Q0VSVA==');
});

t.test("names given by flag must exist, in kubectl's words", async (t) => {
  const dir = tempDir(t);
  const env = { KUBECONFIG: twoContexts(dir) };
  await t.rejects(resolveKubeconfig(flags({ context: 'x' }), env, dir), {
    constructor: KubeconfigError,
    message: 'context "x" does not exist',
  });
  await t.rejects(resolveKubeconfig(flags({ cluster: 'x' }), env, dir), { message: 'cluster "x" does not exist' });
  await t.rejects(resolveKubeconfig(flags({ user: 'x' }), env, dir), { message: 'auth info "x" does not exist' });
});

t.test('no configuration at all', async (t) => {
  const dir = tempDir(t);
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: path.join(dir, 'missing') }, dir), {
    constructor: KubeconfigError,
    message:
      'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
  });
  // a file without a current-context is the same
  const noCurrent = write(dir, 'nocurrent', { clusters: [{ name: 'c', cluster: { server: 'https://c' } }] });
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: noCurrent }, dir), {
    message:
      'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
  });
});

t.test('a current-context that names no context', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'config', { 'current-context': 'gone' });
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: file }, dir), {
    constructor: KubeconfigError,
    message:
      'invalid configuration: [context was not found for specified context: gone, cluster has no server defined]',
  });
});

t.test('-s/--server alone is enough, without any kubeconfig', async (t) => {
  const dir = tempDir(t);
  const r = await resolveKubeconfig(flags({ server: 'https://10.0.0.1:6443', token: 'abc' }), {}, dir);
  t.strictSame(r, {
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'default',
    cluster: { server: 'https://10.0.0.1:6443' },
    user: { token: 'abc' },
    requestTimeoutMs: null,
    files: [],
    userFile: null,
  });
});

t.test("--server replaces the server and drops the file's tls-server-name", async (t) => {
  const dir = tempDir(t);
  const env = { KUBECONFIG: twoContexts(dir) };
  const r = await resolveKubeconfig(flags({ server: 'https://other:443' }), env, dir);
  t.strictSame(r.cluster, { server: 'https://other:443', 'certificate-authority-data': CA_B64 });
  const named = await resolveKubeconfig(
    flags({ server: 'https://other:443', tlsServerName: 'api.internal' }),
    env,
    dir,
  );
  t.equal(named.cluster['tls-server-name'], 'api.internal');
  const onlyName = await resolveKubeconfig(flags({ tlsServerName: 'api.internal' }), env, dir);
  t.strictSame(onlyName.cluster, {
    server: 'https://dev.example:6443/',
    'certificate-authority-data': CA_B64,
    'tls-server-name': 'api.internal',
  });
});

t.test('--token replaces the token and the token file', async (t) => {
  const dir = tempDir(t);
  const r = await resolveKubeconfig(flags({ token: 'flag-token' }), { KUBECONFIG: twoContexts(dir) }, dir);
  t.strictSame(r.user, { token: 'flag-token' });
});

t.test('--client-certificate/--client-key replace the inline data', async (t) => {
  const dir = tempDir(t);
  const cert = write(dir, 'c.crt', 'CERT');
  const key = write(dir, 'c.key', 'KEY');
  const r = await resolveKubeconfig(
    flags({ context: 'prod', clientCertificate: cert, clientKey: key }),
    { KUBECONFIG: twoContexts(dir) },
    dir,
  );
  t.strictSame(r.user, { as: 'bob', 'as-groups': ['team'], 'client-certificate': cert, 'client-key': key });
});

t.test("--as, --as-group, --as-uid replace the file's impersonation", async (t) => {
  const dir = tempDir(t);
  const r = await resolveKubeconfig(
    flags({ context: 'prod', as: 'system:serviceaccount:ns:sa', asGroups: ['g1', 'g2'], asUid: '42' }),
    { KUBECONFIG: twoContexts(dir) },
    dir,
  );
  t.strictSame(r.user, {
    'client-certificate-data': 'Q0VSVA==',
    'client-key-data': 'S0VZ',
    as: 'system:serviceaccount:ns:sa',
    'as-groups': ['g1', 'g2'],
    'as-uid': '42',
  });
  await t.rejects(resolveKubeconfig(flags({ asGroups: ['g'] }), { KUBECONFIG: twoContexts(dir) }, dir), {
    message: 'invalid configuration: requesting uid, groups or user-extra for jane without impersonating a user',
  });
});

t.test("--certificate-authority and --insecure-skip-tls-verify replace the file's CA settings", async (t) => {
  const dir = tempDir(t);
  const env = { KUBECONFIG: twoContexts(dir) };
  const ca = write(dir, 'flag-ca.crt', 'FLAG CA');
  const withCa = await resolveKubeconfig(flags({ certificateAuthority: ca }), env, dir);
  t.strictSame(withCa.cluster, {
    server: 'https://dev.example:6443/',
    'tls-server-name': 'dev.internal',
    'certificate-authority': ca,
  });
  const insecure = await resolveKubeconfig(flags({ insecureSkipTlsVerify: true }), env, dir);
  t.strictSame(insecure.cluster, {
    server: 'https://dev.example:6443/',
    'tls-server-name': 'dev.internal',
    'insecure-skip-tls-verify': true,
  });
});

t.test('a kubeconfig asking for both a CA and no verification is refused', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig(
      'c',
      { server: 'https://c', 'certificate-authority-data': CA_B64, 'insecure-skip-tls-verify': true },
      {},
    ),
  );
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: file }, dir), {
    constructor: KubeconfigError,
    message: 'specifying a root certificates file with the insecure flag is not allowed',
  });
});

t.test('files that the picked user and cluster need must be readable', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c', 'certificate-authority': 'ca.crt' }, { 'client-certificate': 'u.crt' }),
  );
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: file }, dir), {
    constructor: KubeconfigError,
    message:
      'invalid configuration: [' +
      'client-key-data or client-key must be specified for c to use the clientCert authentication method., ' +
      `unable to read client-cert ${path.join(dir, 'u.crt')} for c due to open ${path.join(dir, 'u.crt')}: no such file or directory, ` +
      `unable to read certificate-authority ${path.join(dir, 'ca.crt')} for c due to open ${path.join(dir, 'ca.crt')}: no such file or directory]`,
  });
});

t.test('a cluster without a server', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'config', singleConfig('c', { 'certificate-authority-data': CA_B64 }, {}));
  await t.rejects(resolveKubeconfig(flags(), { KUBECONFIG: file }, dir), {
    message: 'invalid configuration: no server found for cluster "c"',
  });
});

t.test('--request-timeout', async (t) => {
  const dir = tempDir(t);
  const env = { KUBECONFIG: twoContexts(dir) };
  t.equal((await resolveKubeconfig(flags({ requestTimeout: '0' }), env, dir)).requestTimeoutMs, null);
  t.equal((await resolveKubeconfig(flags({ requestTimeout: '5' }), env, dir)).requestTimeoutMs, 5_000);
  t.equal((await resolveKubeconfig(flags({ requestTimeout: '1m30s' }), env, dir)).requestTimeoutMs, 90_000);
  await t.rejects(resolveKubeconfig(flags({ requestTimeout: 'soon' }), env, dir), {
    constructor: KubeconfigError,
    message:
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
  });
});
