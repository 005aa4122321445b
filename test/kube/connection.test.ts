import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../../src/kube/connection.js';
import { KubeconfigError } from '../../src/kube/kubeconfig.js';
import { CA_B64, CA_PEM, flags, singleConfig, tempDir, write } from './fixture.js';

const EXEC_CREDENTIAL =
  '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token-123"}}';

function execUser(command: string, extra: object = {}): object {
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, ...extra } };
}

t.test('a token user: server, names, CA and Authorization', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig(
      'dev',
      { server: 'https://dev.example:6443/', 'certificate-authority-data': CA_B64 },
      { token: 'abc' },
      'team-a',
    ),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.equal(conn.server, 'https://dev.example:6443');
  t.strictSame(
    [conn.contextName, conn.clusterName, conn.userName, conn.namespace, conn.requestTimeoutMs],
    ['dev', 'dev', 'dev', 'team-a', null],
  );
  t.equal(conn.caData, CA_PEM);
  t.equal(conn.insecureSkipTlsVerify, false);
  t.strictSame(await conn.httpsOptions(), {
    ca: Buffer.from(CA_PEM),
    headers: { Authorization: 'Bearer abc' },
    rejectUnauthorized: true,
  });
});

t.test('a CA file: caData is its content', async (t) => {
  const dir = tempDir(t);
  write(dir, 'ca.crt', CA_PEM);
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c:6443', 'certificate-authority': 'ca.crt' }, {}),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.equal(conn.caData, CA_PEM);
  t.strictSame(await conn.httpsOptions(), { ca: Buffer.from(CA_PEM), headers: {}, rejectUnauthorized: true });
});

t.test('client certificate files', async (t) => {
  const dir = tempDir(t);
  write(dir, 'pki/jane.crt', 'JANE CERT');
  write(dir, 'pki/jane.key', 'JANE KEY');
  const file = write(
    dir,
    'config',
    singleConfig(
      'c',
      { server: 'https://c:6443' },
      { 'client-certificate': 'pki/jane.crt', 'client-key': 'pki/jane.key' },
    ),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame(await conn.httpsOptions(), {
    cert: Buffer.from('JANE CERT'),
    key: Buffer.from('JANE KEY'),
    headers: {},
    rejectUnauthorized: true,
  });
});

t.test('--server, --token, --tls-server-name and --request-timeout', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, { token: 'file-token' }));
  const conn = await connect(
    flags({
      server: 'https://10.1.2.3:443/prefix/',
      token: 'flag-token',
      tlsServerName: 'api.internal',
      requestTimeout: '30s',
    }),
    { KUBECONFIG: file },
    dir,
  );
  t.equal(conn.server, 'https://10.1.2.3:443/prefix');
  t.equal(conn.requestTimeoutMs, 30_000);
  t.strictSame(await conn.httpsOptions(), {
    servername: 'api.internal',
    headers: { Authorization: 'Bearer flag-token' },
    rejectUnauthorized: true,
  });
});

t.test('a server without a scheme is https; http is refused', async (t) => {
  const dir = tempDir(t);
  const conn = await connect(flags({ server: '127.0.0.1:6443' }), {}, dir);
  t.equal(conn.server, 'https://127.0.0.1:6443');
  await t.rejects(connect(flags({ server: 'http://127.0.0.1:8001' }), {}, dir), {
    constructor: KubeconfigError,
    message: 'server "http://127.0.0.1:8001" is not https: kubectl csr only talks to the API server over TLS',
  });
});

t.test('impersonation headers', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c:6443' }, { token: 't', as: 'file-user', 'as-groups': ['file-group'] }),
  );
  const fromFile = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame((await fromFile.httpsOptions()).headers, {
    Authorization: 'Bearer t',
    'Impersonate-User': 'file-user',
    'Impersonate-Group': ['file-group'],
  });
  const fromFlags = await connect(
    flags({ as: 'jane', asGroups: ['system:authenticated', 'dev'], asUid: '1234' }),
    { KUBECONFIG: file },
    dir,
  );
  t.strictSame((await fromFlags.httpsOptions()).headers, {
    Authorization: 'Bearer t',
    'Impersonate-User': 'jane',
    'Impersonate-Group': ['system:authenticated', 'dev'],
    'Impersonate-Uid': '1234',
  });
});

t.test('--insecure-skip-tls-verify: no CA, no verification', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c:6443', 'certificate-authority-data': CA_B64 }, {}),
  );
  const conn = await connect(flags({ insecureSkipTlsVerify: true }), { KUBECONFIG: file }, dir);
  t.equal(conn.insecureSkipTlsVerify, true);
  t.equal(conn.caData, null);
  t.strictSame(await conn.httpsOptions(), { rejectUnauthorized: false, headers: {} });
});

