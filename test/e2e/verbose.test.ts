// -v like kubectl's (issue 23): -v=6 prints kubectl's "Response" line for each request, the same line as the
// harness's kubectl prints for the same call but for the time, pid and milliseconds; 7 adds headers, 8 bodies, 9 curl
// commands. No secret appears at any level: not the kubeconfig's bearer token, not a kubeconfig's client key, not a
// private key the command generates. (The issued certificate is public: -v=9 shows it in a CSR's status, as kubectl does.)
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { run } from '../package/run.js';
import { BIN } from '../helpers/run-cli.js';
import { cluster } from './cluster.js';

const plane = cluster();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-verbose-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH, HOME: work, KUBECONFIG: plane.kubeconfigs.admin };
const plugin = (args: string[], kubeconfig = plane.kubeconfigs.admin) => run(BIN, args, { cwd: work, env: { ...env, KUBECONFIG: kubeconfig } });
const name = `verbose-${Math.floor(Math.random() * 1e9).toString(36)}`;

/** klog's header, and kubectl's timing: what differs between two runs of the same call. */
const normalize = (line: string) => line.replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, 'I… ').replace(/milliseconds=\d+/, 'milliseconds=N');

t.test('-v=6: the Response line of kubectl get csr, for the same call', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  const [ours, theirs] = await Promise.all([plugin(['list', '-o', 'name', '-v=6']), run(plane.kubectl!, ['get', 'csr', '-o', 'name', '-v=6'], { cwd: work, env })]);
  // kubectl with an empty cache also reads discovery (/api, /apis) first; the plugin asks for CSRs only
  const response = (s: string) => s.split('\n').filter((l) => l.includes('round_trippers.go') && l.includes('certificatesigningrequests')).map(normalize);
  t.strictSame(response(ours.stderr), response(theirs.stderr));
  t.match(ours.stderr, /^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ round_trippers\.go:632\] "Response" verb="GET" url="https:\/\/[^"]+\/apis\/certificates\.k8s\.io\/v1\/certificatesigningrequests\?limit=500" status="200 OK" milliseconds=\d+\n$/);
  const quiet = await plugin(['list', '-o', 'name']);
  t.equal(quiet.stderr, '', 'nothing below 6');
});

t.test('-v=6 with selectors: the same query, in the order and escaping client-go writes', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  const selectors = ['-l', 'app in (a,b),tier!=x', '--field-selector', 'spec.signerName=example.com/x~y'];
  const [ours, theirs] = await Promise.all([plugin(['list', '-o', 'name', '-v=6', ...selectors]), run(plane.kubectl!, ['get', 'csr', '-o', 'name', '-v=6', ...selectors], { cwd: work, env })]);
  const response = (s: string) => s.split('\n').filter((l) => l.includes('round_trippers.go') && l.includes('certificatesigningrequests')).map(normalize);
  t.equal(response(ours.stderr).length, 1, ours.stderr);
  t.strictSame(response(ours.stderr), response(theirs.stderr));
  t.match(ours.stderr, /\?fieldSelector=spec\.signerName%3Dexample\.com%2Fx~y&labelSelector=app\+in\+%28a%2Cb%29%2Ctier%21%3Dx&limit=500"/);
});

t.test('no secret at any level: token, client key and certificate, generated private key', async (t) => {
  const token = (yaml.load(readFileSync(plane.kubeconfigs.admin, 'utf8')) as any).users[0].user.token as string;
  t.ok(token.length > 10);
  const outputs: string[] = [];
  for (const v of ['6', '7', '8', '9']) {
    // request generates a key, sends the CSR (a POST with a body), approves and writes a kubeconfig with the key
    const res = await plugin(['request', `${name}-${v}`, '-g', 'dev', '--approve', '--wait', '--kubeconfig-out', `${name}-${v}.kubeconfig`, `-v=${v}`]);
    t.equal(res.code, 0, res.stderr.split('\n').filter((l) => l.startsWith('error')).join('\n'));
    outputs.push(res.stdout + res.stderr);
    t.match(res.stderr, /round_trippers\.go:632\] "Response"/, `-v=${v} traces`);
    if (v >= '7') t.match(res.stderr, /Authorization: Bearer <masked>/);
    if (v >= '8') t.match(res.stderr, /"Request Body" body="\{.*CertificateSigningRequest/, 'the POST body');
    if (v === '9') t.match(res.stderr, /curl -v -XPOST {2}/);
    // the user's own kubeconfig: a client certificate and key, no token
    const own = await plugin(['list', '-o', 'name', `-v=${v}`], join(work, `${name}-${v}.kubeconfig`));
    outputs.push(own.stdout + own.stderr);
    t.match(own.stderr, /"Response" .*status="403 Forbidden"|"Response" status="403 Forbidden"/, 'the user may not list: traced all the same');
  }
  const all = outputs.join('\n');
  t.notOk(all.includes(token), 'no bearer token');
  for (const v of ['6', '7', '8', '9']) {
    const key = readFileSync(join(work, `${name}-${v}.key`), 'utf8');
    const kubeconfig = yaml.load(readFileSync(join(work, `${name}-${v}.kubeconfig`), 'utf8')) as any;
    const user = kubeconfig.users[0].user;
    const keyBody = key.split('\n').filter((l) => l && !l.startsWith('-----'));
    t.ok(keyBody.length > 3);
    t.notOk(keyBody.some((line) => all.includes(line)), `no line of the private key of -v=${v}`);
    t.notOk(all.includes(user['client-key-data']), 'no client key data');
    t.notOk(/PRIVATE KEY/.test(all), 'no PEM private key');
  }
});
