// Server faults, each ending with a clear message and a documented exit code (README "Exit codes").
import t from 'tap';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { json, selfSignedCert, startFaultServer, status, type FaultServer } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-faults-'));
const request = Buffer.from(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane' })).toString('base64');
const issued = Buffer.from(selfSignedCert('jane').cert).toString('base64');
const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

function csr(name: string, rv: string, state: 'pending' | 'approved' | 'issued' = 'pending') {
  const conditions = state === 'pending' ? [] : [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }];
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'jane' },
    status: { conditions, ...(state === 'issued' ? { certificate: issued } : {}) },
  };
}

async function withServer(t: { teardown(fn: () => unknown): void }, setup: (s: FaultServer) => void): Promise<{ server: FaultServer; cwd: string; run: (args: string[]) => ReturnType<typeof runCli> }> {
  const server = await startFaultServer();
  t.teardown(() => server.close());
  setup(server);
  const kubeconfig = server.kubeconfig(dir);
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  return { server, cwd, run: (args) => runCli(args, { cwd, env: { KUBECONFIG: kubeconfig }, timeoutMs: 30_000 }) };
}

t.test('401, 403, 404 and 500 in kubectl\'s words, exit 1', async (t) => {
  const cases: [number, string, string, string][] = [
    [401, 'Unauthorized', 'Unauthorized', 'error: You must be logged in to the server (Unauthorized)\n'],
    [403, 'Forbidden', 'certificatesigningrequests.certificates.k8s.io "x" is forbidden: User "jane" cannot get resource', 'error: Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "x" is forbidden: User "jane" cannot get resource\n'],
    [404, 'NotFound', 'certificatesigningrequests.certificates.k8s.io "x" not found', 'error: Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "x" not found\n'],
    [500, 'InternalError', 'Internal error occurred: etcd is down', 'error: Error from server (InternalError): Internal error occurred: etcd is down\n'],
  ];
  for (const [code, reason, message, expected] of cases) {
    const { run } = await withServer(t, (s) => s.on(/^GET .*\/x$/, (_q, res) => status(res, code, reason, message)));
    const res = await run(['inspect', 'x']);
    t.equal(res.code, 1, `${code}`);
    t.equal(res.stderr, expected, `${code}`);
  }
});

t.test('409 on /approval is retried with a fresh read', async (t) => {
  const { server, run } = await withServer(t, (s) => {
    s.on(/^GET .*\/jane$/, (_q, res, n) => json(res, csr('jane', String(10 + n))));
    s.on(/^PUT .*\/jane\/approval$/, (_q, res, n) =>
      n < 2 ? status(res, 409, 'Conflict', 'Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io "jane": the object has been modified') : json(res, csr('jane', '99', 'approved')),
    );
    s.on(/^GET \/(apis\/rbac|api\/v1\/serviceaccounts)/, (_q, res) => json(res, { items: [] }));
  });
  const res = await run(['approve', 'jane']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, 'certificatesigningrequest.certificates.k8s.io/jane approved\n');
  t.equal(server.calls.filter((c) => c.startsWith('PUT')).length, 3, 'two conflicts, then success');
  t.equal(server.calls.filter((c) => /^GET .*\/jane$/.test(c)).length, 3, 'each retry reads again');
});

t.test('429 and 503 with Retry-After: retried, but only three times', async (t) => {
  const { server, run } = await withServer(t, (s) =>
    s.on(/^GET .*\/jane$/, (_q, res, n) =>
      n === 0 ? status(res, 429, 'TooManyRequests', 'slow down', { 'Retry-After': '1' }) : n === 1 ? status(res, 503, 'ServiceUnavailable', 'busy', { 'Retry-After': '1' }) : json(res, csr('jane', '5', 'issued')),
    ),
  );
  const res = await run(['inspect', 'jane', '-o', 'json']);
  t.equal(res.code, 0, res.stderr);
  t.equal(JSON.parse(res.stdout).condition, 'Approved,Issued');
  t.equal(server.calls.filter((c) => c.endsWith('/jane')).length, 3);

  const always = await withServer(t, (s) => s.on(/^GET .*\/jane$/, (_q, res) => status(res, 429, 'TooManyRequests', 'slow down', { 'Retry-After': '1' })));
  const started = Date.now();
  const gaveUp = await always.run(['inspect', 'jane']);
  t.equal(gaveUp.code, 1);
  t.equal(gaveUp.stderr, 'error: Error from server (TooManyRequests): slow down\n');
  t.equal(always.server.calls.length, 4, 'one try and three retries');
  t.ok(Date.now() - started >= 3000, 'Retry-After was honoured');
});

