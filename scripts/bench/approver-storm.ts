// The approver under a storm of node certificates (issue 25): N node identities send kubelet-serving CSRs at once
// (a tenth with an IP SAN that is not their Node's), against two replicas of `approver run --leader-elect` started
// as pods are (tests' harness: a private control plane, the manifest's service account with a real token). Checks
// that every CSR was decided, and correctly (approved, or denied with san-not-node-address), once; measures the
// latency from each CSR's creation (the create call's answer) to its decision (the leader's JSON line), decisions per
// second, and the leader's peak RSS (VmHWM), per storm size; and where the CPU went meanwhile (each process's user +
// system time from /proc: the API server, etcd, the controller manager that signs, both replicas, and this process,
// which creates the CSRs), since on a small machine they all share the cores. Writes its section of BENCHMARKS.md
// with the load average. Each round starts without the earlier rounds' CSRs; the log gives each round's first seconds
// (created and decided by each half second) and the leader's CPU while the CSRs were being created.
//
// --approver bare,ours runs each storm size against scripts/bench/bare-approver.ts too (a watch and the same writes,
// no policy, --bare-parallel decisions at a time, by default as many as `approver run` has in flight, with a watch-only
// standby): the ceiling, in the same conditions.
// `before` runs the binary --before-bin (built from an earlier commit) the same way: before and after in one run.
//
// --trace DIR: the replicas (not bare) run with approver-storm-trace.cjs preloaded, and each round prints where its CSRs'
// time went (approver-storm-phases.ts): to the leader's watch, queued in the leader, its PUT written, the API server.
//
// --split-cores: the control plane and this process (the nodes) on the first core, both replicas on the second, as in a
// cluster whose approver runs on a worker node, not on the control plane's cores (taskset; two cores or more).
//
// --apiserver-profile DIR: kube-apiserver runs with --profiling, and each round writes its CPU profile from the first
// create to about the last decision (DIR/apiserver-ROUND-KIND.pprof; `go tool pprof -top FILE`): what our requests cost it.
//
// --perf DIR: `perf record -e cpu-clock` of the leader and of the standby from the first create to the last decision
// (DIR/perf-ROUND-KIND.data, perf-ROUND-KIND-standby.data), and each round prints where their CPU went
// (approver-storm-perf.ts): by kind of work, by JIT tier, by JavaScript function.
//
//   npm run bench:approver-storm -- [--nodes 200] [--csrs 1000,2000,5000] [--approver ours|bare,ours] [--bare-parallel 96] [--profile DIR] [--trace DIR] [--apiserver-profile DIR] [--perf DIR] [--before-bin FILE] [--no-write]
//
// Not part of `npm run bench` and not a test: run it on a quiet machine (load below 3), it takes minutes.
import { copyFileSync, existsSync, readFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { loadavg, tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync, spawn } from 'node:child_process';
import { api, credentialsFrom, eventually, type Credentials } from '../../test/e2e/api.js';
import { buildControlPlane } from '../../test/e2e/harness/build.js';
import { startControlPlane } from '../../test/e2e/harness/control-plane.js';
import { freePort, onExit } from '../../test/e2e/harness/processes.js';
import { CSRS, SERVING, installApprover, makeNode, sendCsr, servingCsrFrom, startReplica, type Replica } from '../../test/e2e/approver-fixture.js';
import { mapLimit } from '../../src/util/map-limit.js';
import { runMain } from './run-main.js';
import { phaseLines, type Trace } from './approver-storm-phases.js';
import { cpuLines, recordCpu } from './approver-storm-perf.js';
import { CPU_NAMES, CREATE_CONCURRENCY, section, writeSection, type ApproverKind, type StormResult } from './approver-storm-report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => process.stderr.write(`storm: ${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '200' }, csrs: { type: 'string', default: '1000,2000,5000' }, approver: { type: 'string', default: 'ours' }, 'bare-parallel': { type: 'string', default: '96' }, profile: { type: 'string' }, trace: { type: 'string' }, 'apiserver-profile': { type: 'string' }, perf: { type: 'string' }, 'split-cores': { type: 'boolean' }, 'before-bin': { type: 'string' }, 'no-write': { type: 'boolean' } } });
  const kinds = values.approver.split(',') as ApproverKind[];
  if (!kinds.every((k) => k === 'ours' || k === 'bare' || (k === 'before' && values['before-bin']))) throw new Error(`--approver ${values.approver}: ours, bare, before (with --before-bin), or several`);
  const bareParallel = Number(values['bare-parallel']);
  const nodes = Number(values.nodes);
  const sizes = values.csrs.split(',').map(Number);
  const loadBefore = loadavg()[0]!;
  log(`load average ${loadBefore.toFixed(2)} on ${cpus().length} cores`);
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 2, 'inherit'] });
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-storm-'));
  const plane = await startControlPlane({ dir: join(work, 'cluster'), binDir: buildControlPlane(), apiServerArgs: values['apiserver-profile'] ? ['--profiling=true'] : [] });
  onExit(() => plane.killNow());
  const results: StormResult[] = [];
  try {
    const admin = credentialsFrom(plane.kubeconfigs.admin);
    const account = installApprover(plane.kubectl, plane.kubeconfigs.admin, readFileSync(plane.caCert, 'utf8'), work);
    log(`${nodes} Nodes`);
    await mapLimit(Array.from({ length: nodes }, (_, i) => i), 16, (i) => makeNode(admin, nodeName(i), nodeIp(i)));
    const [etcd, apiServer, controllerManager] = plane.pids as [number, number, number];
    if (values['split-cores']) for (const pid of [etcd, apiServer, controllerManager, process.pid]) pinTo(pid, '0');
    const cluster = { etcd, apiServer, controllerManager };
    let round = 0;
    for (const size of sizes) {
      for (const kind of kinds) {
        // Each round in a cluster without the earlier rounds' CSRs: a leader that lists thousands of decided CSRs
        // starts bigger (issue 25), which would hide what the storm itself adds as it grows.
        const listed = await clearEarlierRounds(admin);
        results.push({ ...(await storm(admin, plane.server, cluster, account, work, nodes, size, round++, kind, bareParallel, { profile: values.profile, trace: values.trace, apiServerProfile: values['apiserver-profile'], perf: values.perf, approverCpus: values['split-cores'] ? '1' : undefined }, values['before-bin'])), listed });
      }
    }
  } finally {
    await plane.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const flags = values.approver === 'ours' ? '' : ` --approver ${values.approver}${kinds.includes('bare') ? ` --bare-parallel ${bareParallel}` : ''}${kinds.includes('before') ? ' --before-bin BIN' : ''}`;
  const markdown = section(results, nodes, loadBefore, flags);
  process.stdout.write(markdown + '\n');
  if (!values['no-write']) writeSection(join(root, 'BENCHMARKS.md'), markdown, log);
  return results.every((r) => r.correct === r.csrs) ? 0 : 1;
}

