// The storm's ceiling (issue 25): a bare approver, to run next to `approver run` in the same storm. No policy, no
// caches, no leader election, no metrics: a list and a watch of kubelet-serving CSRs, and for each pending one the
// approval PUT (--parallel at a time, from the object the watch delivered) and one Event POST (4 at a time), the
// writes `approver run` makes per decision. What it decides is given (--deny: a regex of names), so that the storm
// still checks every decision. Its p99 is what any approver could reach with these writes on this machine: the
// time left is the API server's. With --watch-only it only lists and watches, as a standby replica does.
//
//   node scripts/run-ts.mjs scripts/bench/bare-approver.ts --server URL --account DIR [--parallel 16] [--deny RE] [--watch-only]
//
// It prints one JSON line per decision ({ts, csr, msg}), as `approver run --log-format=json` does.
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TaskPool } from '../../src/util/task-pool.js';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const SELECTOR = 'fieldSelector=spec.signerName%3Dkubernetes.io%2Fkubelet-serving';
const EVENTS_IN_FLIGHT = 4;

interface Csr {
  metadata: { name: string; uid: string; resourceVersion: string };
  status?: { conditions?: { type: string }[] };
}

const { values } = parseArgs({ options: { server: { type: 'string' }, account: { type: 'string' }, parallel: { type: 'string', default: '16' }, deny: { type: 'string' }, 'watch-only': { type: 'boolean' } } });
const server = values.server!;
const ca = readFileSync(join(values.account!, 'ca.crt'));
const token = readFileSync(join(values.account!, 'token'), 'utf8').trim();
const deny = values.deny ? new RegExp(values.deny) : null;
const agent = new Agent({ keepAlive: true, ca });

function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(new URL(path, server), { method, agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const seen = new Set<string>();
const decisions = new TaskPool(Number(values.parallel), (err) => process.stderr.write(`bare: ${String(err)}\n`));
const events = new TaskPool(EVENTS_IN_FLIGHT, (err) => process.stderr.write(`bare: event: ${String(err)}\n`));

const pending = (csr: Csr) => !(csr.status?.conditions ?? []).some((c) => c.type === 'Approved' || c.type === 'Denied');

function offer(csr: Csr): void {
  if (values['watch-only'] || seen.has(csr.metadata.uid) || !pending(csr)) return;
  seen.add(csr.metadata.uid);
  decisions.push(() => decide(csr));
}

async function decide(first: Csr): Promise<void> {
  const denied = deny?.test(first.metadata.name) ?? false;
  const condition = denied
    ? { type: 'Denied', status: 'True', reason: 'KubectlCsrDeny', message: 'san-not-node-address (bare approver)' }
    : { type: 'Approved', status: 'True', reason: 'KubectlCsrApprove', message: 'bare approver' };
  let csr = first;
  for (;;) {
    const res = await call('PUT', `${CSRS}/${csr.metadata.name}/approval`, { ...csr, status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] } });
    if (res.status === 200) break;
    if (res.status !== 409) throw new Error(`PUT ${csr.metadata.name}/approval: ${res.status}`);
    csr = (await call('GET', `${CSRS}/${csr.metadata.name}`)).body as Csr;
    if (!pending(csr)) return;
  }
  const now = new Date();
  process.stdout.write(`${JSON.stringify({ ts: now.toISOString(), csr: first.metadata.name, msg: denied ? 'denied' : 'approved' })}\n`);
  events.push(async () => {
    const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const name = first.metadata.name;
    const res = await call('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: `${name}.${now.getTime().toString(16)}`, namespace: 'default' },
      involvedObject: { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', name, uid: first.metadata.uid },
      type: denied ? 'Warning' : 'Normal',
      reason: denied ? 'Denied' : 'Approved',
      message: condition.message,
      source: { component: 'bare-approver' },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    });
    if (res.status !== 201) throw new Error(`POST event of ${name}: ${res.status}`);
  });
}

/** List, then watch from the list's version; a watch that ends is opened again from the last version seen. */
async function follow(): Promise<void> {
  const list = (await call('GET', `${CSRS}?${SELECTOR}`)).body as { items: Csr[]; metadata: { resourceVersion: string } };
  let version = list.metadata.resourceVersion;
  for (const csr of list.items) offer(csr);
  process.stderr.write('bare: synced\n');
  for (;;) {
    version = await new Promise<string>((resolve, reject) => {
      const req = request(new URL(`${CSRS}?${SELECTOR}&watch=1&allowWatchBookmarks=true&resourceVersion=${version}`, server), { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch: ${res.statusCode}`));
        let buffer = '';
        let last = version;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
            const event = JSON.parse(buffer.slice(0, nl)) as { type: string; object: Csr };
            buffer = buffer.slice(nl + 1);
            if (event.type === 'ERROR') return reject(new Error(`watch: ${JSON.stringify(event.object)}`));
            last = event.object.metadata.resourceVersion;
            if (event.type === 'ADDED' || event.type === 'MODIFIED') offer(event.object);
          }
        });
        res.on('end', () => resolve(last));
      });
      req.on('error', reject);
      req.end();
    });
  }
}

process.on('SIGTERM', () => {
  void events.idle().then(() => process.exit(0));
});
follow().catch((err: unknown) => {
  process.stderr.write(`bare: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
