// Nothing lost, nothing leaked: the key comes first and stays intact through Ctrl-C; it is never printed, logged
// (at any -v) or sent; the CSR object carries no secret.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const env = { KUBECONFIG: plane.kubeconfigs.admin };
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;

t.test('SIGINT during --wait leaves the key intact, and no partial certificate or kubeconfig', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'kubectl-csr-sigint-'));
  const name = `interrupted-${tag}`;
  // Nobody signs for this signer, so --wait waits until it is interrupted.
  const child = spawn(BIN, ['request', name, '--signer', 'example.com/never', '--usages', 'client auth', '--approve', '--kubeconfig-out', `${name}.kubeconfig`],
    { cwd, env: { PATH: process.env.PATH, ...env } });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  for (let i = 0; i < 100 && !stderr.includes('approving'); i++) await new Promise((r) => setTimeout(r, 100));
  const key = readFileSync(join(cwd, `${name}.key`), 'utf8');
  child.kill('SIGINT');
  const signal = await new Promise((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
  t.ok(signal === 'SIGINT' || signal === 130, `ended by the interrupt (${String(signal)})`);
  t.same(readdirSync(cwd), [`${name}.key`], 'only the key: no .crt, no kubeconfig, no temporary files');
  t.equal(readFileSync(join(cwd, `${name}.key`), 'utf8'), key, 'the key is intact');
  t.equal(statSync(join(cwd, `${name}.key`)).mode & 0o777, 0o600);
});

t.test('the private key is never printed, logged at -v 9, or sent', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'kubectl-csr-leak-'));
  const name = `quiet-${tag}`;
  const res = await runCli(['request', name, '--approve', '--wait', '--kubeconfig-out', 'k.yaml', '-v', '9', '-o', 'yaml'], { cwd, env });
  t.equal(res.code, 0, res.stderr);
  const key = readFileSync(join(cwd, `${name}.key`), 'utf8');
  const body = key.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  t.notMatch(res.stdout + res.stderr, /PRIVATE KEY/);
  t.notOk((res.stdout + res.stderr).replace(/\s/g, '').includes(body.slice(0, 40)), 'no part of the key body');
  const object = await api(credentialsFrom(plane.kubeconfigs.admin), 'GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`);
  const serialized = JSON.stringify(object.body);
  t.notMatch(serialized, /PRIVATE KEY/);
  t.notOk(serialized.includes(Buffer.from(key).toString('base64').slice(0, 40)), 'not even base64-encoded');
  const request = Buffer.from(object.body.spec.request, 'base64').toString();
  t.match(request, /^-----BEGIN CERTIFICATE REQUEST-----\n/, 'the CSR carries only the request');
  t.equal(statSync(join(cwd, 'k.yaml')).mode & 0o777, 0o600, 'kubeconfig-out is 0600');
});
