// Names as kubectl takes them, through a real shell: the plugin reads its own `-o name` and kubectl's, every form
// reaches the same CSR, and what kubectl refuses is refused before a single request leaves the machine.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../package/run.js';
import { BIN } from '../helpers/run-cli.js';
import { api, credentialsFrom } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-names-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const bin = join(work, 'bin');
mkdirSync(bin);
symlinkSync(BIN, join(bin, 'kubectl-csr'));
if (plane.kubectl) symlinkSync(plane.kubectl, join(bin, 'kubectl'));
const id = Math.floor(Math.random() * 1e9).toString(36);
const label = `kubectl-csr-names=${id}`;
const env = { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work, KUBECONFIG: plane.kubeconfigs.admin };
const sh = (script: string) => run('bash', ['-c', script], { cwd: work, env });
const plugin = (args: string[], extra: Record<string, string> = {}) => run(BIN, args, { cwd: work, env: { ...env, ...extra } });

async function create(name: string) {
  const manifest = await plugin(['request', name, '-g', 'dev', '--dry-run=client', '-o', 'json']);
  if (manifest.code !== 0) throw new Error(manifest.stderr);
  const csr = JSON.parse(manifest.stdout);
  csr.metadata.labels = { 'kubectl-csr-names': id };
  const res = await api(credentialsFrom(plane.kubeconfigs.admin), 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', csr);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
}

const conditions = async () => {
  const res = await plugin(['list', '-l', label, '-o', 'custom-columns=N:.metadata.name,C:.status.conditions[*].type', '--no-headers']);
  return res.stdout;
};

t.test('kubectl csr list --pending -o name | xargs kubectl csr approve', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  const names = ['a', 'b', 'c'].map((s) => `names-${id}-${s}`);
  for (const name of names) await create(name);
  const res = await sh(`kubectl csr list --pending -l ${label} -o name | xargs kubectl csr approve`);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, names.map((n) => `certificatesigningrequest.certificates.k8s.io/${n} approved\n`).join(''));
  t.match(await conditions(), new RegExp(names.map((n) => `${n} +Approved`).join('[^]*')));
});

t.test('kubectl get csr -o name | xargs kubectl csr deny', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  const names = ['d', 'e'].map((s) => `names-${id}-${s}`);
  for (const name of names) await create(name);
  const res = await sh(`kubectl get csr -l ${label} --field-selector metadata.name!=names-${id}-a,metadata.name!=names-${id}-b,metadata.name!=names-${id}-c -o name | xargs kubectl csr deny`);
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, names.map((n) => `certificatesigningrequest.certificates.k8s.io/${n} denied\n`).join(''));
});

t.test('every name form reaches the same CSR', async (t) => {
  const name = `names-${id}-forms`;
  await create(name);
  const forms = [
    name,
    `csr/${name}`,
    `certificatesigningrequest/${name}`,
    `certificatesigningrequests/${name}`,
    `certificatesigningrequest.certificates.k8s.io/${name}`,
    `certificatesigningrequests.v1.certificates.k8s.io/${name}`,
  ];
  for (const form of forms) {
    const res = await plugin(['inspect', form, '-o', 'jsonpath={.name} {.request.subject.commonName}']);
    t.equal(res.code, 0, res.stderr);
    t.equal(res.stdout, `${name} ${name}`, `inspect ${form}`);
  }
  const approved = await plugin(['approve', `certificatesigningrequest.certificates.k8s.io/${name}`, '-o', 'jsonpath={.status.conditions[0].type}']);
  t.equal(approved.code, 0, approved.stderr);
  t.equal(approved.stdout, 'Approved', 'approve -o jsonpath, against the object');
  const fetched = await plugin(['fetch', `csr/${name}`, '-O', '-', '--timeout', '30s']);
  t.equal(fetched.code, 0, fetched.stderr);
  t.match(fetched.stdout, /^-----BEGIN CERTIFICATE-----/);
  const again = await plugin(['approve', `CSR/${name}`]);
  t.equal(again.code, 0, again.stderr);
});

t.test('pod/x, a/b/c and -f FILE NAME are refused before any request is sent', async (t) => {
  // A server that counts connections: nothing may reach it.
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(work, 'recording.kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n`,
  );
  writeFileSync(join(work, 'one.yaml'), 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: x\nspec:\n  request: ""\n  signerName: a.b/c\n');
  writeFileSync(join(work, 'empty.yaml'), '');
  const cases: [string[], number, string][] = [
    [['approve', 'pod/x'], 2, 'error: "pod/x" is not a CertificateSigningRequest: "pod" is another type of resource (use NAME, csr/NAME or certificatesigningrequest/NAME)\n'],
    [['deny', 'a/b/c'], 2, 'error: "a/b/c": arguments in resource/name form may not have more than one slash\n'],
    [['approve', '-f', 'one.yaml', 'x'], 2, 'error: resource/name arguments cannot be provided when a path is specified\n'],
    [['inspect', 'pods/x'], 2, 'error: "pods/x" is not a CertificateSigningRequest: "pods" is another type of resource (use NAME, csr/NAME or certificatesigningrequest/NAME)\n'],
    [['fetch', 'pod/x'], 2, 'error: "pod/x" is not a CertificateSigningRequest: "pod" is another type of resource (use NAME, csr/NAME or certificatesigningrequest/NAME)\n'],
    [['approve', '-f', 'empty.yaml'], 0, 'No resources found\n'],
    [['list', '-o', 'bogus'], 2, 'error: unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n'],
    [['approve', 'x', '-o', 'custom-columns=A:.a'], 2, 'error: unable to match a printer suitable for the output format "custom-columns", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n'],
  ];
  for (const [args, code, stderr] of cases) {
    const res = await plugin(args, { KUBECONFIG: kubeconfig });
    t.equal(res.code, code, args.join(' '));
    t.equal(res.stderr, stderr, args.join(' '));
    t.equal(res.stdout, '');
  }
  t.equal(connections, 0, 'no connection reached the server');
  // The server does count: a command that is let through reaches it.
  await plugin(['approve', 'x', '--request-timeout', '2s'], { KUBECONFIG: kubeconfig });
  t.ok(connections > 0, 'a valid line does connect');
});

t.test('kubectl refuses the same lines', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  const res = await run(plane.kubectl!, ['certificate', 'approve', '-f', join(work, 'one.yaml'), 'x'], { cwd: work, env });
  t.not(res.code, 0);
  t.equal(res.stderr, 'error: resource/name arguments cannot be provided when a path is specified\n');
  const slashes = await run(plane.kubectl!, ['certificate', 'approve', 'a/b/c'], { cwd: work, env });
  t.not(slashes.code, 0);
  t.equal(slashes.stderr, 'error: arguments in resource/name form may not have more than one slash\n');
});