/** Every CSR of this signer in the bench's private cluster is an earlier round's. */
const STORM_CSRS = `${CSRS}?fieldSelector=${encodeURIComponent(`spec.signerName=${SERVING}`)}`;
/** The Events the approvers recorded on them (cluster-scoped objects' Events go to default). */
const STORM_EVENTS = `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent('involvedObject.kind=CertificateSigningRequest')}`;

/**
 * Deletes the earlier rounds' CSRs and their Events and waits until a list no longer shows them; returns how many
 * CSRs are left, which the next leader lists when it starts (0 unless the deletion failed).
 */
async function clearEarlierRounds(admin: Credentials): Promise<number> {
  const count = async (path: string) => ((await api(admin, 'GET', path)).body.items as unknown[]).length;
  if ((await count(STORM_CSRS)) === 0) return 0;
  for (const path of [STORM_CSRS, STORM_EVENTS]) {
    // The server goes on deleting if the call times out on our side; the wait below is what counts.
    await api(admin, 'DELETE', path).catch((e: Error) => log(`delete ${path}: ${e.message}; waiting for the server`));
  }
  await eventually('the earlier rounds\' CSRs and Events deleted', async () => ((await count(STORM_CSRS)) + (await count(STORM_EVENTS)) === 0 ? true : undefined), 300_000);
  return count(STORM_CSRS);
}