t.test('verification stays on even when NODE_TLS_REJECT_UNAUTHORIZED=0', async (t) => {
  const dir = tempDir(t);
  const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  t.teardown(() => {
    if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
  });
  const conn = await connect(flags({ server: 'https://c:6443' }), {}, dir);
  t.equal((await conn.httpsOptions()).rejectUnauthorized, true);
});

t.test('an exec credential plugin, with a command relative to the kubeconfig', async (t) => {
  const dir = tempDir(t);
  write(dir, 'kube/bin/credential.sh', `#!/bin/sh\necho '${EXEC_CREDENTIAL}'\n`, 0o755);
  const file = write(
    dir,
    'kube/config',
    singleConfig('c', { server: 'https://c:6443' }, execUser('./bin/credential.sh')),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame(await conn.httpsOptions(), {
    headers: { Authorization: 'Bearer exec-token-123' },
    rejectUnauthorized: true,
  });
});

t.test('the exec plugin gets its args and env', async (t) => {
  const dir = tempDir(t);
  const script =
    '#!/bin/sh\n' +
    `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s"}}' "$1" "$PLUGIN_TOKEN"\n`;
  write(dir, 'plugin.sh', script, 0o755);
  const user = execUser('./plugin.sh', { args: ['arg1'], env: [{ name: 'PLUGIN_TOKEN', value: 'from-env' }] });
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, user));
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame((await conn.httpsOptions()).headers, { Authorization: 'Bearer arg1-from-env' });
});

t.test('the exec plugin gets KUBERNETES_EXEC_INFO, with the cluster when provideClusterInfo asks', async (t) => {
  const dir = tempDir(t);
  write(
    dir,
    'plugin.sh',
    `#!/bin/sh\nprintf '%s' "$KUBERNETES_EXEC_INFO" > "$0.info"\necho '${EXEC_CREDENTIAL}'\n`,
    0o755,
  );
  const cluster = {
    server: 'https://c:6443/',
    'certificate-authority-data': CA_B64,
    'tls-server-name': 'api.internal',
  };
  const plain = write(dir, 'plain', singleConfig('c', cluster, execUser('./plugin.sh')));
  await (await connect(flags(), { KUBECONFIG: plain }, dir)).httpsOptions();
  t.strictSame(JSON.parse(readFileSync(path.join(dir, 'plugin.sh.info'), 'utf8')), {
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1',
    spec: { interactive: false },
  });
  const withCluster = write(
    dir,
    'with',
    singleConfig('c', cluster, execUser('./plugin.sh', { provideClusterInfo: true })),
  );
  await (await connect(flags(), { KUBECONFIG: withCluster }, dir)).httpsOptions();
  t.strictSame(JSON.parse(readFileSync(path.join(dir, 'plugin.sh.info'), 'utf8')), {
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1',
    spec: {
      interactive: false,
      cluster: { server: 'https://c:6443', 'tls-server-name': 'api.internal', 'certificate-authority-data': CA_B64 },
    },
  });
});

t.test('--token means the exec plugin is not run', async (t) => {
  const dir = tempDir(t);
  write(dir, 'fail.sh', '#!/bin/sh\necho must-not-run >&2\nexit 1\n', 0o755);
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, execUser('./fail.sh')));
  const conn = await connect(flags({ token: 'flag-token' }), { KUBECONFIG: file }, dir);
  t.strictSame(await conn.httpsOptions(), {
    headers: { Authorization: 'Bearer flag-token' },
    rejectUnauthorized: true,
  });
});

t.test("a failing or missing exec plugin, in kubectl's words", async (t) => {
  const dir = tempDir(t);
  write(dir, 'fail.sh', '#!/bin/sh\necho "token expired, log in again" >&2\nexit 1\n', 0o755);
  const failing = write(dir, 'failing', singleConfig('c', { server: 'https://c:6443' }, execUser('./fail.sh')));
  const conn = await connect(flags(), { KUBECONFIG: failing }, dir);
  await t.rejects(conn.httpsOptions(), {
    constructor: KubeconfigError,
    message: `getting credentials: exec: executable ${path.join(dir, 'fail.sh')} failed: token expired, log in again`,
  });

  const missing = write(
    dir,
    'missing',
    singleConfig(
      'c',
      { server: 'https://c:6443' },
      execUser('./nope', { installHint: 'Install nope from example.com' }),
    ),
  );
  const conn2 = await connect(flags(), { KUBECONFIG: missing }, dir);
  await t.rejects(conn2.httpsOptions(), {
    constructor: KubeconfigError,
    message: `getting credentials: exec: executable ${path.join(dir, 'nope')} not found\n\nInstall nope from example.com`,
  });

  write(dir, 'garbage.sh', '#!/bin/sh\necho not-json\n', 0o755);
  const garbage = write(dir, 'garbage', singleConfig('c', { server: 'https://c:6443' }, execUser('./garbage.sh')));
  const conn3 = await connect(flags(), { KUBECONFIG: garbage }, dir);
  const err = await conn3.httpsOptions().catch((e: unknown) => e);
  t.type(err, KubeconfigError);
  t.match((err as Error).message, /^getting credentials: decoding stdout: /);
});

