// approve|deny --pending --watch: the bulk run that keeps going. Every pending CSR that passes the filters, now and
// as they arrive or change, gets the same policy checks and the same decision as in a single run, and one
// timestamped line on stdout. It never asks, never approves what the policy blocks, and ends with exit 0 and a count
// when the signal aborts (SIGINT, SIGTERM). Issue 13: what kubelet-csr-approver does, without a Deployment.
import { rfc3339 } from '../../util/time-text.js';
import { CliError, ExitCode } from '../../errors.js';
import { printable } from '../../util/printable.js';
import { TaskPool } from '../../util/task-pool.js';
import { sleep } from '../../util/sleep.js';
import { ApiError, isFault } from '../../kube/api-error.js';
import type { RequestScope, Cluster, ListMemory } from '../../kube/api.js';
import { followCsrs } from '../../kube/follow-csrs.js';
import type { Csr } from '../../kube/csr.js';
import { findingIds, type Finding } from '../../policy/finding.js';
import type { Assessment } from '../../policy/assessment.js';
import type { Decision } from '../../kube/csr-decision.js';
import { describeFindings } from '../../output/findings.js';
import { assess } from '../shared/assess.js';
import { AlreadyDecidedError, decide } from '../shared/decide.js';
import type { WatchHooks } from '../shared/watch-hooks.js';
import type { ChangeApprovalDeps, ChangeApprovalOptions } from './change-approval.js';
import { denialMessage, isPendingMatch, isSelected } from './approval-selection.js';

export interface WatchApprovalDeps extends ChangeApprovalDeps {
  /** Ends the watch: SIGINT or SIGTERM in the CLI, the end of a test. */
  signal: AbortSignal;
  /** What the in-cluster approver adds: leader election, its own lines, events, metrics (issue 25). */
  hooks?: WatchHooks;
  /** The cluster with every request under a scope: SIGTERM's deadline, the count in flight (issue 27). */
  scoped?: (scope: RequestScope) => Cluster;
  /** What a list of many pages does for memory (follow-csrs.ts). */
  listMemory?: () => ListMemory;
}

type Options = Pick<ChangeApprovalOptions, 'failingOnly' | 'dryRun' | 'force' | 'reason' | 'message' | 'policy'> & {
  pending: NonNullable<ChangeApprovalOptions['pending']>;
};

