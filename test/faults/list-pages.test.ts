// list reads the CSRs a page at a time (limit=500, as kubectl's --chunk-size) and asks for the next page as soon as a
// page has arrived, taking the continue token from the list's metadata before the items. The fault server serves
// pages in orders a real API server does not produce on demand: metadata after the items, names out of order.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { startFaultServer } from './fault-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-pages-'));
const key = generateKey('ecdsa-p256');

function csr(name: string) {
  const request = Buffer.from(createRequest({ key, commonName: `user-${name}`, organizations: ['team'] })).toString('base64');
  return {
    metadata: { name, resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { request, signerName: 'example.com/signer', usages: ['client auth'], username: 'jane' },
    status: {},
  };
}

/** Three pages: a, b, c / d, e / f; `metadataLast` writes each list's metadata after its items. */
async function pagedServer(t: { teardown(fn: () => unknown): void }, opts: { metadataLast?: boolean; pages?: string[][] } = {}) {
  const pages = opts.pages ?? [['a', 'b', 'c'], ['d', 'e'], ['f']];
  const server = await startFaultServer();
  t.teardown(() => server.close());
  server.on(/^GET .*certificatesigningrequests\?/, (req, res) => {
    const url = new URL(req.url!, 'https://x');
    const token = url.searchParams.get('continue');
    const index = token ? Number(token.replace('page-', '')) : 0;
    const metadata = { resourceVersion: '7', ...(index + 1 < pages.length ? { continue: `page-${index + 1}` } : {}) };
    const items = pages[index]!.map(csr);
    const body = opts.metadataLast
      ? `{"kind":"CertificateSigningRequestList","apiVersion":"certificates.k8s.io/v1","items":${JSON.stringify(items)},"metadata":${JSON.stringify(metadata)}}`
      : JSON.stringify({ kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata, items });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  const env = { KUBECONFIG: server.kubeconfig(dir) };
  return { server, run: (args: string[]) => runCli(args, { cwd, env, timeoutMs: 30_000 }) };
}

const names = (out: string) => out.trim().split('\n').map((l) => l.split(/\s+/)[0]);

t.test('every page, in order, each asked for with the continue token of the one before', async (t) => {
  const { server, run } = await pagedServer(t);
  const res = await run(['list']);
  t.equal(res.code, 0, res.stderr);
  t.strictSame(names(res.stdout), ['NAME', 'a', 'b', 'c', 'd', 'e', 'f']);
  t.match(res.stdout, /CN=user-f,O=team\n$/);
  const gets = server.calls.filter((c) => c.startsWith('GET '));
  t.equal(gets.length, 3);
  t.match(gets[0], /limit=500/);
  t.notMatch(gets[0], /continue=/);
  t.match(gets[1], /continue=page-1/);
  t.match(gets[2], /continue=page-2/);
});

t.test('metadata after the items: the token comes from the parsed list instead', async (t) => {
  const { server, run } = await pagedServer(t, { metadataLast: true });
  const res = await run(['list', '-o', 'name']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `certificatesigningrequest.certificates.k8s.io/${n}\n`).join(''));
  t.equal(server.calls.length, 3);
});

t.test('names out of order across pages are sorted, in the table, -o name and -o json', async (t) => {
  const { run } = await pagedServer(t, { pages: [['b', 'd'], ['a', 'c']] });
  const table = await run(['list', '--no-headers']);
  t.strictSame(names(table.stdout), ['b', 'a', 'c', 'd'].sort(), table.stderr);
  const name = await run(['list', '-o', 'name']);
  t.strictSame(name.stdout.trim().split('\n').map((l) => l.split('/')[1]), ['a', 'b', 'c', 'd']);
  const json = await run(['list', '-o', 'json']);
  t.strictSame(JSON.parse(json.stdout).items.map((i: { metadata: { name: string } }) => i.metadata.name), ['a', 'b', 'c', 'd']);
});
