// The in-cluster approver judges on a thread of its own (issue 25): decoding each request, checking its signature and
// running the policy were about 30% of the leader's busy time, and under a storm the leader shares two cores with the
// API server, etcd and the controller manager; a process with a second busy thread gets a larger share of them. The
// main thread keeps the watch, the queue, the reads of the facts, the PUTs and the Events.
//
// The worker runs the same code as assess() (judge-worker.ts). What it answers is checked before it is used, and the
// blockers are worked out here from its findings, as assessAll does. A worker that exits, throws, or answers what does
// not parse is a JudgeFault: the batch is not judged, and the watch keeps it queued and judges it again (a fault is
// never a decision); the next batch starts a new worker.
import { Worker } from 'node:worker_threads';
import { getRawAsset, isSea } from 'node:sea';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ClusterConnection } from '../../kube/api.js';
import type { Csr } from '../../kube/csr.js';
import type { RbacRead } from '../../kube/rbac-objects.js';
import type { Assessment, PolicySettings } from '../../policy/assessment.js';
import { blocking, type Finding } from '../../policy/finding.js';
import type { FromJudge, Judged, ToJudge } from './judge-messages.js';

/** The judge thread failed a batch: nothing was judged, so nothing may be decided on it. */
export class JudgeFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JudgeFault';
  }
}

export interface JudgeThread {
  /** assess(csrs, connection, settings), judged on the thread; rejects with JudgeFault when the thread fails it. */
  judge(csrs: Csr[], connection: ClusterConnection): Promise<Assessment[]>;
  /** Ends the thread (the batch in flight, if any, fails with a JudgeFault). */
  close(): Promise<void>;
}

/** How a worker is started: the tests start ones that misbehave. */
export type StartWorker = (settings: PolicySettings) => Worker;

export function judgeThread(settings: PolicySettings, start: StartWorker = startJudgeWorker): JudgeThread {
  let current: Running | undefined;
  let batches = 0;
  const rbacIds = new WeakMap<RbacRead, number>();
  let rbacCount = 0;

  const running = (): Running => {
    if (current && !current.ended) return current;
    const worker = start(settings);
    // Held only while it judges: an idle worker left over must not keep the process up.
    worker.unref();
    const r: Running = { worker, ended: false, pending: new Map(), rbacSent: undefined };
    const fail = (why: string) => {
      if (r.ended) return;
      r.ended = true;
      for (const { reject } of r.pending.values()) reject(new JudgeFault(why));
      r.pending.clear();
      void worker.terminate();
    };
    worker.on('message', (m: unknown) => {
      const batch = isRecord(m) && typeof m.batch === 'number' ? m.batch : undefined;
      const waiting = batch === undefined ? undefined : r.pending.get(batch);
      if (!waiting) return fail('the judge thread answered a batch nobody asked for');
      r.pending.delete(batch!);
      if (r.pending.size === 0) worker.unref();
      waiting.resolve(m as FromJudge);
    });
    worker.on('messageerror', (err) => fail(`an answer of the judge thread could not be read: ${err.message}`));
    worker.on('error', (err) => fail(`the judge thread failed: ${err.message}`));
    worker.on('exit', (code) => fail(`the judge thread exited (code ${code})`));
    current = r;
    return r;
  };

  const ask = (r: Running, message: ToJudge): Promise<FromJudge> =>
    new Promise((resolve, reject) => {
      if (r.ended) return reject(new JudgeFault('the judge thread has ended'));
      r.pending.set(message.batch, { resolve, reject });
      r.worker.ref();
      r.worker.postMessage(message);
    });

  // Started now, not with the first batch: a storm should not wait for the worker to compile the bundle.
  running();
  return {
    async judge(csrs, connection) {
      const r = running();
      const batch = ++batches;
      const decoded = await ask(r, { kind: 'decode', batch, csrs });
      if (!('nodeNames' in decoded) || !Array.isArray(decoded.nodeNames) || !decoded.nodeNames.every((n) => typeof n === 'string')) throw refused(r, decoded);
      let facts;
      try {
        facts = await connection.readFacts(decoded.nodeNames);
      } catch (err) {
        if (!r.ended) r.worker.postMessage({ kind: 'drop', batch } satisfies ToJudge);
        throw err;
      }
      let rbacId = rbacIds.get(facts.rbac);
      if (rbacId === undefined) rbacIds.set(facts.rbac, (rbacId = ++rbacCount));
      const send = r.rbacSent !== rbacId;
      r.rbacSent = rbacId;
      const judged = await ask(r, { kind: 'assess', batch, rbacId, rbac: send ? facts.rbac : undefined, nodes: facts.nodes, nodesUnreadable: facts.nodesUnreadable });
      if (!('assessments' in judged) || !Array.isArray(judged.assessments) || judged.assessments.length !== csrs.length || !judged.assessments.every(isJudged)) throw refused(r, judged);
      return judged.assessments.map((j, i) => ({ csr: csrs[i]!, request: j.request, findings: j.findings, blockers: blocking(j.findings, settings.allow), access: j.access, broadest: j.broadest }));
    },
    async close() {
      const r = current;
      current = undefined;
      if (r && !r.ended) await r.worker.terminate();
    },
  };
}

