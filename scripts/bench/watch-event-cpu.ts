// CPU per CSR watch event on the approver's read path (issue 25): in a storm every replica reads three events per CSR
// (ADDED, MODIFIED by the approval, MODIFIED by the signer), each a TLS record of its own, while the API server that
// must answer everyone wants the same two cores. A loopback TLS server in a child process writes a storm's events
// as kube-apiserver does (a chunked 200, one chunk per event holding its JSON and a newline, real-sized objects: the
// requests of test/e2e/approver-fixture.ts servingCsrFrom, managedFields, conditions, a certificate), one every
// --gap ms so that they arrive one at a time (--gap 0: all at once, read in bulk), and a client in this process reads
// them one of these ways, timing its own CPU (process.cpuUsage) from the first event to the last:
// - tls: a TLS socket's 'data' events, nothing read (decryption and the socket's stream);
// - onread: a TLS socket read into one buffer (tls.connect's onread, as tls-sockets.ts reads), nothing read (the floor);
// - bare: node:https, setEncoding, split on '\n', JSON.parse (scripts/bench/bare-approver.ts's watch);
// - stream: src/kube/watch-stream.ts watchStream, for await;
// - client: CsrClient.watch, for await (the CSR client's generator on top);
// - follow: followCsrs over CsrClient.watch, for await (the reflector's generator on top);
// - standby: the approver's consumer, watchApproval with leader election never won (a standby: each pending CSR
//   queued, each decided one dropped), after an empty list.
// The last four read the watch as the approver does (plain-watch.ts, its GET written by hand), or with `/https` added
// (`follow/https`) through node:https and readline, as for credentials from a plugin.
// Each way runs --runs times, the ways alternating, after a warm run each, with the V8 flags `approver run` sets
// (tuneForApprover). It prints the median and minimum µs of CPU per event of each way, and the load. Run it on the
// shipped runtime:
//
//   ~/.cache/kubectl-csr/node-v22.23.2-linux-amd64/node scripts/run-ts.mjs scripts/bench/watch-event-cpu.ts [--events 3000] [--gap 1] [--runs 7] [--ways tls,onread,bare,stream,stream/https,…]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import type { Connection } from '../../src/kube/connection.js';
import { CsrClient } from '../../src/kube/csr-client.js';
import type { Csr } from '../../src/kube/csr.js';
import { followCsrs } from '../../src/kube/follow-csrs.js';
import { watchStream } from '../../src/kube/watch-stream.js';
import { APPROVE } from '../../src/kube/csr-decision.js';
import { watchApproval } from '../../src/commands/approval/change-approval-watch.js';
import type { ClusterConnection } from '../../src/kube/api.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import { tuneForApprover } from '../../src/startup/v8-tuning.js';
import { servingCsrFrom } from '../../test/e2e/approver-fixture.js';
import { localCertificate, localConnection } from '../../test/kube/local-tls.js';

const WAYS = ['tls', 'onread', 'bare', 'stream', 'client', 'follow', 'standby'] as const;
/** A way, or one of ours through node:https (as for credentials from a plugin): `follow/https`. */
type Way = (typeof WAYS)[number] | `${'stream' | 'client' | 'follow' | 'standby'}/https`;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3000' },
    gap: { type: 'string', default: '1' },
    runs: { type: 'string', default: '7' },
    warm: { type: 'string', default: '600' },
    ways: { type: 'string', default: 'onread,bare,stream,stream/https,follow,follow/https,standby,standby/https' },
    serve: { type: 'string' },
  },
});

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
/** The name of the last event of a run: a pending CSR, so that every way (the standby's accept hook too) sees it. */
const LAST = 'storm-last';

/** What kube-apiserver writes of one watch event: a chunk holding the event's JSON and a newline. */
function chunk(event: object): Buffer {
  const line = Buffer.from(`${JSON.stringify(event)}\n`);
  return Buffer.concat([Buffer.from(`${line.length.toString(16)}\r\n`), line, Buffer.from('\r\n')]);
}

