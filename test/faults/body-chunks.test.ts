// A response body read a chunk at a time (src/kube/http.ts readBody decodes each chunk as it arrives): a character
// whose UTF-8 bytes are split between two chunks must come out whole, in a list's page and in an error's message. The
// fault server sends each body in pieces cut inside multi-byte characters, a pause between them so that each arrives
// as a chunk of its own; a real API server does not cut its answers where a test asks.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { startFaultServer } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-chunks-'));
/** Two, three and four bytes in UTF-8. */
const USER = 'jäne-€-漢-😀';
const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane', organizations: ['team'] })).toString('base64');

/** Writes `body` in pieces cut one byte into each character of USER, 30 ms apart. */
async function sendCut(res: ServerResponse, code: number, body: string): Promise<void> {
  const bytes = Buffer.from(body);
  const cuts: number[] = [];
  for (const ch of ['ä', '€', '漢', '😀']) cuts.push(bytes.indexOf(Buffer.from(ch)) + 1);
  t.ok(cuts.every((c) => c > 0), 'every character is in the body');
  res.writeHead(code, { 'Content-Type': 'application/json' });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    res.write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 30));
  }
  res.end();
}

const server = await startFaultServer();
t.teardown(() => server.close());
server.on(/^GET .*certificatesigningrequests\?/, (_req, res) => {
  const item = { metadata: { name: 'a', resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { request, signerName: 'example.com/signer', usages: ['client auth'], username: USER }, status: {} };
  void sendCut(res, 200, JSON.stringify({ kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata: { resourceVersion: '7' }, items: [item] }));
});
server.on(/^GET .*certificatesigningrequests\/b$/, (_req, res) => {
  const message = `certificatesigningrequests.certificates.k8s.io "b" not found for ${USER}`;
  void sendCut(res, 404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', code: 404 }));
});
const env = { KUBECONFIG: server.kubeconfig(dir) };

t.test("a page cut inside characters: the requestor's name whole", async (t) => {
  const res = await runCli(['list', '-o', 'json'], { cwd: dir, env, timeoutMs: 30_000 });
  t.equal(res.code, 0, res.stderr);
  t.equal(JSON.parse(res.stdout).items[0].spec.username, USER);
});

t.test("an error's message cut inside characters: said whole", async (t) => {
  const res = await runCli(['list', 'b'], { cwd: dir, env, timeoutMs: 30_000 });
  t.not(res.code, 0);
  t.match(res.stderr, `not found for ${USER}`);
  t.notMatch(res.stderr, '\uFFFD', 'no replacement character');
});
