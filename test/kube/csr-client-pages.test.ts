// list's pages read ahead (src/kube/csr-client.ts pages({ readAhead: true })) from a real local HTTPS server that
// serves a list of three pages: every CSR once and in order, each page asked for once, the next page asked for from
// the continue token in a page's first bytes, and a server that writes its metadata after the items still read whole.
import t from 'tap';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CsrClient } from '../../src/kube/csr-client.js';
import { tempDir } from './fixture.js';
import { localCertificate, localConnection } from './local-tls.js';

const { cert, key } = localCertificate(tempDir(t));

const TOKENS = ['', 'c2Vjb25k', 'dGhpcmQ='];
const asked: string[] = [];
let metadataLast = false;

/** Answers before the list's: a status and its headers, one per request, taken in turn. */
const refusals: { status: number; headers?: Record<string, string> }[] = [];

const server = https.createServer({ cert, key }, (req, res) => {
  if (req.url === '/readyz') return void res.end('ok');
  const token = new URL(req.url!, 'https://x').searchParams.get('continue') ?? '';
  asked.push(token);
  const refusal = refusals.shift();
  if (refusal) {
    res.writeHead(refusal.status, { 'Content-Type': 'application/json', ...refusal.headers });
    return void res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'certificatesigningrequests.certificates.k8s.io is forbidden: User "u" cannot list resource "certificatesigningrequests"', reason: 'Forbidden', code: refusal.status }));
  }
  const at = TOKENS.indexOf(token);
  const items = [0, 1].map((i) => ({ metadata: { name: `csr-${at}-${i}` }, spec: { signerName: 's', request: '' } }));
  const metadata = { resourceVersion: '9', ...(TOKENS[at + 1] ? { continue: TOKENS[at + 1] } : {}) };
  const body = metadataLast ? { kind: 'CertificateSigningRequestList', items, metadata } : { kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata, items };
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});

const conn = localConnection((server.address() as AddressInfo).port, { ca: cert, rejectUnauthorized: true, headers: {} });

async function read(): Promise<{ names: string[]; more: boolean[] }> {
  const names: string[] = [];
  const more: boolean[] = [];
  for await (const page of new CsrClient(conn).pages({ readAhead: true })) {
    names.push(...page.items.map((c) => c.metadata.name!));
    more.push(page.more);
  }
  return { names, more };
}

const ALL = ['csr-0-0', 'csr-0-1', 'csr-1-0', 'csr-1-1', 'csr-2-0', 'csr-2-1'];

t.test('three pages, the next asked for from the token in the first bytes: each page once, every CSR in order', async (t) => {
  asked.length = 0;
  t.same(await read(), { names: ALL, more: [true, true, false] });
  t.same(asked, TOKENS);
});

t.test('metadata written after the items: the token read from the parsed page, each page once', async (t) => {
  asked.length = 0;
  metadataLast = true;
  t.teardown(() => (metadataLast = false));
  t.same(await read(), { names: ALL, more: [true, true, false] });
  t.same(asked, TOKENS);
});

t.test('morePages: said for each page whose first bytes show that more follow, before that page is handed on', async (t) => {
  const seen: string[] = [];
  for await (const page of new CsrClient(conn).pages({ readAhead: true, morePages: () => seen.push('more') })) seen.push(page.items[0]!.metadata.name!);
  t.same(seen.filter((s) => s !== 'more'), ['csr-0-0', 'csr-1-0', 'csr-2-0']);
  t.equal(seen.filter((s) => s === 'more').length, 2, 'the last page has no token');
  t.equal(seen[0], 'more', 'before the first page is handed on');
  t.ok(seen.lastIndexOf('more') < seen.indexOf('csr-1-0'), `and the second before the second: ${seen.join(' ')}`);
  metadataLast = true;
  t.teardown(() => (metadataLast = false));
  seen.length = 0;
  for await (const page of new CsrClient(conn).pages({ readAhead: true, morePages: () => seen.push('more') })) seen.push(page.items[0]!.metadata.name!);
  t.same(seen, ['csr-0-0', 'csr-1-0', 'csr-2-0'], 'a token only the parsed page shows: not said (list tunes once the page is parsed)');
});

t.test('a page refused (403) is asked for once: its answer goes to http.ts as it is, which reports it', async (t) => {
  asked.length = 0;
  refusals.push({ status: 403 });
  await t.rejects(read(), { status: 403, message: 'certificatesigningrequests.certificates.k8s.io is forbidden: User "u" cannot list resource "certificatesigningrequests"' });
  t.same(asked, [''], 'one GET of the list (and /readyz, which http.ts asks after a 403)');
});

t.test('a 429 with Retry-After read over plain TLS is retried by http.ts after the wait, as before', async (t) => {
  asked.length = 0;
  refusals.push({ status: 429, headers: { 'Retry-After': '0' } });
  t.same(await read(), { names: ALL, more: [true, true, false] });
  t.same(asked, ['', ...TOKENS], 'the first page twice: refused, then asked again');
});
