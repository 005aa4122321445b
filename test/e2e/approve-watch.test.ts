// approve --pending --watch as a kubelet-serving approver, on a private control plane (this file restarts its
// kube-apiserver, which the shared one must not suffer): started before any request exists, it approves the nodes'
// good requests, leaves the one whose IP SAN is not the Node's pending with its finding, rides out an API server
// restart, and ends on SIGTERM with exit 0. Credentials come from an exec plugin whose tokens expire after a few
// seconds, so the plugin must run again during the watch, as kubectl runs it.
import t from 'tap';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildControlPlane } from './harness/build.js';
import { startControlPlane, type ControlPlane } from './harness/control-plane.js';
import { runCli, startCli, type RunningCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually, type Credentials } from './api.js';
import { cluster } from './cluster.js';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const SERVING = 'kubernetes.io/kubelet-serving';
const STAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

if (cluster().external) {
  t.test('approve --watch across an API server restart', { skip: 'needs a control plane of its own to restart; not run against KUBECTL_CSR_E2E_KUBECONFIG' }, () => {});
} else {
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-watch-'));
  let plane: ControlPlane;
  let admin: Credentials;
  t.before(async () => {
    plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane() });
    admin = credentialsFrom(plane.kubeconfigs.admin);
  });
  t.teardown(async () => {
    await plane?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** A Node with these addresses, as a kubelet registers itself. */
  async function node(name: string, ip: string) {
    const created = await api(admin, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
    if (created.status !== 201) throw new Error(`node ${name}: ${created.status}`);
    const res = await api(admin, 'PUT', `/api/v1/nodes/${name}/status`, { ...created.body, status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] } });
    if (res.status !== 200) throw new Error(`node ${name} status: ${res.status}`);
  }

  /** A kubelet-serving request made as the node itself (the API server records system:node:NODE as requestor). */
  async function servingRequest(name: string, nodeName: string, ip: string) {
    const res = await runCli(
      ['request', name, '--signer', SERVING, '--key-type', 'ecdsa-p256', '--cn', `system:node:${nodeName}`, '-g', 'system:nodes', '--dns', nodeName, '--ip', ip,
        '--as', `system:node:${nodeName}`, '--as-group', 'system:nodes', '--as-group', 'system:authenticated'],
      { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } },
    );
    if (res.code !== 0) throw new Error(`request ${name}: ${res.stderr}`);
  }

  async function state(name: string): Promise<{ conditions: string[]; issued: boolean; message?: string }> {
    const res = await api(admin, 'GET', `${CSRS}/${name}`);
    const conditions = res.body.status?.conditions ?? [];
    return { conditions: conditions.map((c: { type: string }) => c.type), issued: Boolean(res.body.status?.certificate), message: conditions[0]?.message };
  }

  /** A kubeconfig whose token comes from an exec plugin that logs each run and says the token expires in 3s. */
  function execKubeconfig(): { path: string; runs: () => number } {
    const log = join(work, 'exec-runs.log');
    const plugin = join(work, 'credential-plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho run >> '${log}'\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' '${admin.token}' "$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)"\n`,
    );
    chmodSync(plugin, 0o755);
    const path = join(work, 'exec.kubeconfig');
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${plane.server}", certificate-authority-data: ${admin.ca.toString('base64')}}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: '${plugin}', interactiveMode: Never}}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
      { mode: 0o600 },
    );
    return { path, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
  }

  function start(args: string[], kubeconfig: string): RunningCli {
    return startCli(args, { cwd: work, env: { HOME: work, KUBECONFIG: kubeconfig } });
  }

  const until = (what: string, fn: () => boolean, timeoutMs = 60_000) => eventually(what, async () => (fn() ? true : undefined), timeoutMs);

  t.test('approve --pending --watch --signer kubelet-serving: good ones issued, the bad one refused, across a restart', async (t) => {
    await node('w1', '10.9.0.5');
    await node('w2', '10.9.0.6');
    const exec = execKubeconfig();
    const watch = start(['approve', '--pending', '--watch', '--signer', SERVING], exec.path);
    t.teardown(() => void watch.child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 1500)); // listed and watching before any request exists

    await servingRequest('serving-w1', 'w1', '10.9.0.5');
    await servingRequest('serving-w2', 'w2', '10.9.0.6');
    await servingRequest('serving-w1-foreign-ip', 'w1', '10.9.0.99');
    await until('three decisions', () => watch.out().split('\n').filter(Boolean).length >= 3);
    const lines = () => watch.out().split('\n').filter(Boolean).map((l) => l.replace(new RegExp(`^${STAMP} `), ''));
    t.same(
      lines().sort(),
      [
        'approved serving-w1',
        'approved serving-w2',
        'refused serving-w1-foreign-ip: [san-not-node-address] IP:10.9.0.99 is not an address of Node w1 (to override, --allow san-not-node-address)',
      ],
      'one line per decision',
    );
    t.match(watch.out(), new RegExp(`^${STAMP} `), 'each line starts with a timestamp');
    for (const name of ['serving-w1', 'serving-w2']) {
      const s = await eventually(`${name} issued`, async () => ((await state(name)).issued ? state(name) : undefined));
      t.same(s.conditions, ['Approved'], `${name} approved and issued`);
    }
    t.same((await state('serving-w1-foreign-ip')).conditions, [], 'the bad one stays pending');

    const runsBefore = exec.runs();
    await plane.restartApiServer();
    await servingRequest('serving-w2-after-restart', 'w2', '10.9.0.6');
    await until('a decision after the restart', () => /approved serving-w2-after-restart\n/.test(watch.out()), 90_000).catch((err: Error) => {
      throw new Error(`${err.message}; the watch printed:\n${watch.out()}${watch.err()}`);
    });
    t.equal(lines().length, 4, 'nothing decided twice');
    await eventually('issued after the restart', async () => ((await state('serving-w2-after-restart')).issued ? true : undefined));
    t.ok(exec.runs() > runsBefore, `the exec plugin ran again for fresh credentials (${runsBefore} → ${exec.runs()} runs)`);
    const lost = watch.err().match(/lost the API server/g)?.length ?? 0;
    t.equal(lost, 1, 'the lost API server is said once, not once per retry');
    t.equal(watch.err().match(/watching again/g)?.length ?? 0, lost, 'and its return once');

    watch.child.kill('SIGTERM');
    t.equal(await watch.exited, 0, watch.err());
    t.match(watch.err(), /\napproved 3, refused by policy 1, failed 0\n$|^approved 3, refused by policy 1, failed 0\n$/);
  });

  t.test('deny --pending --failing --watch denies the refused one with its finding; --dry-run changes nothing', async (t) => {
    const dry = start(['deny', '--pending', '--failing', '--watch', '--dry-run=client', '--signer', SERVING], plane.kubeconfigs.admin);
    await until('a dry-run decision', () => /denied serving-w1-foreign-ip \(dry run\)\n/.test(dry.out()));
    dry.child.kill('SIGINT');
    t.equal(await dry.exited, 0, dry.err());
    t.match(dry.err(), /denied 1 \(dry run\), refused by policy 0, failed 0\n$/);
    t.same((await state('serving-w1-foreign-ip')).conditions, [], 'the dry run changed nothing');

    const deny = start(['deny', '--pending', '--failing', '--watch', '--signer', SERVING], plane.kubeconfigs.admin);
    await until('the denial', () => /denied serving-w1-foreign-ip\n/.test(deny.out()));
    deny.child.kill('SIGTERM');
    t.equal(await deny.exited, 0, deny.err());
    const s = await state('serving-w1-foreign-ip');
    t.same(s.conditions, ['Denied']);
    t.equal(s.message, 'This CSR was denied by kubectl csr deny. Findings: san-not-node-address.');
  });

  t.test('--watch without --pending, or with -o, is a usage error', async (t) => {
    const a = await runCli(['approve', 'x', '--watch'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
    t.same([a.code, a.stderr], [2, 'error: --watch works with --pending\n']);
    const b = await runCli(['approve', '--pending', '--watch', '-o', 'name'], { cwd: work, env: { KUBECONFIG: plane.kubeconfigs.admin } });
    t.same([b.code, b.stderr], [2, 'error: --watch prints one line per decision; -o does not apply\n']);
  });
}
