// What an interrupted or crossed request leaves, against the real control plane (issue 27): a request killed while it
// waits is resumed by running it again (or by the fetch command a timeout prints), and plain fetch does not write a certificate beside a
// NAME.key it does not match (two requests of one name from two directories leave exactly that).
import t from 'tap';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/run-cli.js';
import { api, eventually } from './api.js';
import { admin, adminCreds, certFacts, cli, credentialsOf, CSR_PATH, tag, whoAmI, workdir } from './renew-fixtures.js';

async function csrExists(name: string): Promise<boolean> {
  return (await api(adminCreds(), 'GET', `${CSR_PATH}/${name}`)).status === 200;
}

t.test('a request killed while it waits: running it again resumes it; a timeout prints the fetch command that resumes it, and that command works', async (t) => {
  const cwd = workdir('resume');
  const name = `resume-${tag}`;
  const child = spawn(BIN, ['request', name, '--kubeconfig-out', 'out.kubeconfig', '--timeout', '90s'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...admin() }, stdio: 'ignore' });
  await eventually(`CSR ${name}`, async () => ((await csrExists(name)) ? true : undefined));
  const ended = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await ended;
  t.same(readdirSync(cwd), [`${name}.key`], 'the key, and nothing else');

  // Run again, it picks the CSR up where the killed run left it (the same key), waits, and writes what was asked.
  const again = spawn(BIN, ['request', name, '--kubeconfig-out', 'out.kubeconfig', '--timeout', '90s'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...admin() } });
  let stderr = '';
  again.stderr.on('data', (c) => (stderr += c));
  const done = new Promise<number | null>((r) => again.on('exit', r));
  await eventually('the resumed wait', async () => (stderr.includes('waiting up to') ? true : undefined));
  t.equal((await cli(['approve', name], cwd)).code, 0);
  t.equal(await done, 0, stderr);
  const [resuming] = stderr.split('\n');
  const waiting = stderr.split('\n').find((line) => line.startsWith('waiting up to'));
  t.equal(resuming, `certificate signing request "${name}" exists with the key in ${name}.key: resuming it, as kubectl csr fetch ${name} --key ${name}.key --kubeconfig-out out.kubeconfig would`);
  t.equal(waiting, `waiting up to 90s for the certificate of "${name}": pending; someone allowed to approve for signer kubernetes.io/kube-apiserver-client (RBAC verb "approve" on signers) runs: kubectl csr approve ${name}`);
  t.equal((await whoAmI(credentialsOf(join(cwd, 'out.kubeconfig'), name))).username, name, 'the kubeconfig it wrote works');

  // The resume command a timeout prints works as printed.
  const other = `${name}-t`;
  const timedOut = await cli(['request', other, '--kubeconfig-out', 'other.kubeconfig', '--timeout', '1s'], cwd);
  t.equal(timedOut.code, 5);
  const resume = `kubectl csr fetch ${other} --key ${other}.key --kubeconfig-out other.kubeconfig`;
  t.equal(timedOut.stderr.trimEnd().split('\n').pop(), `error: timed out after 1s waiting for the certificate of "${other}" (it is Pending); resume with: ${resume}`);
  t.equal((await cli(['approve', other], cwd)).code, 0);
  const resumed = await cli(resume.split(' ').slice(2), cwd); // the command as printed, less "kubectl csr"
  t.equal(resumed.code, 0, resumed.stderr);
  t.equal((await whoAmI(credentialsOf(join(cwd, 'other.kubeconfig'), other))).username, other, 'the kubeconfig it wrote works');
});

t.test('plain fetch refuses to write a certificate beside a NAME.key it does not match; to stdout it warns', async (t) => {
  const mine = workdir('fetch-mine');
  const other = workdir('fetch-other');
  const name = `crossed-${tag}`;
  const made = await cli(['request', name, '--approve'], mine);
  t.equal(made.code, 0, made.stderr);
  const stranger = await cli(['request', `${name}-x`, '--local', '--key-out', `${name}-x.key`], other);
  t.equal(stranger.code, 0, stranger.stderr);
  copyFileSync(join(other, `${name}-x.key`), join(other, `${name}.key`)); // another request's key under this name

  const refused = await cli(['fetch', name], other);
  t.equal(refused.code, 1);
  t.equal(
    refused.stderr,
    `error: ${name}.key does not match the certificate of "${name}", so the certificate is not written beside it (nothing was written); ` +
      'pass --key with the key the request was made with, or --out somewhere else\n',
  );
  t.equal(existsSync(join(other, `${name}.crt`)), false, 'no certificate was written');

  const toStdout = await cli(['fetch', name, '-O', '-'], other);
  t.equal(toStdout.code, 0);
  // The warning, then the certificate's credential ID (issue 24), both on stderr.
  const [warning, credential] = toStdout.stderr.split('\n');
  t.equal(warning, `warning: ${name}.key does not match the certificate of "${name}"`);
  t.match(credential, /^credential ID X509SHA256=[0-9a-f]{64} /);
  t.match(toStdout.stdout, /^-----BEGIN CERTIFICATE-----\n/);

  const beside = await cli(['fetch', name], mine);
  t.equal(beside.code, 0, beside.stderr);
  t.equal(certFacts(readFileSync(join(mine, `${name}.crt`))).serial, certFacts(toStdout.stdout).serial, 'beside its own key it is written');
});