interface Running {
  worker: Worker;
  ended: boolean;
  pending: Map<number, { resolve: (m: FromJudge) => void; reject: (err: Error) => void }>;
  /** The id of the RBAC objects this worker holds. */
  rbacSent: number | undefined;
}

/** An answer that is not the one asked for: the batch is a fault, and this worker is not asked again. */
function refused(r: Running, answer: FromJudge): JudgeFault {
  const why = 'error' in answer && typeof answer.error === 'string' ? `the judge thread failed a batch: ${answer.error}` : 'the judge thread answered what does not parse';
  r.ended = true;
  for (const { reject } of r.pending.values()) reject(new JudgeFault(why));
  r.pending.clear();
  void r.worker.terminate();
  return new JudgeFault(why);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['block', 'warn', 'info']);

function isFinding(f: unknown): f is Finding {
  return isRecord(f) && typeof f.id === 'string' && SEVERITIES.has(f.severity) && typeof f.message === 'string';
}

function isJudged(j: unknown): j is Judged {
  return (
    isRecord(j) &&
    Array.isArray(j.findings) &&
    j.findings.every(isFinding) &&
    (j.request === null || isRecord(j.request)) &&
    (j.access === null || isRecord(j.access)) &&
    (j.broadest === null || isRecord(j.broadest))
  );
}

/**
 * The worker runs the very code this thread runs. In the single executable, that is the bundle, an asset of the
 * binary (a worker there cannot load a file by path): its source is handed to the worker, which compiles it with the
 * flag that makes src/bin.ts serve the judge instead of the command line. `node dist/kubectl-csr.cjs` hands its own
 * file the same way; run from the sources (the tests), the worker imports judge-worker.ts.
 */
export function startJudgeWorker(settings: PolicySettings): Worker {
  if (isSea()) return bundleWorker(Buffer.from(getRawAsset(BUNDLE_ASSET) as ArrayBuffer).toString('latin1'), process.execPath, settings);
  if (typeof __filename === 'string') {
    const text = readFileSync(__filename, 'latin1').replace(/^#!.*/, '');
    return bundleWorker(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, __filename, settings);
  }
  // Node 20 does not run the process's --import modules in a worker: the tests' TypeScript loader is one of them.
  const preloads = process.execArgv.flatMap((a) => (a.startsWith('--import=') ? [a.slice('--import='.length)] : [])).map((p) => (/^\.{0,2}\//.test(p) ? pathToFileURL(p).href : p));
  const entry = new URL(`./judge-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url).href;
  const code = `(async () => { for (const p of ${JSON.stringify(preloads)}) await import(p); (await import(${JSON.stringify(entry)})).serveJudge(); })()`;
  return new Worker(code, { eval: true, workerData: { settings }, resourceLimits: JUDGE_LIMITS });
}

/**
 * What a batch allocates (each request decoded, its findings) dies with its answer: a young generation of a few MB
 * holds it, where V8's default lets it grow to 16 MB a semi-space, resident for the life of the approver.
 */
const JUDGE_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** The asset src/build/bundle-script.ts runs the bundle from (BUNDLE_ASSET there; build/ is not imported at run time). */
const BUNDLE_ASSET = 'kubectl-csr.cjs';

/** The global src/bin.ts reads to serve the judge. */
const JUDGE_FLAG = '__kubectlCsrJudge';

function bundleWorker(source: string, filename: string, settings: PolicySettings): Worker {
  const boot = [
    "const { workerData } = require('node:worker_threads');",
    "const { Script } = require('node:vm');",
    `globalThis.${JUDGE_FLAG} = true;`,
    'const run = new Script(workerData.source, { filename: workerData.filename }).runInThisContext();',
    'workerData.source = undefined;',
    'const module = { exports: {} };',
    "run.call(module.exports, module.exports, require, module, workerData.filename, require('node:path').dirname(workerData.filename));",
  ].join('\n');
  return new Worker(boot, { eval: true, workerData: { settings, source, filename }, resourceLimits: JUDGE_LIMITS });
}
