// request --dry-run=client: the CertificateSigningRequest printed, with no cluster and no kubeconfig at all, and
// nothing written unless --key-out names where to keep the key (the manifest is what `request` would have sent).
// kubectl's bare --dry-run (client, with its deprecation warning) and its words for a value it does not know.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-dry-run-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const offline = (args: string[]) => runCli(['request', ...args], { cwd: dir, env: { KUBECONFIG: join(dir, 'none'), HOME: dir } });

t.test('-o yaml --key-out: the key (0600) and a manifest that kubectl can apply', async (t) => {
  const res = await offline(['jane', '-g', 'dev', '-g', 'ops', '--duration', '24h', '--key-out', 'jane.key', '--dry-run=client', '-o', 'yaml']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stderr, 'wrote private key to jane.key (mode 0600)\n');
  t.equal(statSync(join(dir, 'jane.key')).mode & 0o777, 0o600);
  const csr = yaml.load(res.stdout) as any;
  t.strictSame(Object.keys(csr), ['apiVersion', 'kind', 'metadata', 'spec']);
  t.equal(csr.apiVersion, 'certificates.k8s.io/v1');
  t.equal(csr.kind, 'CertificateSigningRequest');
  t.strictSame(csr.metadata, { name: 'jane' });
  t.strictSame(csr.spec.usages, ['digital signature', 'key encipherment', 'client auth']);
  t.equal(csr.spec.signerName, 'kubernetes.io/kube-apiserver-client');
  t.equal(csr.spec.expirationSeconds, 86400);
  // The request is the key's, and says what was asked: checked by openssl, not by ourselves.
  writeFileSync(join(dir, 'jane.csr'), Buffer.from(csr.spec.request, 'base64'));
  const subject = execFileSync('openssl', ['req', '-in', 'jane.csr', '-noout', '-verify', '-subject', '-nameopt', 'compat'], { cwd: dir, stdio: 'pipe' }).toString();
  t.equal(subject, 'subject=/CN=jane/O=dev/O=ops\n');
  const fromKey = execFileSync('openssl', ['pkey', '-in', 'jane.key', '-pubout'], { cwd: dir }).toString();
  const fromRequest = execFileSync('openssl', ['req', '-in', 'jane.csr', '-noout', '-pubkey'], { cwd: dir }).toString();
  t.equal(fromRequest, fromKey);
});

t.test('without -o: the line kubectl prints for a dry run, and nothing written', async (t) => {
  const res = await offline(['sam', '--key-type', 'ecdsa-p256', '--dry-run=client']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, 'certificatesigningrequest.certificates.k8s.io/sam created (dry run)\n');
  t.equal(res.stderr, '');
  t.notOk(existsSync(join(dir, 'sam.key')), 'no key: a client dry run writes nothing');
  const kept = await offline(['sam', '--key-type', 'ecdsa-p256', '--key-out', 'sam.key', '--dry-run=client']);
  t.equal(kept.code, 0, kept.stderr);
  t.match(readFileSync(join(dir, 'sam.key'), 'utf8'), /^-----BEGIN EC PRIVATE KEY-----\n/);
});

t.test("a bare --dry-run is kubectl's deprecated client: a warning, and the word after it stays a name", async (t) => {
  const res = await offline(['--dry-run', 'bare', '-o', 'name']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, 'certificatesigningrequest.certificates.k8s.io/bare\n');
  t.equal(res.stderr, 'warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n');
  t.notOk(existsSync(join(dir, 'bare.key')));
  const bad = await offline(['x', '--dry-run=yes']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'error: Invalid dry-run value (yes). Must be "none", "server", or "client".\n');
});

t.test('nothing that needs the cluster goes with it; the key is never overwritten unasked', async (t) => {
  for (const flag of ['--approve', '--wait']) {
    const res = await offline(['x', '--dry-run=client', flag]);
    t.equal(res.code, 2);
    t.equal(res.stderr, `error: --dry-run=client sends nothing to the cluster, so ${flag} cannot be used with it\n`);
  }
  const again = await offline(['jane', '--key-out', 'jane.key', '--dry-run=client']);
  t.equal(again.code, 1);
  t.equal(again.stderr, 'error: jane.key: private key already exists; pass --overwrite to replace it\n');
  const server = await offline(['x', '--dry-run=server', '--wait']);
  t.equal(server.code, 2);
  t.equal(server.stderr, 'error: --dry-run=server creates nothing, so --wait cannot be used with it\n');
});

t.test('a flag given twice: the last one counts, as with kubectl; repeated groups all count', async (t) => {
  const res = await offline(['twice', '--cn', 'a', '--cn', 'b', '-g', 'x', '-g', 'y', '--duration', '1h', '--duration', '2h', '--key-out', 'one.key', '--key-out', 'two.key', '--dry-run=client', '-o', 'json', '-o', 'yaml']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stderr, 'wrote private key to two.key (mode 0600)\n');
  t.notOk(existsSync(join(dir, 'one.key')));
  t.match(res.stdout, /^apiVersion: certificates\.k8s\.io\/v1\n/);
  const csr = yaml.load(res.stdout) as any;
  t.equal(csr.spec.expirationSeconds, 7200);
  writeFileSync(join(dir, 'twice.csr'), Buffer.from(csr.spec.request, 'base64'));
  const subject = execFileSync('openssl', ['req', '-in', 'twice.csr', '-noout', '-subject', '-nameopt', 'compat'], { cwd: dir }).toString();
  t.equal(subject, 'subject=/CN=b/O=x/O=y\n');
});