t.test('a tokenFile user: its token, trimmed, read again after 50 s as client-go does (not on every request)', async (t) => {
  const dir = tempDir(t);
  const tokenFile = write(dir, 'secrets/token', 'file-token-1\n');
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, { tokenFile: 'secrets/token' }));
  let now = Date.now();
  t.capture(Date, 'now', () => now);
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame(await conn.httpsOptions(), {
    headers: { Authorization: 'Bearer file-token-1' },
    rejectUnauthorized: true,
  });
  writeFileSync(tokenFile, 'file-token-2');
  now += 49_000;
  t.strictSame((await conn.httpsOptions()).headers, { Authorization: 'Bearer file-token-1' }, 'kept for 50 s');
  now += 1_000;
  t.strictSame((await conn.httpsOptions()).headers, { Authorization: 'Bearer file-token-2' }, 'read again after');
});

t.test('a static user: one options object until the files are read again, then the token and the CA both read anew', async (t) => {
  const dir = tempDir(t);
  const tokenFile = write(dir, 'token', 'token-1');
  const caFile = write(dir, 'ca.crt', CA_PEM);
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443', 'certificate-authority': 'ca.crt' }, { tokenFile: 'token' }));
  let now = Date.now();
  t.capture(Date, 'now', () => now);
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  const first = await conn.httpsOptions();
  writeFileSync(tokenFile, 'token-2');
  writeFileSync(caFile, `${CA_PEM}\n`);
  now += 49_000;
  t.equal(await conn.httpsOptions(), first, 'the same object for 50 s');
  now += 1_000;
  const second = await conn.httpsOptions();
  t.strictSame(second, { ca: Buffer.from(`${CA_PEM}\n`), headers: { Authorization: 'Bearer token-2' }, rejectUnauthorized: true });
  t.strictSame(first, { ca: Buffer.from(CA_PEM), headers: { Authorization: 'Bearer token-1' }, rejectUnauthorized: true }, 'the first left as it was');
});

t.test('a token file wins over a token, which is the fallback', async (t) => {
  const dir = tempDir(t);
  write(dir, 'token', 'from-file');
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c:6443' }, { token: 'inline', tokenFile: 'token' }),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame((await conn.httpsOptions()).headers, { Authorization: 'Bearer from-file' });
  const noFile = write(
    dir,
    'config2',
    singleConfig('c', { server: 'https://c:6443' }, { token: 'inline', tokenFile: 'gone' }),
  );
  const conn2 = await connect(flags(), { KUBECONFIG: noFile }, dir);
  t.strictSame((await conn2.httpsOptions()).headers, { Authorization: 'Bearer inline' });
});

t.test('a missing token file fails at connect', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, { tokenFile: 'gone' }));
  await t.rejects(connect(flags(), { KUBECONFIG: file }, dir), {
    constructor: KubeconfigError,
    message: `open ${path.join(dir, 'gone')}: no such file or directory`,
  });
});

t.test("an auth-provider with a tokenFile (client-node's in-cluster style) still works", async (t) => {
  const dir = tempDir(t);
  const tokenFile = write(dir, 'sa-token', 'provider-token');
  const user = { 'auth-provider': { name: 'tokenFile', config: { tokenFile } } };
  const file = write(dir, 'config', singleConfig('c', { server: 'https://c:6443' }, user));
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame((await conn.httpsOptions()).headers, { Authorization: 'Bearer provider-token' });
});

t.test('basic auth goes to the auth option', async (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    'config',
    singleConfig('c', { server: 'https://c:6443' }, { username: 'jane', password: 'pw' }),
  );
  const conn = await connect(flags(), { KUBECONFIG: file }, dir);
  t.strictSame(await conn.httpsOptions(), { auth: 'jane:pw', headers: {}, rejectUnauthorized: true });
});
