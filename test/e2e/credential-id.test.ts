// The credential ID that request, fetch and inspect print for a certificate is the one kube-apiserver gives it:
// `kubectl auth whoami -o json` with that certificate reports it as the extra authentication.kubernetes.io/credential-id.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { cluster } from './cluster.js';

const plane = cluster();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-credential-id-'));
const cli = (args: string[]) => runCli(args, { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
const ID = /credential ID (X509SHA256=[0-9a-f]{64})/;

t.test('request, fetch and inspect print the credential ID that kubectl auth whoami reports', { skip: !plane.kubectl && 'no kubectl' }, async (t) => {
  const name = `cred-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const made = await cli(['request', name, '--cn', `${name}-user`, '-g', 'dev', '--approve', '--kubeconfig-out', `${name}.kubeconfig`]);
  t.equal(made.code, 0, made.stderr);
  const fromRequest = ID.exec(made.stderr)?.[1];
  t.ok(fromRequest, `request prints the credential ID: ${made.stderr}`);

  const whoami = JSON.parse(execFileSync(plane.kubectl!, ['--kubeconfig', join(work, `${name}.kubeconfig`), 'auth', 'whoami', '-o', 'json']).toString());
  t.equal(whoami.status.userInfo.username, `${name}-user`);
  const fromServer = whoami.status.userInfo.extra['authentication.kubernetes.io/credential-id'];
  t.same(fromServer, [fromRequest], 'kube-apiserver names the certificate as request printed it');

  const fetched = await cli(['fetch', name, '--out', `${name}-again.crt`]);
  t.equal(fetched.code, 0, fetched.stderr);
  t.equal(ID.exec(fetched.stderr)?.[1], fromRequest, 'fetch prints the same ID');
  t.equal(readFileSync(join(work, `${name}-again.crt`), 'utf8'), readFileSync(join(work, `${name}.crt`), 'utf8'));

  const described = await cli(['inspect', '-f', `${name}.crt`]);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, new RegExp(`^  Credential ID:\\s+${fromRequest}$`, 'm'), 'inspect -f CERT');
  const ofCsr = JSON.parse((await cli(['inspect', name, '-o', 'json'])).stdout);
  t.equal(ofCsr.certificates[0].credentialId, fromRequest, 'inspect NAME -o json');
  const ofKubeconfig = await cli(['inspect', '-f', `${name}.kubeconfig`]);
  t.match(ofKubeconfig.stdout, `user "${name}-user": credential ID ${fromRequest}\n`, 'inspect -f KUBECONFIG');
});
