// The agent of every API request (src/kube/kube-agent.ts) against a real local HTTPS server with certificates made by
// openssl: connections of the same credentials share one TLS context, other credentials get their own (and their
// own verdict), and an idle connection is kept IDLE_MS, not Node's 5 s (less where the server says it keeps it less),
// by a timer armed once per connection, which closes it only while it is free.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { IDLE_MS, KubeAgent } from '../../src/kube/kube-agent.js';
import { tempDir } from './fixture.js';

const dir = tempDir(t);
function selfSigned(name: string, san: string): { cert: Buffer; key: Buffer } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`], { stdio: 'pipe' });
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

const serverPki = selfSigned('server', 'IP:127.0.0.1');
const stranger = selfSigned('stranger', 'IP:127.0.0.1');
let connections = 0;
const server = https.createServer({ cert: serverPki.cert, key: serverPki.key }, (req, res) => {
  // /close: the server ends the connection after answering, so that the next request needs a new one.
  if (req.url === '/close') res.setHeader('connection', 'close');
  // A server that says how long it keeps an idle connection (kube-apiserver does not; a proxy in front may).
  if (req.url?.startsWith('/keep-alive/')) res.setHeader('keep-alive', `timeout=${req.url.slice(12)}`);
  if (req.url === '/slow') setTimeout(() => res.end('{}'), 400);
  else res.end('{}');
});
server.on('secureConnection', () => connections++);
// As kube-apiserver (Go's net/http): no Keep-Alive header, which Node's agent would take as the idle time to keep.
server.keepAliveTimeout = 0;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});
const port = (server.address() as AddressInfo).port;

function get(agent: KubeAgent, urlPath: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: urlPath, ca, agent, rejectUnauthorized: true }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('connections with the same credentials share one TLS context', async (t) => {
  const agent = new KubeAgent();
  t.teardown(() => agent.destroy());
  const before = connections;
  for (let i = 0; i < 3; i++) t.equal(await get(agent, '/close', serverPki.cert), 200);
  t.equal(connections - before, 3, 'three connections');
  t.equal(agent.contextsMade, 1, 'one context');
});

t.test('other credentials get their own context, and its verdict', async (t) => {
  const agent = new KubeAgent();
  t.teardown(() => agent.destroy());
  t.equal(await get(agent, '/close', serverPki.cert), 200);
  await t.rejects(get(agent, '/close', stranger.cert), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'the server is not trusted with another CA');
  t.equal(await get(agent, '/close', serverPki.cert), 200, 'the first context still trusts it');
  t.equal(agent.contextsMade, 2);
});

t.test('an idle connection is kept for IDLE_MS and reused', async (t) => {
  const agent = new KubeAgent();
  t.teardown(() => agent.destroy());
  const before = connections;
  t.equal(await get(agent, '/', serverPki.cert), 200);
  const free = Object.values(agent.freeSockets).flat();
  t.equal(free.length, 1, 'kept after its answer');
  t.equal(free[0]!.timeout, IDLE_MS, 'closed after IDLE_MS idle, not 5 s');
  t.equal(await get(agent, '/', serverPki.cert), 200);
  t.equal(connections - before, 1, 'the second request reused it');
});

t.test("the idle timer is armed once per connection and left running: reused, it stays", async (t) => {
  const agent = new KubeAgent();
  t.teardown(() => agent.destroy());
  t.equal(await get(agent, '/', serverPki.cert), 200);
  const socket = Object.values(agent.freeSockets).flat()[0]!;
  let armed = 0;
  const setTimeout = socket.setTimeout.bind(socket);
  socket.setTimeout = (ms: number) => (armed++, setTimeout(ms));
  for (let i = 0; i < 3; i++) t.equal(await get(agent, '/', serverPki.cert), 200);
  t.equal(Object.values(agent.freeSockets).flat()[0], socket, 'the same connection');
  t.equal(armed, 0, 'not armed again');
  t.equal(socket.timeout, IDLE_MS);
});

t.test('a connection idle for its time is closed while free, and never under a request', async (t) => {
  const agent = new KubeAgent(200);
  t.teardown(() => agent.destroy());
  const before = connections;
  t.equal(await get(agent, '/', serverPki.cert), 200);
  t.equal(await get(agent, '/slow', serverPki.cert), 200, 'a request slower than the idle time is answered');
  t.equal(connections - before, 1, 'on the same connection');
  // Waited for, not slept on: a process held up past the idle time would see the timer fire and the close still pending.
  // (Already gone if this process was held up that long before it looked.)
  const socket = Object.values(agent.freeSockets).flat()[0];
  const closed = socket === undefined || socket.closed || (await Promise.race([once(socket, 'close').then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000))]));
  t.ok(closed, 'closed once idle (within 10 s of an idle time of 200 ms)');
  t.same(Object.values(agent.freeSockets).flat(), [], 'and no longer among the free connections');
  t.equal(await get(agent, '/', serverPki.cert), 200);
  t.equal(connections - before, 2, 'the next request opens another');
});

t.test("a server's Keep-Alive timeout shortens the idle time by a second; one of a second or less is not kept", async (t) => {
  const agent = new KubeAgent();
  t.teardown(() => agent.destroy());
  t.equal(await get(agent, '/keep-alive/5', serverPki.cert), 200);
  t.same(Object.values(agent.freeSockets).flat().map((s) => s?.timeout), [4000]);
  t.equal(await get(agent, '/keep-alive/1', serverPki.cert), 200);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(Object.values(agent.freeSockets).flat(), [], 'closed after its answer');
});
