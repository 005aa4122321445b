// approve --pending -i through a real pseudo-terminal (util-linux `script`, in every Debian through the essential
// package bsdutils): approve one, deny one with a message, skip one, refuse "y" on a blocked one, quit; then the
// objects read back say exactly that.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const admin = credentialsFrom(plane.kubeconfigs.admin);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-review-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const signer = `example.com/review-${tag}`;
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

async function createCsr(name: string, weak = false) {
  const key = weak ? generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey : generateKey('ecdsa-p256');
  const request = createRequest({ key, commonName: name, organizations: ['review'] });
  const res = await api(admin, 'POST', CSRS, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName: signer, usages: ['digital signature', 'client auth'], expirationSeconds: 3600 },
  });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${res.body.message}`);
}

async function conditions(name: string): Promise<{ type: string; message: string }[]> {
  const res = await api(admin, 'GET', `${CSRS}/${name}`);
  return (res.body.status?.conditions ?? []).map((c: { type: string; message: string }) => ({ type: c.type, message: c.message }));
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

t.test('-i on a terminal: approve, deny with a message, skip, "y" refused on a block, quit', async (t) => {
  const names = ['a-approve', 'b-deny', 'c-skip', 'd-blocked', 'e-after-quit'].map((n) => `${n}-${tag}`);
  for (const name of names) await createCsr(name, name.startsWith('d-'));

  // script gives the command a pseudo-terminal for stdin, stdout and stderr; what it prints is what a user sees.
  const command = [BIN, 'approve', '--pending', '-i', '--signer', signer].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: work, env: { PATH: process.env.PATH, HOME: work, TERM: 'dumb', KUBECONFIG: plane.kubeconfigs.admin } });
  let screen = '';
  child.stdout.on('data', (c) => (screen += c));
  child.stderr.on('data', (c) => (screen += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let seen = 0;
  /** Waits for `text` to appear after what was already read. */
  const see = async (text: string) => {
    const at = await eventually(`"${text}" on the terminal`, async () => {
      const i = screen.indexOf(text, seen);
      return i >= 0 ? i : undefined;
    });
    seen = at + text.length;
  };
  const type = (line: string) => child.stdin.write(`${line}\r`);
  const PROMPT = '[d]eny, [s]kip, [q]uit: ';

  await see(`[1/5] ${names[0]}`);
  await see('warn [unknown-signer]');
  await see('Access:       none: it can authenticate and do what system:authenticated may, nothing more');
  await see(`[y]es to approve, ${PROMPT}`);
  type('y');
  await see(`certificatesigningrequest.certificates.k8s.io/${names[0]} approved`);
  await see(`[2/5] ${names[1]}`);
  await see(PROMPT);
  type('d');
  await see('message (Enter for the default, which names the findings): ');
  type('not for you');
  await see(`certificatesigningrequest.certificates.k8s.io/${names[1]} denied`);
  await see(`[3/5] ${names[2]}`);
  await see(PROMPT);
  type('s');
  await see(`[4/5] ${names[3]}`);
  await see('BLOCK [weak-key]');
  await see(`type weak-key to approve despite the block, ${PROMPT}`);
  type('y');
  await see('not approved: blocked by weak-key; "y" does not override a block, typing its id does');
  await see(PROMPT);
  type('q');
  await see('approved 1, denied 1, skipped 3, failed 0');
  child.stdin.end();
  t.equal(await exited, 0, screen);
  t.notMatch(screen, `[5/5]`, 'quit stops before the fifth');

  t.same(await conditions(names[0]!), [{ type: 'Approved', message: 'This CSR was approved by kubectl csr approve.' }]);
  t.same(await conditions(names[1]!), [{ type: 'Denied', message: 'not for you' }]);
  for (const name of names.slice(2)) t.same(await conditions(name), [], `${name} untouched`);
});

t.test('typing the finding id approves a blocked CSR', async (t) => {
  const name = `f-blocked-${tag}`;
  await createCsr(name, true);
  const command = [BIN, 'approve', name, '-i'].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: work, env: { PATH: process.env.PATH, HOME: work, TERM: 'dumb', KUBECONFIG: plane.kubeconfigs.admin } });
  let screen = '';
  child.stdout.on('data', (c) => (screen += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await eventually('the question', async () => (screen.includes('type weak-key to approve despite the block') ? true : undefined));
  child.stdin.write('weak-key\r');
  await eventually('the summary', async () => (screen.includes('approved 1, denied 0, skipped 0, failed 0') ? true : undefined));
  child.stdin.end();
  t.equal(await exited, 0, screen);
  t.same((await conditions(name)).map((c) => c.type), ['Approved']);
});

t.test('-i without a terminal is a usage error', async (t) => {
  const res = await runCli(['approve', '--pending', '-i', '--signer', signer], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
  t.same([res.code, res.stdout], [2, '']);
  t.equal(res.stderr, 'error: --interactive needs a terminal: standard input is not one\n');
});