/** The three events of each of 200 CSRs as the API server sends them, and the last one. */
function stormEvents(): Buffer[] {
  const out: Buffer[] = [];
  let version = 1000;
  const at = '2026-12-07T21:00:00Z';
  const csr = (name: string, node: string, ip: string) => {
    const { spec } = servingCsrFrom(name, node, ip).body as { spec: Csr['spec'] };
    const created = {
      manager: 'e2e.test',
      operation: 'Update',
      apiVersion: 'certificates.k8s.io/v1',
      time: at,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:request': {}, 'f:signerName': {}, 'f:usages': {} } },
    };
    const metadata = { name, uid: randomUUID(), resourceVersion: String(version++), creationTimestamp: at, managedFields: [created] };
    const full = { ...spec, username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] };
    return { kind: 'CertificateSigningRequest', apiVersion: 'certificates.k8s.io/v1', metadata, spec: full, status: {} as object };
  };
  const approval = { type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'approved by kubectl-csr approver (policy: all checks passed)', lastUpdateTime: at, lastTransitionTime: at };
  const approvedFields = {
    manager: 'kubectl-csr',
    operation: 'Update',
    apiVersion: 'certificates.k8s.io/v1',
    time: at,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"Approved"}': { '.': {}, 'f:lastTransitionTime': {}, 'f:lastUpdateTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {} } } } },
    subresource: 'approval',
  };
  const signedFields = { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'certificates.k8s.io/v1', time: at, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:certificate': {} } }, subresource: 'status' };
  // A P-256 serving certificate signed by the cluster's CA, as PEM in base64: about 1 200 bytes of DER.
  const certificate = Buffer.from(`-----BEGIN CERTIFICATE-----\n${randomBytes(1200).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`).toString('base64');
  for (let i = 0; i < 200; i++) {
    const object = csr(`storm-${i}`, `node-${i}`, `10.1.0.${i}`);
    out.push(chunk({ type: 'ADDED', object }));
    const approved = { ...object, metadata: { ...object.metadata, resourceVersion: String(version++), managedFields: [...object.metadata.managedFields, approvedFields] }, status: { conditions: [approval] } };
    out.push(chunk({ type: 'MODIFIED', object: approved }));
    const signed = { ...approved, metadata: { ...approved.metadata, resourceVersion: String(version++), managedFields: [...approved.metadata.managedFields, signedFields] }, status: { conditions: [approval], certificate } };
    out.push(chunk({ type: 'MODIFIED', object: signed }));
  }
  out.push(chunk({ type: 'ADDED', object: csr(LAST, 'node-0', '10.1.0.0') }));
  return out;
}

/**
 * The child: a TLS server on 127.0.0.1 that answers a list with an empty one and a watch with --events events (the
 * last one LAST), one every --gap ms, then stays open. Each line on stdin sets the events and gap of the next watches.
 */
