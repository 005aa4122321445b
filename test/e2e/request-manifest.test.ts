// The GitOps hand-off: a user makes a key and a manifest offline (request --local --key-out KEY -o yaml), someone else
// applies it with plain kubectl, an approver approves it, and the user fetches a certificate that belongs to the key.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cluster } from './cluster.js';

const plane = cluster();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-manifest-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

t.test('a manifest made offline is applied by kubectl, approved and fetched', { skip: !plane.kubectl && 'no kubectl' }, async (t) => {
  const name = `gitops-${process.pid}`;
  const made = await runCli(['request', name, '-g', 'dev', '--key-out', `${name}.key`, '--local', '-o', 'yaml'], { cwd: work, env: { KUBECONFIG: join(work, 'none') } });
  t.equal(made.code, 0, made.stderr);
  writeFileSync(join(work, 'csr.yaml'), made.stdout);
  const applied = execFileSync(plane.kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'apply', '-f', 'csr.yaml'], { cwd: work }).toString();
  t.equal(applied, `certificatesigningrequest.certificates.k8s.io/${name} created\n`);
  const env = { KUBECONFIG: plane.kubeconfigs.admin };
  const approved = await runCli(['approve', name], { cwd: work, env });
  t.equal(approved.code, 0, approved.stderr);
  const fetched = await runCli(['fetch', name, '--key', `${name}.key`, '--timeout', '60s'], { cwd: work, env });
  t.equal(fetched.code, 0, fetched.stderr);
  // The write, then the certificate's credential ID (issue 24).
  t.match(fetched.stderr, new RegExp(`^wrote certificate to ${name}\\.crt\\ncredential ID X509SHA256=[0-9a-f]{64} .*\\n$`));
  const subject = execFileSync('openssl', ['x509', '-in', `${name}.crt`, '-noout', '-subject', '-nameopt', 'compat'], { cwd: work }).toString();
  t.equal(subject, `subject=/O=dev/CN=${name}\n`);
});