const nodeName = (i: number) => `storm-node-${i}`;
const nodeIp = (i: number) => `10.${100 + Math.floor(i / 250)}.${i % 250}.1`;

/** What the replicas are run with besides their flags: a CPU profile, a trace (approver-storm-trace.cjs). */
interface Observe {
  profile?: string;
  trace?: string;
  apiServerProfile?: string;
  /** `perf record` of the leader: a directory for its data. */
  perf?: string;
  /** The cores the replicas may run on (--split-cores). */
  approverCpus?: string;
}

interface ClusterPids {
  etcd: number;
  apiServer: number;
  controllerManager: number;
}

async function storm(admin: Credentials, server: string, pids: ClusterPids, account: string, work: string, nodes: number, size: number, round: number, kind: ApproverKind, bareParallel: number, observe: Observe, beforeBin?: string): Promise<Omit<StormResult, 'listed'>> {
  const replicas: Replica[] = [];
  const metricsPorts: number[] = [];
  const args = async () => {
    metricsPorts.push(await freePort());
    return ['--leader-elect', '--log-format=json', `--metrics-bind-address=127.0.0.1:${metricsPorts.at(-1)}`, `--health-probe-bind-address=127.0.0.1:${await freePort()}`, `--leader-elect-id=storm-${round}`];
  };
  // The bare approver denies the names the storm gives a foreign SAN (every tenth: index ending in 9).
  const nodeOptions = [...(observe.perf ? ['--perf-basic-prof-only-functions'] : []), ...(observe.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(observe.profile)}`] : []), ...(observe.trace ? ['--require', join(root, 'scripts', 'bench', 'approver-storm-trace.cjs')] : [])];
  const env: Record<string, string> = { ...(nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}), ...(observe.trace ? { KUBECTL_CSR_STORM_TRACE: resolve(observe.trace) } : {}) };
  const bare = (extra: string[]) => startBare(server, account, ['--parallel', String(bareParallel), '--deny', `^storm-${round}-\\d*9$`, ...extra], env);
  try {
    // --profile DIR: the leader writes a V8 CPU profile there when it ends; --trace DIR: its requests' times.
    const bin = kind === 'before' ? resolve(beforeBin!) : undefined;
    const pinned = (r: Replica) => (observe.approverCpus && pinTo(r.child.pid!, observe.approverCpus), r);
    replicas.push(pinned(kind !== 'bare' ? startReplica(server, account, work, await args(), env, bin) : bare([])));
    const leader = replicas[0]!;
    const ready = kind !== 'bare' ? /became leader/ : /bare: synced/;
    await eventually('the first replica leads', () => Promise.resolve(ready.test(leader.err()) ? true : undefined), 60_000);
    replicas.push(pinned(kind !== 'bare' ? startReplica(server, account, work, await args(), env, bin) : bare(['--watch-only'])));
    await new Promise((r) => setTimeout(r, 2000)); // the standby lists and watches

    const names = Array.from({ length: size }, (_, i) => `storm-${round}-${i}`);
    const foreign = new Set(names.filter((_, i) => i % 10 === 9));
    log(`${kind} approver: ${size} CSRs from ${nodes} nodes, ${foreign.size} with a foreign IP SAN`);
    // Each node's key and request are made before the clock starts: nodes make them on their own machines, not on the
    // cores that the API server and the approver share here (0.47 ms of CPU per CSR in this process, timed before).
    const csrs = names.map((name, i) => servingCsrFrom(name, nodeName(i % nodes), foreign.has(name) ? `192.0.2.${(i % 250) + 1}` : nodeIp(i % nodes)));
    const requestsBefore = await serverRequests(admin);
    const created = new Map<string, number>();
    const standby = replicas[1]!;
    const cpuOf = () => [cpuSeconds(pids.apiServer), cpuSeconds(pids.etcd), cpuSeconds(pids.controllerManager), cpuSeconds(leader.child.pid!), cpuSeconds(standby.child.pid!), ownCpuSeconds()];
    const cpuBefore = cpuOf();
    const rssBeforeMib = rssMibOf(leader.child.pid!, 'VmRSS');
    const started = Date.now();
    // The monotonic clock (µs), which a --profile's sample times use: the storm's start in the leader's profile.
    log(`first create at monotonic ${process.hrtime.bigint() / 1000n} µs`);
    const offsetMs = Date.now() - Number(process.hrtime.bigint() / 1000n) / 1000;
    // About the round's length: creation and decisions ran at 300-480 a second in the quiet runs.
    const perfFile = (who: string) => join(resolve(observe.perf!), `perf-${round}-${kind}${who}.data`);
    const cpuRecords = observe.perf ? (mkdirSync(resolve(observe.perf), { recursive: true }), [recordCpu(leader.child.pid!, perfFile('')), recordCpu(standby.child.pid!, perfFile('-standby'))]) : [];
    const serverProfile = observe.apiServerProfile ? apiServerProfile(admin, Math.ceil(size / 400) + 1, join(resolve(observe.apiServerProfile), `apiserver-${round}-${kind}.pprof`)) : null;
    await mapLimit(csrs, CREATE_CONCURRENCY, async (csr) => {
      created.set(csr.name, (await sendCsr(admin, csr)).created);
    });
    const createdAll = Date.now();
    const leaderCpuCreating = cpuSeconds(leader.child.pid!) - cpuBefore[3]!;
    log(`created in ${((createdAll - started) / 1000).toFixed(1)} s; waiting for the decisions`);
    const decisions = () => new Map(leader.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { ts: string; csr: string; msg: string }).filter((d) => created.has(d.csr)).map((d) => [d.csr, d]));
    await eventually(`${size} decisions`, () => Promise.resolve(decisions().size >= size ? true : undefined), 600_000);
    const rssMib = rssMibOf(leader.child.pid!, 'VmHWM');
    await Promise.all(cpuRecords.map((r) => r.stop()));
    if (serverProfile) log(`kube-apiserver's CPU profile: ${await serverProfile}`);
    const cpuAfter = cpuOf();
    const cpu = Object.fromEntries(CPU_NAMES.map((name, i) => [name, cpuAfter[i]! - cpuBefore[i]!])) as StormResult['cpu'];
    const requestsAfter = await serverRequests(admin);
    const requests = Object.fromEntries(Object.entries(requestsAfter).map(([k, v]) => [k, v - (requestsBefore[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
    const decided = decisions();

    // Correct, and once: the server's conditions, not only the log.
    const list = (await api(admin, 'GET', CSRS)).body.items as { metadata: { name: string }; status?: { conditions?: { type: string; message?: string }[] } }[];
    let correct = 0;
    for (const csr of list.filter((c) => created.has(c.metadata.name))) {
      const conds = (csr.status?.conditions ?? []).filter((c) => c.type === 'Approved' || c.type === 'Denied');
      const want = foreign.has(csr.metadata.name) ? 'Denied' : 'Approved';
      if (conds.length === 1 && conds[0]!.type === want && (want === 'Approved' || /san-not-node-address/.test(conds[0]!.message ?? ''))) correct++;
    }
    const latencies = [...decided.values()].map((d) => Date.parse(d.ts) - created.get(d.csr)!).sort((a, b) => a - b);
    const last = Math.max(...[...decided.values()].map((d) => Date.parse(d.ts)));
    const seconds = (last - started) / 1000;
    const decidedWhileCreating = [...decided.values()].filter((d) => Date.parse(d.ts) <= createdAll).length;
    const createSeconds = (createdAll - started) / 1000;
    const result = { approver: kind, csrs: size, nodes, foreign: foreign.size, correct, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), max: latencies.at(-1)!, perSecond: size / seconds, rssMib, rssBeforeMib, seconds, createSeconds, decidedWhileCreating, cpu, requests, load: loadavg()[0]! };
    log(JSON.stringify(result));
    log(`leader CPU while creating ${leaderCpuCreating.toFixed(2)} s; ${timeline(started, [...created.values()], [...decided.values()].map((d) => Date.parse(d.ts)))}`);
    // Watches lost or listed again (410 Gone) during the round: a slow reader of its watch is cut off by the server.
    for (const [i, port] of metricsPorts.entries()) {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      log(`replica ${i}: ${text.split('\n').filter((l) => l.startsWith('kubectl_csr_approver_watch_restarts_total')).join('; ') || 'no watch restarts'}`);
    }
    // What the replicas said besides their decisions: a lost watch or a relist would show here.
    for (const [i, r] of replicas.entries()) for (const line of r.err().split('\n').filter((l) => /lost|relist|watching again|cannot|forbidden|not judged/.test(l)).slice(0, 5)) log(`replica ${i}: ${line}`);
    for (const r of replicas) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    const traced = observe.trace ? join(resolve(observe.trace), `trace-${leader.child.pid}.json`) : null;
    if (observe.perf) for (const [who, file] of [['leader', perfFile('')], ['standby', perfFile('-standby')]]) for (const line of cpuLines(who!, file!, (started - offsetMs) / 1000, (last - offsetMs) / 1000, size)) log(line);
    // V8's names for the code it compiled (--perf-basic-prof-only-functions), which `perf script` reads from /tmp:
    // kept beside their data (copy them back to /tmp to read the data again).
    if (observe.perf) {
      const map = (pid: number) => `/tmp/perf-${pid}.map`;
      for (const r of replicas) if (existsSync(map(r.child.pid!))) copyFileSync(map(r.child.pid!), join(resolve(observe.perf), `perf-${r.child.pid}.map`));
      for (const r of replicas) rmSync(map(r.child.pid!), { force: true });
    }
    if (traced && existsSync(traced)) for (const line of phaseLines(JSON.parse(readFileSync(traced, 'utf8')) as Trace, created, new Map([...decided].map(([name, d]) => [name, Date.parse(d.ts)])), started, offsetMs)) log(line);
    return result;
  } finally {
    for (const r of replicas) r.child.kill('SIGKILL');
  }
}

/** Every thread of the process on these cores (taskset -a -p); threads it starts later inherit them. */
function pinTo(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** kube-apiserver's CPU profile over the next `seconds` (Go's /debug/pprof/profile), written to `file`. */
function apiServerProfile(admin: Credentials, seconds: number, file: string): Promise<string> {
  return new Promise((resolvePath, reject) => {
    const req = httpsRequest(new URL(`/debug/pprof/profile?seconds=${seconds}`, admin.server), { ca: admin.ca, headers: { Authorization: `Bearer ${admin.token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`kube-apiserver's profile: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, Buffer.concat(chunks));
        resolvePath(file);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The bare approver (scripts/bench/bare-approver.ts) as a process of its own, as `approver run` is. */
function startBare(server: string, account: string, args: string[], env: Record<string, string>): Replica {
  const child = spawn(process.execPath, [join(root, 'scripts', 'run-ts.mjs'), join(root, 'scripts', 'bench', 'bare-approver.ts'), '--server', server, '--account', account, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => stdout, err: () => stderr, exited, identity: () => undefined };
}

/**
 * The API server's count of requests answered for the storm's resources, by verb, resource, subresource and code
 * (apiserver_request_total; a node's CSR create is impersonated, so the count cannot say who sent it).
 */
async function serverRequests(admin: Credentials): Promise<Record<string, number>> {
  const text = (await api(admin, 'GET', '/metrics')).body as string;
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const label = (name: string) => new RegExp(`[{,]${name}="([^"]*)"`).exec(line)?.[1] ?? '';
    const resource = label('resource');
    if (!['certificatesigningrequests', 'events', 'leases', 'nodes'].includes(resource)) continue;
    const sub = label('subresource');
    const key = `${label('verb')} ${resource}${sub ? `/${sub}` : ''} ${label('code')}`;
    counts[key] = (counts[key] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return counts;
}

/** Created and decided by each half second from the first create: how the leader kept up in the storm's first seconds. */
function timeline(started: number, created: number[], decided: number[]): string {
  const upTo = (times: number[], t: number) => times.filter((x) => x <= t).length;
  const steps: string[] = [];
  for (let t = started + 500; steps.length < 40; t += 500) {
    steps.push(`${upTo(created, t)}/${upTo(decided, t)}`);
    if (upTo(decided, t) === decided.length) break;
  }
  return `created/decided by each 0.5 s: ${steps.join(' ')}`;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** User + system time of a process, in seconds (/proc/PID/stat's utime and stime, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** VmRSS: resident memory now; VmHWM: the most it ever was. */
function rssMibOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)![1]) / 1024;
}


runMain(main, log);
