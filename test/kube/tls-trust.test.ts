// The cluster's CA made Node's default trust (src/kube/tls-trust.ts). Node.js 22.19's setDefaultCACertificates and
// getCACertificates are stood in for here, as the tests run on Node.js 20, which has neither, and only while each test
// runs (the kube group shares one process): what is checked is which trust each connection ends up with. That the binary's runtime verifies the API server with it, and refuses a server
// signed by another CA, is e2e's (every test, and kubeconfig-ca.test.ts's swapped CA).
import t from 'tap';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { SEA_CA_FLAG, withCheapTrust } from '../../src/kube/tls-trust.js';
import { CA_PEM } from './fixture.js';

const OTHER_PEM = CA_PEM.replace('MII', 'MIJ');
const BUNDLED = ['bundled root'];
const EXTRA = ['NODE_EXTRA_CA_CERTS root'];
const defaults: string[][] = [];
const api = tls as unknown as Record<string, unknown>;

t.beforeEach(() => {
  api.setDefaultCACertificates = (certs: string[]) => {
    if (!certs.every((c) => c.includes('BEGIN CERTIFICATE'))) throw new Error('No valid certificates found in the provided array');
    defaults.push(certs);
  };
  api.getCACertificates = (type: string) => (type === 'bundled' ? BUNDLED : type === 'extra' ? EXTRA : []);
});
t.afterEach(() => {
  delete api.setDefaultCACertificates;
  delete api.getCACertificates;
});

t.test('without the API, or with --use-openssl-ca, options are left alone', async (t) => {
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = '--use-openssl-ca';
  t.teardown(() => (saved === undefined ? delete process.env.NODE_OPTIONS : (process.env.NODE_OPTIONS = saved)));
  const opts = { ca: Buffer.from(CA_PEM), rejectUnauthorized: true };
  t.equal(withCheapTrust(opts, true), opts);
  t.strictSame(defaults, []);
});

t.test('a CA that is no certificate stays the ca option, and replaces nothing', async (t) => {
  const opts = { ca: Buffer.from('not a certificate'), rejectUnauthorized: true };
  t.equal(withCheapTrust(opts, true), opts);
  t.strictSame(defaults, []);
});

t.test('client-node users, and connections that verify nothing, keep their options', async (t) => {
  const viaClientNode = { ca: Buffer.from(CA_PEM), rejectUnauthorized: true };
  t.equal(withCheapTrust(viaClientNode, false), viaClientNode);
  const insecure = { ca: Buffer.from(CA_PEM), rejectUnauthorized: false };
  t.equal(withCheapTrust(insecure, true), insecure);
  t.strictSame(defaults, []);
});

t.test('before any replacement, no CA means Node’s own roots, as they are', async (t) => {
  const opts = { rejectUnauthorized: true };
  t.equal(withCheapTrust(opts, true), opts);
});

t.test('the first CA becomes the default, once; another CA is passed as its own; no CA gets Node’s roots back', async (t) => {
  const first = withCheapTrust({ ca: Buffer.from(CA_PEM), rejectUnauthorized: true, servername: 'api' }, true);
  t.strictSame(first, { rejectUnauthorized: true, servername: 'api' }, 'no ca option: the default is that CA');
  t.strictSame(defaults, [[CA_PEM]]);
  t.strictSame(withCheapTrust({ ca: CA_PEM, rejectUnauthorized: true }, true), { rejectUnauthorized: true }, 'the same CA as text');
  t.strictSame(withCheapTrust({ ca: [Buffer.from(CA_PEM)], rejectUnauthorized: true }, false), { rejectUnauthorized: true }, 'the same CA, client-node user');
  const other = { ca: Buffer.from(OTHER_PEM), rejectUnauthorized: true };
  t.equal(withCheapTrust(other, true), other, 'another CA: its own ca option');
  t.strictSame(withCheapTrust({ rejectUnauthorized: true }, true), { rejectUnauthorized: true, ca: [...BUNDLED, ...EXTRA] }, 'no CA: bundled and extra roots');
  t.strictSame(withCheapTrust({ rejectUnauthorized: true }, false), { rejectUnauthorized: true, ca: [...BUNDLED, ...EXTRA] }, 'no CA, client-node user: the same');
  t.strictSame(defaults, [[CA_PEM]], 'replaced once');
});

t.test('the single executable starts Node.js with the flag tls-trust.ts gives Node its own roots back for', async (t) => {
  const { seaConfig } = (await import(pathToFileURL(new URL('../../scripts/sea.mjs', import.meta.url).pathname).href)) as { seaConfig: (o: { codeCache: boolean }) => { execArgv: string[] } };
  t.strictSame(seaConfig({ codeCache: false }).execArgv, [SEA_CA_FLAG]);
});
