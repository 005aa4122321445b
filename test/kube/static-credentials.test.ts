// Users without a plugin are served without client-node (src/kube/static-credentials.ts): for each kind of such user,
// the options must be the ones client-node's applyToHTTPSOptions gives, field for field, files read the same way.
import t from 'tap';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import type { RequestOptions } from 'node:https';
import { isStatic, staticHttpsOptions } from '../../src/kube/static-credentials.js';
import { CA_B64, CA_PEM, tempDir, write } from './fixture.js';

const SERVER = 'https://c.example:6443';

async function clientNode(cluster: Cluster, user: User): Promise<RequestOptions> {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [cluster], users: [user], contexts: [{ name: 'x', cluster: cluster.name, user: user.name }], currentContext: 'x' });
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  delete opts.agent; // connection.ts drops it too: only a proxy needs one
  return opts;
}

t.test('each kind of static user gets what client-node gives it', async (t) => {
  const dir = tempDir(t);
  const caFile = write(dir, 'ca.crt', CA_PEM);
  const certFile = write(dir, 'user.crt', 'CERTIFICATE FILE');
  const keyFile = write(dir, 'user.key', 'KEY FILE');
  const cases: [string, Cluster, User][] = [
    ['a token and inline CA', { name: 'c', server: SERVER, caData: CA_B64, skipTLSVerify: false }, { name: 'u', token: 'abc' }],
    ['a CA file', { name: 'c', server: SERVER, caFile, skipTLSVerify: false }, { name: 'u', token: 'abc' }],
    [
      'an inline client certificate',
      { name: 'c', server: SERVER, caData: CA_B64, skipTLSVerify: false },
      { name: 'u', certData: Buffer.from('CERT').toString('base64'), keyData: Buffer.from('KEY').toString('base64') },
    ],
    ['client certificate files, which win over inline data', { name: 'c', server: SERVER, skipTLSVerify: false }, { name: 'u', certFile, keyFile, certData: 'eA==', keyData: 'eA==' }],
    ['basic auth, no verification', { name: 'c', server: SERVER, skipTLSVerify: true }, { name: 'u', username: 'jane', password: 'pw' }],
    ['a TLS server name', { name: 'c', server: SERVER, caData: CA_B64, skipTLSVerify: false, tlsServerName: 'api.internal' }, { name: 'u', token: 't' }],
    ['nobody at all', { name: 'c', server: SERVER, skipTLSVerify: false }, { name: 'u' }],
  ];
  for (const [what, cluster, user] of cases) {
    t.ok(isStatic(cluster, user), `${what}: static`);
    t.strictSame(staticHttpsOptions(cluster, user), await clientNode(cluster, user), what);
  }
});

t.test('a missing certificate file fails as it does in client-node', async (t) => {
  const dir = tempDir(t);
  const cluster: Cluster = { name: 'c', server: SERVER, skipTLSVerify: false };
  const user: User = { name: 'u', certFile: `${dir}/gone.crt`, keyFile: `${dir}/gone.key` };
  const ours = (() => {
    try {
      staticHttpsOptions(cluster, user);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  })();
  const theirs = await clientNode(cluster, user).then(() => null, (err: Error) => err.message);
  t.match(ours, /ENOENT: no such file or directory, open '.*gone\.crt'/);
  t.equal(ours, theirs);
});

t.test('plugins and proxies are left to client-node', async (t) => {
  const cluster: Cluster = { name: 'c', server: SERVER, skipTLSVerify: false };
  t.notOk(isStatic(cluster, { name: 'u', exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1', args: [], env: [] } }));
  t.notOk(isStatic(cluster, { name: 'u', authProvider: { name: 'oidc', config: {} } }));
  t.notOk(isStatic({ ...cluster, proxyUrl: 'http://proxy:3128' }, { name: 'u', token: 't' }));
});
