// inspect -f of a bare PEM request runs the offline policy the same request inside a CSR object gets (issue 23 item
// 7): an RSA-1024 request for O=system:masters is not silent because it came without its object.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { createRequest } from '../../src/pki/create-request.js';

const NOW = new Date('2026-06-01T12:00:00Z');

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, readStdin: async () => Buffer.alloc(0), env: {}, cwd };
  const code = await main(argv, io, () => NOW);
  return { code, stdout, stderr };
}

t.test('a bare PEM and the same request in CSR YAML: the same findings', async (t) => {
  const dir = t.testdir();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = createRequest({ key: privateKey, commonName: 'root', organizations: ['system:masters'], dns: [], ip: [] });
  writeFileSync(join(dir, 'root.csr'), pem);
  const yaml = `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: root
spec:
  request: ${Buffer.from(pem).toString('base64')}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [digital signature, key encipherment, client auth]
`;
  writeFileSync(join(dir, 'root.yaml'), yaml);
  const bare = await run(['inspect', '-f', join(dir, 'root.csr'), '-o', 'json'], dir);
  const object = await run(['inspect', '-f', join(dir, 'root.yaml'), '-o', 'json'], dir);
  t.equal(bare.code, 0, bare.stderr);
  t.equal(object.code, 0, object.stderr);
  const bareView = JSON.parse(bare.stdout);
  const objectView = JSON.parse(object.stdout);
  t.equal(bareView.policy.signerName, 'kubernetes.io/kube-apiserver-client');
  t.strictSame(bareView.policy.findings, objectView.policy.findings);
  const ids = bareView.policy.findings.map((f: { id: string; severity: string }) => `${f.severity} ${f.id}`);
  t.ok(ids.includes('block privileged-group'), ids.join(', '));
  t.ok(ids.some((i: string) => /^block .*key/.test(i)), `the 1024-bit key blocks: ${ids.join(', ')}`);

  const described = await run(['inspect', '-f', join(dir, 'root.csr')], dir);
  t.match(described.stdout, /\nPolicy \(offline, as a CSR for kubernetes\.io\/kube-apiserver-client: RBAC and Node checks need the cluster\):\n {2}BLOCK {2}privileged-group: /);
});
