// renew's checks that come before any cluster: which user, what it carries, --if-expiring-within (which must send
// nothing: here there is no cluster at all), bad flags; and the 401 explanation on a recorded connection.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { UnauthorizedError } from '../../src/kube/api-error.js';
import type { Connection } from '../../src/kube/connection.js';
import { explainUnauthorized } from '../../src/kube/unauthorized-explanation.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-renew-offline-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const ca = makeTestCa(undefined, rsaKeyPem('rsa-2048-5'));
const jane = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'jane', organizations: ['dev'], notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 20 * DAY) });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const file = join(dir, 'u.kubeconfig');
const text = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
contexts:
- {name: jane, context: {cluster: c, user: jane}}
- {name: ci, context: {cluster: c, user: ci}}
current-context: jane
users:
- {name: jane, user: {client-certificate-data: ${b64(jane.certificatePem)}, client-key-data: ${b64(jane.keyPem)}}}
- {name: ci, user: {token: abc}}
- {name: broken, user: {client-certificate: nowhere.crt, client-key: nowhere.key}}
`;
writeFileSync(file, text);

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    readStdin: async () => Buffer.alloc(0),
    // No cluster: anything that tried to connect would fail with "no configuration".
    env: { KUBECONFIG: join(dir, 'no-such'), HOME: dir },
    cwd: dir,
  };
  const code = await main(argv, io, () => NOW);
  return { code, stdout, stderr };
}

t.test('--if-expiring-within: not due, so nothing is read from or sent to any cluster', async (t) => {
  const res = await run(['renew', file, '--if-expiring-within', '7d']);
  t.same(res, { code: 0, stdout: '', stderr: `the certificate of user "jane" in ${file} expires in 20d (Jun 21, 2026 12:00 UTC), not within 7d: nothing to do\n` });
  t.equal(readFileSync(file, 'utf8'), text);
  const due = await run(['renew', file, '--if-expiring-within', '30d']);
  t.equal(due.code, 1, 'due: it goes on to connect, and there is no cluster here');
  t.equal(due.stderr, 'error: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n');
});

t.test('which user, and what it must carry', async (t) => {
  t.same(await run(['renew', file, '--user', 'ci']), { code: 1, stdout: '', stderr: `error: ${file}: user "ci" carries no client certificate (token); renew renews client certificates\n` });
  t.same(await run(['renew', file, '--user', 'nobody']), { code: 1, stdout: '', stderr: `error: ${file}: user "nobody" not found\n` });
  t.same(await run(['renew', file, '--user', 'broken']), { code: 1, stdout: '', stderr: `error: ${file}: user "broken": client-certificate ${join(dir, 'nowhere.crt')}: no such file\n` });
  const noContext = join(dir, 'no-context.kubeconfig');
  writeFileSync(noContext, text.replace('current-context: jane\n', ''));
  t.same(await run(['renew', noContext]), { code: 1, stdout: '', stderr: `error: ${noContext}: it has no current context; name the user to renew with --user\n` });
  const notConfig = join(dir, 'csr.yaml');
  writeFileSync(notConfig, 'apiVersion: v1\nkind: Pod\n');
  t.same(await run(['renew', notConfig]), { code: 1, stdout: '', stderr: `error: ${notConfig}: is not a kubeconfig (no "kind: Config")\n` });
  t.same(await run(['renew', join(dir, 'missing')]), { code: 1, stdout: '', stderr: `error: ${join(dir, 'missing')}: no such file\n` });
});

t.test('bad flags are usage errors (exit 2)', async (t) => {
  const cases: [string[], string][] = [
    [['--reuse-key', '--key-type', 'ed25519'], '--reuse-key keeps the old key; --key-type cannot be used with it'],
    [['--duration', '5m'], "--duration 5m is less than the API server's minimum of 600 seconds (10 minutes)"],
    [['--if-expiring-within', 'soon'], 'invalid --if-expiring-within "soon": use a duration like 90s, 30m, 24h or 30d'],
    [['--signer', 'nope'], 'signer name "nope" must be of the form "example.com/signer-name"'],
  ];
  for (const [flags, message] of cases) t.same(await run(['renew', file, ...flags]), { code: 2, stdout: '', stderr: `error: ${message}\n` }, flags.join(' '));
});

t.test('the 401 explanation: expired, not yet valid, valid (nothing added), from a flag (no renew command)', async (t) => {
  const conn = (pem: string, kubeconfigFile: string | null = '/home/jane/u.kubeconfig', userName: string | null = 'jane') =>
    ({ userName, clientCertificate: { data: b64(pem), kubeconfigFile } }) as unknown as Connection;
  const expired = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-2'), commonName: 'jane', notBefore: new Date(NOW.getTime() - 2 * DAY), notAfter: new Date(NOW.getTime() - 3 * 3600_000) });
  const early = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-3'), commonName: 'jane', notBefore: new Date(NOW.getTime() + 600_000), notAfter: new Date(NOW.getTime() + DAY) });
  const explain = async (c: Connection) => (await explainUnauthorized(new UnauthorizedError('Unauthorized'), c, NOW)).explanation;
  t.equal(
    await explain(conn(expired.certificatePem)),
    'the client certificate of user "jane" expired 3h ago (Jun 01, 2026 09:00 UTC); renew it with: kubectl csr renew /home/jane/u.kubeconfig --user jane (as someone who may create CSRs)',
  );
  t.equal(await explain(conn(expired.certificatePem, "/tmp/my configs/it's.yaml")), `the client certificate of user "jane" expired 3h ago (Jun 01, 2026 09:00 UTC); renew it with: kubectl csr renew '/tmp/my configs/it'\\''s.yaml' --user jane (as someone who may create CSRs)`);
  t.equal(await explain(conn(expired.certificatePem, null)), 'the client certificate of user "jane" expired 3h ago (Jun 01, 2026 09:00 UTC)');
  t.equal(await explain(conn(early.certificatePem)), "the client certificate of user \"jane\" is not valid until Jun 01, 2026 12:10 UTC (in 10m); is this machine's clock behind?");
  t.equal(await explain(conn(jane.certificatePem)), undefined, 'a valid certificate: kubectl\'s words alone');
  t.equal(await explain({ userName: 'x', clientCertificate: null } as unknown as Connection), undefined);
});
