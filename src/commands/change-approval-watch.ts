// approve|deny --pending --watch: the bulk run that keeps going. Every pending CSR that passes the filters, now and
// as they arrive or change, gets the same policy checks and the same decision as in a single run, and one
// timestamped line on stdout. It never asks, never approves what the policy blocks, and ends with exit 0 and a count
// when the signal aborts (SIGINT, SIGTERM). Issue 13: what kubelet-csr-approver does, without a Deployment.
import { CliError, ExitCode } from '../errors.js';
import { printable } from '../util/printable.js';
import { mapLimit } from '../util/map-limit.js';
import { followCsrs, isTransient } from '../kube/follow-csrs.js';
import type { Csr } from '../kube/csr.js';
import type { Finding } from '../policy/finding.js';
import type { Assessment } from '../policy/assessment.js';
import type { Decision } from '../kube/csr-decision.js';
import { describeFindings } from '../output/findings.js';
import { assess } from './shared/assess.js';
import { AlreadyDecidedError, decide } from './shared/decide.js';
import type { WatchHooks } from './shared/watch-hooks.js';
import { denialMessage, isPendingMatch, type ChangeApprovalDeps, type ChangeApprovalOptions } from './change-approval.js';

export interface WatchApprovalDeps extends ChangeApprovalDeps {
  /** Ends the watch: SIGINT or SIGTERM in the CLI, the end of a test. */
  signal: AbortSignal;
  /** What the in-cluster approver adds: leader election, its own lines, events, metrics (issue 25). */
  hooks?: WatchHooks;
}

type Options = Pick<ChangeApprovalOptions, 'failingOnly' | 'dryRun' | 'force' | 'reason' | 'message' | 'policy'> & {
  pending: NonNullable<ChangeApprovalOptions['pending']>;
};

const PARALLEL_REQUESTS = 16;
/** Between attempts at a batch that met a server gone away (the watch says so; this only waits). */
const RETRY_BATCH_MS = 2000;

export async function watchApproval(decision: Decision, opts: Options, deps: WatchApprovalDeps): Promise<ExitCode> {
  const { io, client } = deps;
  const hooks = deps.hooks ?? {};
  const leading = hooks.leading ?? (() => true);
  // Ends on the caller's signal, or on a failure that is not the server's absence.
  const stop = new AbortController();
  const signal = stop.signal;
  const onAbort = () => stop.abort();
  deps.signal.addEventListener('abort', onAbort, { once: true });
  if (deps.signal.aborted) stop.abort();
  const approving = decision.condition === 'Approved';
  const selector = { fieldSelector: opts.pending.signer ? `spec.signerName=${opts.pending.signer}` : undefined };
  const wanted = isPendingMatch(opts.pending);
  const suffix = opts.dryRun ? ' (dry run)' : '';
  const counts = { decided: 0, refused: 0, failed: 0 };
  // All that is kept between events: the uids of the CSRs already decided, to skip their later events. A DELETED
  // event or a new list takes them out, so the set follows the cluster, not the history (csrcleaner deletes decided
  // CSRs after an hour).
  const decided = new Set<string>();
  const queue = new Map<string, Csr>();
  let draining: Promise<void> | null = null;
  let fatal: Error | undefined;

  const line = (text: string) => io.stdout.write(`${stamp(deps.now())} ${printable(text)}\n`);

  const enqueue = (csr: Csr) => {
    const uid = csr.metadata.uid ?? csr.metadata.name!;
    if (!decided.has(uid) && wanted(csr) && (hooks.accept?.(csr) ?? true)) queue.set(uid, csr);
    else queue.delete(uid); // decided meanwhile (by another replica): not ours to decide any more
  };

  async function decideOne(a: Assessment, uid: string): Promise<void> {
    const name = a.csr.metadata.name!;
    // Leader election: a replica whose lease may have passed to another decides nothing, not even what it had begun.
    if (!leading()) {
      queue.set(uid, a.csr);
      return;
    }
    const selected = approving ? a.blockers.length === 0 : !opts.failingOnly || a.blockers.length > 0;
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
      if (!opts.dryRun) await decide(name, chosen, { force: opts.force, reason: opts.reason, message, initial: a.csr, summary: false, alreadyIsError: hooks.report !== undefined }, deps);
    } catch (err) {
      if (isTransient(err)) {
        queue.set(uid, a.csr); // the server went away: decided when it is back
        return;
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
    counts.decided++;
    const warnings = a.findings.filter((f) => f.severity === 'warn');
    if (hooks.report) await hooks.report({ result: chosen.condition === 'Approved' ? 'approved' : 'denied', assessment: a, dryRun: opts.dryRun });
    else line(`${decision.verb} ${name}${suffix}${warnings.length ? ` (warnings: ${ids(warnings)})` : ''}`);
  }

  /** Decides what has queued up, a batch at a time: one read of the cluster's facts per batch, not per CSR. */
  async function drain(): Promise<void> {
    while (queue.size > 0 && !signal.aborted && leading()) {
      const batch = [...queue];
      queue.clear();
      let assessments: Assessment[];
      try {
        assessments = await assess(batch.map(([, csr]) => csr), deps.connection, opts.policy);
      } catch (err) {
        for (const [uid, csr] of batch) if (!queue.has(uid)) queue.set(uid, csr);
        if (!isTransient(err)) throw err;
        await sleep(RETRY_BATCH_MS, signal);
        continue;
      }
      await mapLimit(assessments, PARALLEL_REQUESTS, (a, i) => decideOne(a, batch[i]![0]));
    }
  }

  const kick = () => {
    draining ??= drain().finally(() => {
      draining = null;
      if (queue.size > 0 && !signal.aborted && leading()) kick();
    });
    draining.catch((err: unknown) => {
      fatal ??= asError(err);
      stop.abort();
    });
  };

  try {
    const first = await client.list(selector);
    for (const csr of first.items) enqueue(csr);
    hooks.synced?.();
    kick();
    hooks.onLeading?.(kick);
    const changes = followCsrs(client, selector, first.resourceVersion, {
      signal,
      reconnect: {
        lost: (err) => {
          hooks.restarted?.('lost');
          io.stderr.write(`${stamp(deps.now())} lost the API server (${printable(err.message)}); retrying with backoff\n`);
        },
        back: () => io.stderr.write(`${stamp(deps.now())} watching again\n`),
      },
    });
    for await (const change of changes) {
      if (change.type === 'RELISTED') {
        hooks.restarted?.('relist');
        const present = new Set(change.items.map((c) => c.metadata.uid ?? c.metadata.name!));
        for (const uid of decided) if (!present.has(uid)) decided.delete(uid);
        for (const csr of change.items) enqueue(csr);
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
  }
  // Ending: what is in flight finishes (each decision is one PUT); what is queued is left for the next run.
  await (draining as Promise<void> | null)?.catch(() => {});
  deps.signal.removeEventListener('abort', onAbort);
  io.stderr.write(`${decision.verb} ${counts.decided}${suffix}, refused by policy ${counts.refused}, failed ${counts.failed}\n`);
  if (fatal !== undefined) throw fatal;
  return ExitCode.ok;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function ids(findings: Finding[]): string {
  return [...new Set(findings.map((f) => f.id))].join(',');
}

function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
