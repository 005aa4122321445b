// kubectl finds the single executable as a plugin and runs it, and completes `kubectl csr …` through
// kubectl_complete-csr with CSR names read from the control plane. PATH holds nothing but the plugin and its
// completion shim: no node, and no shell tools for the shim.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../package/run.js';
import { cluster } from './cluster.js';

const plane = cluster();
const kubectl = plane.kubectl;
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-plugin-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const pathDir = join(work, 'bin');
const home = join(work, 'home');
for (const dir of [pathDir, home]) mkdirSync(dir);
symlinkSync(join(dist, 'kubectl-csr'), join(pathDir, 'kubectl-csr'));
symlinkSync(join(dist, 'kubectl_complete-csr'), join(pathDir, 'kubectl_complete-csr'));

type Who = 'admin' | 'requester' | 'nobody';
const kube = (args: string[], who: Who | null = 'admin') =>
  run(kubectl!, args, { cwd: work, env: { PATH: pathDir, HOME: home, ...(who ? { KUBECONFIG: plane.kubeconfigs[who]! } : {}) } });
const prefix = `plugin-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const [pending, issued, denied] = ['pending', 'issued', 'denied'].map((s) => `${prefix}-${s}`) as [string, string, string];
const line = (name: string, condition: string) => `${name}\t${condition}, requested by test-admin`;

t.test('through kubectl', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  t.test('kubectl plugin list finds kubectl-csr on PATH', async (t) => {
    const res = await kube(['plugin', 'list'], null);
    t.equal(res.code, 0, res.stderr);
    t.equal(res.stdout, `The following compatible plugins are available:\n\n${join(pathDir, 'kubectl-csr')}\n`);
  });

  t.test('kubectl csr --help and version', async (t) => {
    const help = await kube(['csr', '--help'], null);
    t.equal(help.code, 0, help.stderr);
    // kubectl's top-level layout: the description first, the Usage line near the end, named as kubectl runs it
    t.match(help.stdout, /^Request, review, approve and hand out Kubernetes client certificates\.\n/);
    t.match(help.stdout, /\nUsage:\n  kubectl csr \[flags\] \[options\]\n/);
    const version = await kube(['csr', 'version', '-o', 'json'], null);
    t.equal(version.code, 0, version.stderr);
    t.equal(JSON.parse(version.stdout).singleExecutable, true);
  });

  t.test('the workflow through kubectl: request, approve, fetch, deny', async (t) => {
    const requested = await kube(['csr', 'request', pending]);
    t.equal(requested.code, 0, requested.stderr);
    t.equal(requested.stdout, `certificatesigningrequest.certificates.k8s.io/${pending} created\n`);

    t.equal((await kube(['csr', 'request', issued, '--key-type', 'ecdsa-p256'])).code, 0);
    const approved = await kube(['csr', 'approve', issued]);
    t.equal(approved.code, 0, approved.stderr);
    t.equal(approved.stdout, `certificatesigningrequest.certificates.k8s.io/${issued} approved\n`);
    const fetched = await kube(['csr', 'fetch', issued, '-O', '-', '--key', `${issued}.key`]);
    t.equal(fetched.code, 0, fetched.stderr);
    t.match(fetched.stdout, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);

    t.equal((await kube(['csr', 'request', denied])).code, 0);
    t.equal((await kube(['csr', 'deny', denied])).code, 0);
    const again = await kube(['csr', 'approve', denied]);
    t.equal(again.code, 3, 'the plugin\'s exit code comes through kubectl');
    t.equal(again.stderr, `error: certificate signing request "${denied}" is already Denied\n`);
  });

  t.test('kubectl refuses its flags before the plugin name; after it they are the plugin\'s', async (t) => {
    const before = await kube(['--kubeconfig', plane.kubeconfigs.admin, 'csr', 'list'], null);
    t.equal(before.code, 1);
    t.equal(before.stderr, 'Error: flags cannot be placed before plugin name: --kubeconfig\n');
    const after = await kube(['csr', 'list', '-o', 'name', '--kubeconfig', plane.kubeconfigs.admin], null);
    t.equal(after.code, 0, after.stderr);
    t.ok(after.stdout.split('\n').includes(`certificatesigningrequest.certificates.k8s.io/${pending}`), after.stdout);
  });

  t.test('kubectl __complete csr: commands, flags, and CSR names by state', async (t) => {
    const complete = (args: string[], who: Who | null = 'admin') => kube(['__complete', 'csr', ...args], who);
    const commands = await complete(['ver']);
    t.equal(commands.code, 0, commands.stderr);
    t.equal(commands.stdout, 'version\tPrint the version, the commit it was built from and the Node.js runtime\n:4\n');
    t.equal((await complete(['version', '-o', ''])).stdout, 'json\nyaml\n:4\n');

    t.equal((await complete(['approve', prefix])).stdout, `${line(pending, 'Pending')}\n:4\n`, 'approve: pending ones');
    t.equal((await complete(['deny', prefix])).stdout, `${line(pending, 'Pending')}\n:4\n`, 'deny: pending ones');
    t.equal((await complete(['fetch', prefix])).stdout, `${line(issued, 'Approved,Issued')}\n:4\n`, 'fetch: issued ones');
    t.equal(
      (await complete(['inspect', prefix])).stdout,
      `${line(denied, 'Denied')}\n${line(issued, 'Approved,Issued')}\n${line(pending, 'Pending')}\n:4\n`,
      'inspect: all of them',
    );
    t.equal((await complete(['inspect', denied, prefix])).stdout, `${line(issued, 'Approved,Issued')}\n${line(pending, 'Pending')}\n:4\n`, 'not twice');
    t.equal((await complete(['fetch', issued, prefix])).stdout, ':4\n', 'fetch takes one name');
    t.equal((await complete(['approve', '--kubeconfig', plane.kubeconfigs.admin, prefix], null)).stdout, `${line(pending, 'Pending')}\n:4\n`, '--kubeconfig on the line');
  });

  t.test('completion as users with fewer rights', { skip: plane.external && 'needs the harness identities' }, async (t) => {
    const asRequester = await kube(['__complete', 'csr', 'approve', prefix], 'requester');
    t.equal(asRequester.stdout, `${line(pending, 'Pending')}\n:4\n`, 'listing is enough');
    const asNobody = await kube(['__complete', 'csr', 'approve', prefix], 'nobody');
    t.equal(asNobody.code, 0);
    t.equal(asNobody.stdout, ':4\n', 'forbidden to list: nothing offered, no error');
  });
});
