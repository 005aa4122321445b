// The approver leader's memory at start against the decided CSRs already in the cluster (issue 25): a real cluster
// keeps approved CSRs for up to an hour (the controller manager's csrcleaner), so an approver started after a node
// storm lists thousands. For each count, the cluster is filled up to that many decided kubelet-serving CSRs (made as
// their nodes, approved, signed by the controller manager, as a storm leaves them); then one replica of
// `approver run --leader-elect` is started as a pod starts it, and once it leads and /readyz says its CSR watch is
// synced, its VmRSS (resident now) and VmHWM (the most it ever was) are read from /proc. No CSR is pending: nothing is
// decided, only listed. Not a storm, and not a test.
//
//   node scripts/run-ts.mjs scripts/bench/approver-start-rss.ts [--counts 0,3000,6000,11000] [--reps 2]
//       [--bin NAME=FILE ...]   (default: ours=dist/kubectl-csr; several are run alternately, NAME by NAME, per rep)
//       [--env NAME:VAR=VALUE ...]   (an environment variable for binary NAME's runs, e.g. NODE_OPTIONS)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { api, credentialsFrom, eventually, type Credentials } from '../../test/e2e/api.js';
import { buildControlPlane } from '../../test/e2e/harness/build.js';
import { startControlPlane } from '../../test/e2e/harness/control-plane.js';
import { freePort, onExit } from '../../test/e2e/harness/processes.js';
import { CSRS, installApprover, SERVING, startReplica } from '../../test/e2e/approver-fixture.js';
import { createRequest } from '../../src/pki/create-request.js';
import { mapLimit } from '../../src/util/map-limit.js';
import { runMain } from './run-main.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => process.stderr.write(`start-rss: ${line}\n`);
const NODES = 200;
const PARALLEL = 48;
/** After ready: the caches' lists and the first watch events are in, and a GC has had a chance to run. */
const SETTLE_MS = 3000;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { counts: { type: 'string', default: '0,3000,6000,11000' }, reps: { type: 'string', default: '2' }, bin: { type: 'string', multiple: true }, env: { type: 'string', multiple: true } } });
  const bins = (values.bin ?? [`ours=${join(root, 'dist', 'kubectl-csr')}`]).map((b) => {
    const at = b.indexOf('=');
    const name = b.slice(0, at);
    const env = Object.fromEntries((values.env ?? []).filter((e) => e.startsWith(`${name}:`)).map((e) => [e.slice(name.length + 1, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    return { name, file: resolve(b.slice(at + 1)), env };
  });
  const counts = values.counts.split(',').map(Number);
  const reps = Number(values.reps);
  log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-start-rss-'));
  const plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane() });
  onExit(() => plane.killNow());
  const rows: string[] = [];
  try {
    const admin = credentialsFrom(plane.kubeconfigs.admin);
    const account = installApprover(plane.kubectl, plane.kubeconfigs.admin, readFileSync(plane.caCert, 'utf8'), work);
    let made = 0;
    for (const count of counts) {
      if (count > made) {
        const started = Date.now();
        await makeDecided(admin, made, count);
        await eventually(`${count} certificates issued`, async () => ((await issued(admin)) >= count ? true : undefined), 600_000);
        log(`${count - made} decided CSRs made and signed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        made = count;
      }
      for (let rep = 0; rep < reps; rep++) {
        for (const bin of bins) {
          const m = await measure(plane.server, account, work, bin.file, bin.env, `start-rss-${count}-${rep}-${bin.name}`);
          const row = `${bin.name}\t${count}\t${rep + 1}\tready ${m.readySeconds.toFixed(1)} s\tVmRSS ${m.rss.toFixed(1)} MiB\tVmHWM ${m.hwm.toFixed(1)} MiB\tload ${loadavg()[0]!.toFixed(2)}`;
          log(row);
          rows.push(row);
        }
      }
    }
  } finally {
    await plane.stop();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`binary\tdecided CSRs\trep\tready after\tVmRSS\tVmHWM\tload\n${rows.join('\n')}\n`);
  return 0;
}

/** Decided CSRs first..count-1: each created as its node (a kubelet's serving request), then approved. */
async function makeDecided(admin: Credentials, first: number, count: number): Promise<void> {
  const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const requests = Array.from({ length: NODES }, (_, n) =>
    Buffer.from(createRequest({ key, commonName: `system:node:rss-node-${n}`, organizations: ['system:nodes'], dns: [`rss-node-${n}`], ip: [`10.200.${n % 250}.1`] })).toString('base64'),
  );
  await mapLimit(Array.from({ length: count - first }, (_, i) => first + i), PARALLEL, async (i) => {
    const node = i % NODES;
    const asNode = { 'Impersonate-User': `system:node:rss-node-${node}`, 'Impersonate-Group': ['system:nodes', 'system:authenticated'] };
    const body = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: `start-rss-${i}` }, spec: { request: requests[node], signerName: SERVING, usages: ['digital signature', 'server auth'] } };
    const created = await api(admin, 'POST', CSRS, body, asNode);
    if (created.status !== 201) throw new Error(`create start-rss-${i}: ${created.status} ${created.body?.message}`);
    const csr = created.body;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    csr.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlCsrApproved', message: 'approved by kubectl-csr approver: every check passed', lastUpdateTime: now, lastTransitionTime: now }] };
    const put = await api(admin, 'PUT', `${CSRS}/start-rss-${i}/approval`, csr);
    if (put.status !== 200) throw new Error(`approve start-rss-${i}: ${put.status} ${put.body?.message}`);
  });
}

/** The CSRs with a certificate, a page of 500 at a time. */
async function issued(admin: Credentials): Promise<number> {
  let n = 0;
  let token = '';
  do {
    const res = await api(admin, 'GET', `${CSRS}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    if (res.status !== 200) throw new Error(`listing CSRs: ${res.status}`);
    n += (res.body.items as { status?: { certificate?: string } }[]).filter((c) => c.status?.certificate).length;
    token = res.body.metadata?.continue ?? '';
  } while (token);
  return n;
}

async function measure(server: string, account: string, home: string, bin: string, env: Record<string, string>, id: string): Promise<{ readySeconds: number; rss: number; hwm: number }> {
  const probe = await freePort();
  const started = Date.now();
  const replica = startReplica(server, account, home, ['--leader-elect', '--log-format=json', `--leader-elect-id=${id}`, `--health-probe-bind-address=127.0.0.1:${probe}`, `--metrics-bind-address=127.0.0.1:${await freePort()}`], env, bin);
  try {
    await eventually('leading and ready', async () => {
      if (replica.child.exitCode !== null) throw new Error(`the replica exited ${replica.child.exitCode}: ${replica.err()}`);
      if (!/became leader/.test(replica.err())) return undefined;
      const ready = await fetch(`http://127.0.0.1:${probe}/readyz`).then((r) => r.ok, () => false);
      return ready ? true : undefined;
    }, 120_000);
    const readySeconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const status = readFileSync(`/proc/${replica.child.pid}/status`, 'utf8');
    const mib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)![1]) / 1024;
    if (replica.out().trim() !== '') throw new Error(`the replica decided something: ${replica.out().slice(0, 300)}`);
    return { readySeconds, rss: mib('VmRSS'), hwm: mib('VmHWM') };
  } finally {
    replica.child.kill('SIGTERM');
    await replica.exited;
  }
}

runMain(main, log);