t.test('410 Gone on a watch: fetch reads again and carries on', async (t) => {
  const { server, run } = await withServer(t, (s) => {
    s.on(/^GET .*\/jane$/, (_q, res, n) => json(res, csr('jane', String(n + 1), n === 0 ? 'approved' : 'issued')));
    s.on(/^GET .*watch=1/, (_q, res) => status(res, 410, 'Expired', 'too old resource version: 1 (500)'));
  });
  const res = await run(['fetch', 'jane']);
  t.equal(res.code, 0, res.stderr);
  // The write, then the certificate's credential ID (issue 24).
  t.match(res.stderr, /^wrote certificate to jane\.crt\ncredential ID X509SHA256=[0-9a-f]{64} .*\n$/);
  t.same(server.calls.map((c) => c.replace(/\?.*/, '?…')), [`GET ${CSR_PATH}/jane`, `GET ${CSR_PATH}?…`, `GET ${CSR_PATH}/jane`]);
});

t.test('a watch stream cut in the middle: fetch resumes', async (t) => {
  const { server, run } = await withServer(t, (s) => {
    s.on(/^GET .*\/jane$/, (_q, res, n) => json(res, csr('jane', String(n + 1), 'approved')));
    s.on(/^GET .*watch=1/, (_q, res, n) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (n === 0) {
        res.write(JSON.stringify({ type: 'MODIFIED', object: csr('jane', '7', 'approved') }) + '\n');
        setTimeout(() => res.socket?.destroy(), 100); // cut, mid-stream
      } else {
        res.end(JSON.stringify({ type: 'MODIFIED', object: csr('jane', '9', 'issued') }) + '\n');
      }
    });
  });
  const res = await run(['fetch', 'jane']);
  t.equal(res.code, 0, res.stderr);
  t.equal(server.calls.filter((c) => c.includes('watch=1')).length, 2, 'watched again after the cut');
});

t.test('connection refused names the server, exit 1', async (t) => {
  const server = await startFaultServer();
  const kubeconfig = server.kubeconfig(dir);
  const port = new URL(server.url).port;
  await server.close();
  const res = await runCli(['list'], { cwd: dir, env: { KUBECONFIG: kubeconfig } });
  t.equal(res.code, 1);
  t.equal(res.stderr, `error: The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`);
});

t.test('a server certificate from the wrong CA is never accepted', async (t) => {
  const { server } = await withServer(t, (s) => s.on(/.*/, (_q, res) => json(res, { items: [], metadata: { resourceVersion: '1' } })));
  const wrongCa = selfSignedCert('some-other-ca').cert;
  const res = await runCli(['list'], { cwd: dir, env: { KUBECONFIG: server.kubeconfig(dir, wrongCa) } });
  t.equal(res.code, 1);
  t.match(res.stderr, new RegExp(`^error: Unable to connect to the server ${server.url.replace(/\./g, '\\.')}: tls: failed to verify certificate: .+\\n$`));
  t.same(server.calls, [], 'no request got through');
  const insecure = await runCli(['list', '--insecure-skip-tls-verify'], { cwd: dir, env: { KUBECONFIG: server.kubeconfig(dir, wrongCa) } });
  t.equal(insecure.code, 0, 'only when asked for');
});

t.test('a slow server trips --request-timeout: exit 5', async (t) => {
  const { run } = await withServer(t, (s) => s.on(/.*/, (_q, res) => setTimeout(() => json(res, { items: [] }), 5000)));
  const started = Date.now();
  const res = await run(['list', '--request-timeout', '1s']);
  t.equal(res.code, 5);
  t.match(res.stderr, /^error: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: context deadline exceeded \(--request-timeout=1s\)\n$/);
  t.ok(Date.now() - started < 4000, 'gave up at the timeout, not when the server answered');
});

t.test('interrupted fetch leaves no partial certificate', async (t) => {
  const { run, cwd } = await withServer(t, (s) => {
    s.on(/^GET .*\/jane$/, (_q, res) => json(res, csr('jane', '1', 'approved')));
    s.on(/^GET .*watch=1/, (_q, res) => res.writeHead(200, { 'Content-Type': 'application/json' })); // never sends
  });
  const res = await run(['fetch', 'jane', '--timeout', '2s']);
  t.equal(res.code, 5);
  t.equal(
    res.stderr,
    'waiting up to 2s for the certificate of "jane": approved; waiting for signer kubernetes.io/kube-apiserver-client to issue it\n' +
      'error: timed out after 2s waiting for the certificate of "jane" (it is Approved); resume with: kubectl csr fetch jane\n',
  );
  t.same(readdirSync(cwd), [], 'no jane.crt, not even a temporary one');
});
