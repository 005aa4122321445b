// CPU per approval PUT on the approver leader's path (issue 25): CsrClient.updateApproval(csr, false, true), as
// change-approval-watch.ts sends it, through kubeText with an approver-like scoped connection (a signal, a count of
// requests in flight, the 30 s default deadline, HTTP/1.1 keep-alive), --parallel at a time, with the V8 flags that
// `approver run` sets (tuneForApprover), against a loopback node:https server in a child process that answers each
// PUT with a ~4 KB CSR as kube-apiserver does (Content-Length, or chunked with --chunked). Only this process's CPU is
// timed (process.cpuUsage), over --rounds rounds of --puts PUTs after two warm ones; it prints the minimum and the
// median in µs per PUT, and the load. The PUT goes as the approver sends it, written by hand on a kept TLS socket
// (plain-request.ts); --https sends it through node:https instead (http.ts, as for a user whose credentials come from
// a plugin). Run it on the shipped runtime, in alternating pairs (the minimum moves least with the load):
//
//   ~/.cache/kubectl-csr/node-v22.23.2-linux-amd64/node scripts/run-ts.mjs scripts/bench/approval-put-cpu.ts [--puts 3000] [--rounds 11] [--parallel 64] [--chunked] [--https]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Connection } from '../../src/kube/connection.js';
import { CsrClient } from '../../src/kube/csr-client.js';
import type { Csr } from '../../src/kube/csr.js';
import { tuneForApprover } from '../../src/startup/v8-tuning.js';

const { values } = parseArgs({
  options: { puts: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '11' }, parallel: { type: 'string', default: '64' }, chunked: { type: 'boolean' }, https: { type: 'boolean' }, serve: { type: 'string' } },
});

/** The object the API server answers an approval with: about 4 KB, as a kubelet-serving CSR with its conditions. */
const ANSWER = JSON.stringify({
  kind: 'CertificateSigningRequest',
  apiVersion: 'certificates.k8s.io/v1',
  metadata: { name: 'csr-x', uid: '5d0f0c47-0000-4000-8000-000000000000', resourceVersion: '1', creationTimestamp: '2026-12-07T17:00:00Z' },
  spec: { request: 'A'.repeat(3300), signerName: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'], username: 'system:node:n1' },
  status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'approved', lastUpdateTime: '2026-12-07T17:00:01Z', lastTransitionTime: '2026-12-07T17:00:01Z' }] },
});

if (values.serve) serve(values.serve, values.chunked === true);
else await measure();

/** The child: answers every request on 127.0.0.1, printing its port once listening. */
function serve(dir: string, chunked: boolean): void {
  const server = createServer({ cert: readFileSync(join(dir, 'c')), key: readFileSync(join(dir, 'k')), keepAliveTimeout: 90_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Audit-Id', '5d0f0c47-0000-4000-8000-000000000000');
      res.setHeader('Cache-Control', 'no-cache, private');
      if (chunked) {
        res.write(ANSWER.slice(0, 2000));
        res.end(ANSWER.slice(2000));
      } else {
        res.setHeader('Content-Length', Buffer.byteLength(ANSWER));
        res.end(ANSWER);
      }
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  process.stdin.on('end', () => process.exit(0)).resume();
}

async function measure(): Promise<void> {
  tuneForApprover();
  const dir = mkdtempSync(join(tmpdir(), 'approval-put-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  // This file again (run-ts.mjs makes argv[1] its path), as the server.
  const self = process.argv[1]!;
  const child = spawn(process.execPath, [join(dirname(self), '..', 'run-ts.mjs'), self, '--serve', dir, ...(values.chunked ? ['--chunked'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const options = { ca: readFileSync(join(dir, 'c')), headers: { Authorization: 'Bearer bench-token' }, rejectUnauthorized: true };
  const connection: Connection = {
    server: `https://127.0.0.1:${port}`,
    contextName: null,
    clusterName: null,
    userName: null,
    namespace: 'default',
    requestTimeoutMs: 30_000,
    signal: new AbortController().signal,
    requests: { inFlight: 0 },
    http2: false,
    // False: the request goes through node:https, as it does for credentials from a plugin.
    plainCredentials: values.https !== true,
    httpsOptions: () => Promise.resolve(options),
    caData: null,
    insecureSkipTlsVerify: false,
    clientCertificate: null,
  };
  const client = new CsrClient(connection);
  const puts = Number(values.puts);
  const csrs = Array.from({ length: puts }, (_, i) => approved(i));
  const round = async (): Promise<number> => {
    let next = 0;
    const before = process.cpuUsage();
    await Promise.all(Array.from({ length: Number(values.parallel) }, async () => {
      while (next < puts) await client.updateApproval(csrs[next++]!, false, true);
    }));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / puts;
  };
  await round();
  await round();
  const perPut: number[] = [];
  for (let r = 0; r < Number(values.rounds); r++) perPut.push(await round());
  perPut.sort((a, b) => a - b);
  process.stdout.write(`approval PUT, ${puts} × ${values.rounds} rounds, ${values.parallel} in flight${values.chunked ? ', chunked' : ''}${values.https ? ', node:https' : ', plain'}, Node ${process.version}: min ${perPut[0]!.toFixed(1)} µs, median ${perPut[perPut.length >> 1]!.toFixed(1)} µs CPU per PUT (load ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
  child.stdin.end();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/** A pending kubelet-serving CSR with the Approved condition added, as decide() sends it. */
function approved(i: number): Csr {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: `csr-${i}`, uid: `5d0f0c47-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(1000 + i), creationTimestamp: '2026-12-07T17:00:00Z' },
    spec: { request: 'B'.repeat(1100), signerName: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'], username: `system:node:n${i}`, groups: ['system:nodes', 'system:authenticated'] },
    status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'approved by kubectl-csr approver', lastUpdateTime: '2026-12-07T17:00:01Z' }] },
  };
}