function serve(dir: string): void {
  const events = stormEvents();
  let run = { events: 0, gap: 0 };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => (run = JSON.parse(line.trim().split('\n').at(-1)!) as typeof run));
  process.stdin.on('end', () => process.exit(0));
  const server = createServer({ cert: readFileSync(join(dir, 'c')), key: readFileSync(join(dir, 'k')) }, (socket) => {
    let head = '';
    socket.on('error', () => {});
    socket.on('data', (data: Buffer) => {
      head += data.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const path = head.slice(0, end).split(' ')[1]!;
      head = head.slice(end + 4);
      const headers = `Audit-Id: ${randomUUID()}\r\nCache-Control: no-cache, private\r\nContent-Type: application/json\r\nDate: ${new Date().toUTCString()}\r\n`;
      if (!path.includes('watch=1')) {
        const list = JSON.stringify({ kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata: { resourceVersion: '999' }, items: [] });
        socket.write(`HTTP/1.1 200 OK\r\n${headers}Content-Length: ${list.length}\r\n\r\n${list}`);
        return;
      }
      socket.write(`HTTP/1.1 200 OK\r\n${headers}Transfer-Encoding: chunked\r\n\r\n`);
      const { events: count, gap } = run;
      let sent = 0;
      const next = () => {
        if (socket.destroyed) return;
        if (gap === 0) {
          while (sent < count - 1) socket.write(events[sent++ % (events.length - 1)]!);
        } else if (sent < count - 1) {
          socket.write(events[sent++ % (events.length - 1)]!);
          setTimeout(next, gap);
          return;
        }
        socket.write(events.at(-1)!);
      };
      setTimeout(next, 20);
    });
  });
  // The port, and the mean size of an event's chunk.
  const mean = Math.round(events.reduce((sum, e) => sum + e.length, 0) / events.length);
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port} ${mean}\n`));
}

interface Timing {
  first(): void;
  last(): void;
}

/** Reads one watch of `events` events the given way, calling first() at its first event and last() at LAST. */
async function readWay(named: Way, plainConn: Connection, ca: Buffer, timing: Timing): Promise<void> {
  const [way, https] = named.split('/') as [(typeof WAYS)[number], string | undefined];
  const conn = https ? { ...plainConn, plainCredentials: false } : plainConn;
  const url = new URL(conn.server);
  const path = `${CSRS}?allowWatchBookmarks=true&resourceVersion=999&timeoutSeconds=300&watch=1`;
  const stop = new AbortController();
  const seen = (name: string | undefined, n: number) => {
    if (n === 1) timing.first();
    if (name === LAST) {
      timing.last();
      stop.abort();
    }
  };
  let n = 0;
  if (way === 'tls') {
    await new Promise<void>((resolve) => {
      const socket: TLSSocket = connect({ host: url.hostname, port: Number(url.port), ca, servername: '' }, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`));
      const last = Buffer.from(`"name":"${LAST}"`);
      let headSeen = false;
      socket.on('data', (data: Buffer) => {
        // The first read is the head; every later one an event.
        if (!headSeen) {
          headSeen = true;
          if (data.indexOf('\r\n\r\n') === data.length - 4) return;
        }
        n++;
        seen(data.includes(last) ? LAST : undefined, n);
        if (stop.signal.aborted) {
          socket.destroy();
          resolve();
        }
      });
    });
    return;
  }
  if (way === 'onread') {
    await new Promise<void>((resolve) => {
      const last = Buffer.from(`"name":"${LAST}"`);
      let headSeen = false;
      const socket: TLSSocket = connect({
        host: url.hostname,
        port: Number(url.port),
        ca,
        servername: '',
        onread: {
          buffer: Buffer.allocUnsafe(65536),
          callback: (size: number, buf: Uint8Array) => {
            let data = (buf as Buffer).subarray(0, size);
            if (!headSeen) {
              headSeen = true;
              const end = data.indexOf('\r\n\r\n');
              data = data.subarray(end + 4);
              if (data.length === 0) return true;
            }
            n++;
            seen(data.includes(last) ? LAST : undefined, n);
            if (stop.signal.aborted) {
              socket.destroy();
              resolve();
            }
            return true;
          },
        },
      } as never, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`));
    });
    return;
  }
  if (way === 'bare') {
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, ca, servername: '', headers: { Authorization: 'Bearer bench-token' } }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          buffer += text;
          for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
            const event = JSON.parse(buffer.slice(0, nl)) as { type: string; object: Csr };
            buffer = buffer.slice(nl + 1);
            seen(event.object.metadata.name, ++n);
          }
          if (stop.signal.aborted) {
            res.destroy();
            resolve();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    return;
  }
  const client = new CsrClient(conn);
  if (way === 'stream') {
    for await (const event of watchStream<Csr>(conn, CSRS, { resourceVersion: '999' }, stop.signal)) {
      seen(event.type === 'ERROR' ? undefined : event.object.metadata.name, ++n);
      if (stop.signal.aborted) break;
    }
  } else if (way === 'client') {
    for await (const event of client.watch({ resourceVersion: '999' }, stop.signal)) {
      seen(event.type === 'ERROR' ? undefined : event.object.metadata.name, ++n);
      if (stop.signal.aborted) break;
    }
  } else if (way === 'follow') {
    for await (const change of followCsrs(client, {}, '999', { signal: stop.signal })) {
      seen(change.type === 'ADDED' || change.type === 'MODIFIED' ? change.object.metadata.name : undefined, ++n);
      if (stop.signal.aborted) break;
    }
  } else {
    // The standby: its accept hook sees each pending CSR it queues, LAST among them.
    const sink = { write: () => true };
    const io = { stdout: sink, stderr: sink, readStdin: () => Promise.resolve(Buffer.alloc(0)), env: {}, cwd: '/' };
    await watchApproval(
      APPROVE,
      { pending: {}, failingOnly: false, dryRun: false, force: false, policy: { allow: new Set(), options: DEFAULT_POLICY } } as never,
      {
        io,
        now: () => new Date(),
        client,
        connection: {} as ClusterConnection,
        signal: stop.signal,
        hooks: {
          leading: () => false,
          accept: (csr) => {
            seen(csr.metadata.name, ++n);
            return true;
          },
          parallel: 64,
          judgeAtOnce: 16,
        },
      },
    );
  }
}

async function measure(): Promise<void> {
  tuneForApprover();
  const ways = values.ways.split(',') as Way[];
  for (const way of ways) if (!/^(tls|onread|bare|(stream|client|follow|standby)(\/https)?)$/.test(way)) throw new Error(`unknown way ${way}: ${WAYS.join(', ')}, or one of the last four with /https`);
  const events = Number(values.events);
  const gap = Number(values.gap);
  const dir = mkdtempSync(join(tmpdir(), 'watch-event-cpu-'));
  const { cert: ca } = localCertificate(dir);
  const self = process.argv[1]!;
  const child = spawn(process.execPath, [join(dirname(self), '..', 'run-ts.mjs'), self, '--serve', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [port, eventBytes] = await new Promise<number[]>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(String(d).trim().split(' ').map(Number)));
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  // As the approver's scoped connection: a signal, a count of requests in flight, a default deadline, HTTP/1.1.
  const options = { ca, headers: { Authorization: 'Bearer bench-token' }, rejectUnauthorized: true };
  const conn: Connection = { ...localConnection(port!, options), requestTimeoutMs: 30_000, signal: new AbortController().signal, requests: { inFlight: 0 }, http2: false };
  const once = async (way: Way, count: number): Promise<number> => {
    child.stdin.write(`${JSON.stringify({ events: count, gap })}\n`);
    let start: NodeJS.CpuUsage | undefined;
    let used: NodeJS.CpuUsage | undefined;
    await readWay(way, conn, ca, { first: () => (start = process.cpuUsage()), last: () => (used = process.cpuUsage(start)) });
    return (used!.user + used!.system) / (count - 1);
  };
  for (const way of ways) await once(way, Number(values.warm));
  const perEvent = new Map<Way, number[]>(ways.map((w) => [w, []]));
  for (let r = 0; r < Number(values.runs); r++) for (const way of ways) perEvent.get(way)!.push(await once(way, events));
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`${events} events a run (${eventBytes} bytes each on average), ${gap === 0 ? 'all at once' : `one every ${gap} ms`}, ${values.runs} runs, Node ${process.version}, load ${load}: µs of CPU per event\n`);
  for (const [way, runs] of perEvent) {
    runs.sort((a, b) => a - b);
    process.stdout.write(`  ${way.padEnd(8)} median ${runs[runs.length >> 1]!.toFixed(1).padStart(6)}  min ${runs[0]!.toFixed(1).padStart(6)}\n`);
  }
  child.stdin.end();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

if (values.serve) serve(values.serve);
else await measure();