const PARALLEL_REQUESTS = 16;
/** Between attempts at a batch that met a fault (the watch says when the server is gone; this only waits). */
const RETRY_BATCH_MS = 1000;
/** After SIGTERM, what is in flight gets this long to finish before its requests are abandoned. */
const STOP_DEADLINE_MS = 1500;
/** A request the kubeconfig gives no --request-timeout: unanswered after this, it is a fault and is tried again. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function watchApproval(decision: Decision, opts: Options, deps: WatchApprovalDeps): Promise<ExitCode> {
  const { io } = deps;
  const hooks = deps.hooks ?? {};
  const leading = hooks.leading ?? (() => true);
  const judgeAtOnce = hooks.judgeAtOnce ?? Infinity;
  // Ends on the caller's signal, or on a failure that is not the server's absence.
  // Two signals: `stop` ends the watch at once (the caller's signal, or a failure that is not a fault); `abandon`
  // ends the requests of decisions in flight, STOP_DEADLINE_MS later.
  const stop = new AbortController();
  const abandon = new AbortController();
  const signal = stop.signal;
  const requests = { inFlight: 0 };
  let abandoned = 0;
  let deadline: NodeJS.Timeout | undefined;
  const abandonAfterDeadline = () => {
    deadline ??= setTimeout(() => {
      abandoned = requests.inFlight;
      abandon.abort();
    }, STOP_DEADLINE_MS);
  };
  const onAbort = () => {
    const n = requests.inFlight;
    if (n > 0) io.stderr.write(`${stamp(deps.now())} stopping with ${n} request${n === 1 ? '' : 's'} in flight: reads end now, decisions get ${STOP_DEADLINE_MS / 1000}s\n`);
    stop.abort();
    abandonAfterDeadline();
  };
  // Its requests over HTTP/1.1 keep-alive connections. As streams of one HTTP/2 connection (http2: true, edfe8f3) the
  // leader spent less CPU per decision but decided later in every quiet storm pair (BENCHMARKS.md, issue 25).
  const scope = (s: AbortSignal) => deps.scoped?.({ signal: s, requests, defaultTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, http2: false }) ?? { client: deps.client, connection: deps.connection };
  const work = { ...deps, ...scope(abandon.signal), signal: abandon.signal };
  const { client } = scope(signal);
  const approving = decision.condition === 'Approved';
  const selector = { fieldSelector: opts.pending.signer ? `spec.signerName=${opts.pending.signer}` : undefined };
  const wanted = isPendingMatch(opts.pending);
  const suffix = opts.dryRun ? ' (dry run)' : '';
  const counts = { decided: 0, denied: 0, refused: 0, failed: 0 };
  // Its lines, and the approver's lines, Events and metrics, say nothing of what an approval grants.
  const policy = { ...opts.policy, withoutAccess: true };
  // All that is kept between events: the uids of the CSRs already decided, to skip their later events. A DELETED
  // event or a new list takes them out, so the set follows the cluster, not the history (csrcleaner deletes decided
  // CSRs after an hour).
  const decided = new Set<string>();
  const queue = new Map<string, Csr>();
  /** Taken from the queue and not yet decided (or put back): a CSR is never in two decisions at once. */
  const inFlight = new Set<string>();
  // Once stopped, what is queued waits for the next run: the Events still to post no longer give way to it.
  hooks.onDeciding?.(() => !signal.aborted && (queue.size > 0 || inFlight.size > 0));
  let draining: Promise<void> | null = null;
  let fatal: Error | undefined;
  /** Said once per run of faults, not once per CSR or per retry. */
  let faultSaid = false;
  let faultedBatch = false;
  const faulted = (what: string, err: Error) => {
    if (!faultSaid) io.stderr.write(`${stamp(deps.now())} ${printable(what)}: ${printable(err.message)}; nothing decided, kept in the queue and judged again\n`);
    faultSaid = true;
  };

  const line = (text: string) => io.stdout.write(`${stamp(deps.now())} ${printable(text)}\n`);

  const enqueue = (csr: Csr) => {
    const uid = csr.metadata.uid ?? csr.metadata.name!;
    if (inFlight.has(uid)) return; // its decision is under way; a fault puts it back with what it was judged on
    if (!decided.has(uid) && wanted(csr) && (hooks.accept?.(csr) ?? true)) queue.set(uid, csr);
    else queue.delete(uid); // decided meanwhile (by another replica): not ours to decide any more
  };

  /** 'again': not decided (not leading, or a fault); it goes back to the queue. */
  async function decideOne(a: Assessment, uid: string): Promise<'again' | undefined> {
    const name = a.csr.metadata.name!;
    // Leader election: a replica whose lease may have passed to another decides nothing, not even what it had begun.
    if (!leading()) return 'again';
    const selected = isSelected(decision, opts.failingOnly, a);
    if (!selected && !hooks.denyBlocked) {
      decided.add(uid);
      if (approving) {
        counts.refused++;
        if (hooks.report) await hooks.report({ result: 'refused', assessment: a });
        else line(`refused ${name}: ${describeFindings(a.blockers)} (to override, --allow ${ids(a.blockers)})`);
      }
      return;
    }
    const chosen = selected ? decision : hooks.denyBlocked!;
    const message = opts.message ?? (chosen.condition === 'Approved' ? undefined : denialMessage(chosen, a));
    try {
      if (!opts.dryRun) await decide(name, chosen, { force: opts.force, reason: opts.reason, message, initial: a.csr, alreadyIsError: hooks.report !== undefined, answerUnused: true }, work);
    } catch (err) {
      if (isFault(err) || abandon.signal.aborted) {
        // Decided when the server answers again. If the update was applied and only its answer lost, the next
        // attempt meets a Conflict, reads the CSR again and finds the decision: it is never made twice.
        if (!abandon.signal.aborted) faulted(`${name} not ${chosen.verb}`, err as Error);
        faultedBatch = true;
        return 'again';
      }
      if (err instanceof AlreadyDecidedError && hooks.report) {
        decided.add(uid); // another replica decided it first: its decision, its event
        return;
      }
      if (!(err instanceof CliError)) throw err;
      counts.failed++;
      if (hooks.report) await hooks.report({ result: 'failed', assessment: a, error: err.message });
      else line(`failed ${name}: ${err.message}`);
      return;
    }
    decided.add(uid);
    if (chosen === decision) counts.decided++;
    else counts.denied++;
    faultSaid = false;
    const warnings = a.findings.filter((f) => f.severity === 'warn');
    if (hooks.report) await hooks.report({ result: chosen.condition === 'Approved' ? 'approved' : 'denied', assessment: a, dryRun: opts.dryRun });
    else line(`${decision.verb} ${name}${suffix}${warnings.length ? ` (warnings: ${ids(warnings)})` : ''}`);
  }

  // Decisions run PARALLEL_REQUESTS at a time as they come: a batch's slowest request does not hold up the next batch
  // (issue 25, the storm). A failure that is not a fault ends the watch, as it did when a batch was awaited whole.
  const pool = new TaskPool(hooks.parallel ?? PARALLEL_REQUESTS, (err) => {
    fatal ??= asError(err);
    stop.abort();
  });
  const decideInPool = async (a: Assessment, uid: string) => {
    let again: 'again' | undefined = 'again';
    try {
      again = await decideOne(a, uid);
    } finally {
      inFlight.delete(uid);
      if (again && !decided.has(uid)) queue.set(uid, a.csr);
      if (queue.size > 0 && !signal.aborted && leading()) kick();
    }
  };

  /** Judges what has queued up, a batch at a time (one read of the cluster's facts per batch), and hands it to the pool. */
  async function drain(): Promise<void> {
    while (queue.size > 0 && !signal.aborted && leading()) {
      if (faultedBatch) {
        faultedBatch = false;
        await sleep(RETRY_BATCH_MS, signal);
        continue;
      }
      const batch: [string, Csr][] = [];
      for (const entry of queue) {
        if (batch.length === judgeAtOnce) break;
        batch.push(entry);
      }
      for (const [uid] of batch) queue.delete(uid);
      for (const [uid] of batch) inFlight.add(uid);
      let assessments: Assessment[];
      try {
        assessments = await assess(batch.map(([, csr]) => csr), work.connection, policy);
      } catch (err) {
        for (const [uid, csr] of batch) {
          inFlight.delete(uid);
          if (!queue.has(uid)) queue.set(uid, csr);
        }
        if (signal.aborted) return;
        if (!isFault(err)) throw err;
        faulted(`${batch.length} CSR${batch.length === 1 ? '' : 's'} not judged`, err as Error);
        await sleep(RETRY_BATCH_MS, signal);
        continue;
      }
      for (const [i, a] of assessments.entries()) {
        await pool.room();
        const uid = batch[i]![0];
        if (signal.aborted) {
          inFlight.delete(uid); // stopping: what has not started is left for the next run
          continue;
        }
        pool.push(() => decideInPool(a, uid));
      }
    }
  }

  // Called on every event: a drain under way takes what was queued meanwhile, so nothing is added to it.
  const kick = () => {
    if (draining) return;
    draining = drain().finally(() => {
      draining = null;
      if (queue.size > 0 && !signal.aborted && leading()) kick();
    });
    draining.catch((err: unknown) => {
      fatal ??= asError(err);
      stop.abort();
    });
  };

  deps.signal.addEventListener('abort', onAbort, { once: true });
  if (deps.signal.aborted) onAbort();
  try {
    let synced = false;
    const changes = followCsrs(client, selector, null, {
      signal,
      listMemory: deps.listMemory,
      reconnect: {
        alsoRetry: hooks.retryForbidden ? isForbidden : undefined,
        lost: (err, neverReached) => {
          if (isForbidden(err)) {
            io.stderr.write(`${stamp(deps.now())} forbidden to list or watch certificatesigningrequests (${printable(err.message)}); trying again with backoff as client-go's reflector does (RBAC may still be loading after an API server start, or the ClusterRole is missing)\n`);
            return;
          }
          hooks.restarted?.('lost');
          io.stderr.write(`${stamp(deps.now())} ${neverReached ? 'waiting for the API server' : 'lost the API server'} (${printable(err.message)}); retrying with backoff\n`);
        },
        back: () => io.stderr.write(`${stamp(deps.now())} watching again\n`),
      },
    });
    // Of the CSRs a list's pages hold, only the uids this run keeps (decided, queued, in flight): every page is let go as soon
    // as its pending CSRs are queued, so a start among thousands of decided CSRs holds none of them (issue 25).
    let present = new Set<string>();
    for await (const change of changes) {
      if (change.type === 'LISTED') {
        // A page of the first list (the watch waits for a server not up yet), or of one after a 410 Gone.
        if (change.first) present = new Set();
        for (const csr of change.items) {
          const uid = csr.metadata.uid ?? csr.metadata.name!;
          enqueue(csr);
          // In flight too: a decision that meets a fault puts its CSR back in the queue, after its page was read.
          if (decided.has(uid) || queue.has(uid) || inFlight.has(uid)) present.add(uid);
        }
        continue;
      } else if (change.type === 'RELISTED') {
        // The list is whole: what it did not hold is gone (deleted between two lists, or since a page of a list
        // that started over), and a decision in flight finds that out from its own request.
        if (synced) hooks.restarted?.('relist');
        for (const uid of decided) if (!present.has(uid)) decided.delete(uid);
        for (const uid of queue.keys()) if (!present.has(uid)) queue.delete(uid);
        present = new Set();
        if (!synced) {
          synced = true;
          hooks.synced?.();
          kick();
          hooks.onLeading?.(kick);
        }
      } else if (change.type === 'DELETED') {
        const uid = change.object.metadata.uid ?? change.object.metadata.name!;
        decided.delete(uid);
        queue.delete(uid);
        continue;
      } else {
        enqueue(change.object);
      }
      kick();
    }
  } catch (err) {
    fatal ??= asError(err);
    stop.abort();
  }
  // Ending: what is in flight finishes within the deadline (each decision is one PUT); what is queued is left for
  // the next run, which judges it again.
  abandonAfterDeadline();
  await (draining as Promise<void> | null)?.catch(() => {});
  await pool.idle();
  clearTimeout(deadline);
  if (abandoned > 0) io.stderr.write(`${stamp(deps.now())} abandoned ${abandoned} request${abandoned === 1 ? '' : 's'} still in flight after ${STOP_DEADLINE_MS / 1000}s; their CSRs are judged again by the next run\n`);
  deps.signal.removeEventListener('abort', onAbort);
  // The approver's deny step (hooks.denyBlocked) is counted apart: "approved 3" must not include a denial.
  const denials = hooks.denyBlocked ? `, ${hooks.denyBlocked.verb} ${counts.denied}` : '';
  io.stderr.write(`${decision.verb} ${counts.decided}${suffix}${denials}, refused by policy ${counts.refused}, failed ${counts.failed}\n`);
  if (fatal !== undefined) throw fatal;
  return ExitCode.ok;
}

function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function ids(findings: Finding[]): string {
  return findingIds(findings).join(',');
}

function stamp(now: Date): string {
  return rfc3339(now);
}
