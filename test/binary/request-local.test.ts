// request --local and --dry-run=client: the CertificateSigningRequest printed, with no cluster and no kubeconfig at
// all (the manifest is what `request` would have sent). --local writes the key (a manifest to apply later); a client
// dry run writes nothing at all, as kubectl's. kubectl's bare --dry-run (client, with its deprecation warning) and its
// words for a value it does not know, and for --local with a server dry run.
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

t.test('--local -o yaml: the key (0600) and a manifest that kubectl can apply', async (t) => {
  const res = await offline(['jane', '-g', 'dev', '-g', 'ops', '--duration', '24h', '--local', '-o', 'yaml']);
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

t.test('without -o: the line kubectl prints for a dry run, and nothing written; --local writes the key', async (t) => {
  const res = await offline(['sam', '--key-type', 'ecdsa-p256', '--dry-run=client']);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, 'certificatesigningrequest.certificates.k8s.io/sam created (dry run)\n');
  t.equal(res.stderr, '');
  t.notOk(existsSync(join(dir, 'sam.key')), 'no key: a client dry run writes nothing');
  const both = await offline(['sam', '--local', '--dry-run=client', '-o', 'name']);
  t.equal(both.code, 0, both.stderr);
  t.equal(both.stdout, 'certificatesigningrequest.certificates.k8s.io/sam\n');
  t.notOk(existsSync(join(dir, 'sam.key')), 'no key: --local with a client dry run writes nothing either');
  const kept = await offline(['sam', '--key-type', 'ecdsa-p256', '--key-out', 'sam-ec.key', '--local']);
  t.equal(kept.code, 0, kept.stderr);
  t.equal(kept.stdout, 'certificatesigningrequest.certificates.k8s.io/sam created (local)\n');
  t.equal(kept.stderr, 'wrote private key to sam-ec.key (mode 0600)\n');
  t.match(readFileSync(join(dir, 'sam-ec.key'), 'utf8'), /^-----BEGIN EC PRIVATE KEY-----\n/);
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

t.test('nothing that needs the cluster goes with either; a client dry run takes no --key-out; the key is never overwritten unasked', async (t) => {
  for (const [mode, words] of [['--dry-run=client', '--dry-run=client sends nothing to the cluster'], ['--local', '--local sends nothing to the cluster']]) {
    for (const flag of ['--approve', '--wait']) {
      const res = await offline(['x', mode!, flag]);
      t.equal(res.code, 2);
      t.equal(res.stderr, `error: ${words}, so ${flag} cannot be used with it\n`);
    }
  }
  const keyOut = await offline(['x', '--key-out', 'x.key', '--dry-run=client']);
  t.equal(keyOut.code, 2);
  t.equal(keyOut.stderr, 'error: --dry-run=client writes nothing, so --key-out cannot be used with it; --local writes the key and prints the CertificateSigningRequest without sending it\n');
  t.notOk(existsSync(join(dir, 'x.key')));
  const serverLocal = await offline(['x', '--local', '--dry-run=server']);
  t.equal(serverLocal.code, 2);
  t.equal(serverLocal.stderr, 'error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n');
  const again = await offline(['jane', '--local']);
  t.equal(again.code, 1);
  t.equal(again.stderr, 'error: jane.key: private key already exists; pass --overwrite to replace it\n');
  const server = await offline(['x', '--dry-run=server', '--wait']);
  t.equal(server.code, 2);
  t.equal(server.stderr, 'error: --dry-run=server creates nothing, so --wait cannot be used with it\n');
});

t.test('a flag given twice: the last one counts, as with kubectl; repeated groups all count', async (t) => {
  const res = await offline(['twice', '--cn', 'a', '--cn', 'b', '-g', 'x', '-g', 'y', '--duration', '1h', '--duration', '2h', '--key-out', 'one.key', '--key-out', 'two.key', '--local', '-o', 'json', '-o', 'yaml']);
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
