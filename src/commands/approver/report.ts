// One outcome of the approver: a log line (--log-format text|json), an Event on the CSR that says which findings
// decided it, and the metrics. The Event is posted off the decision's path (issue 25, the storm: it doubled the time
// each decision held one of the request slots), EVENTS_IN_FLIGHT at a time, one per outcome, and only one at a time
// while decisions wait: each POST costs the approver and the API server about what an approval costs, and a node
// waits for its approval, not for the Event that explains it. One that cannot be written is said on stderr, and the
// decision stands. The lines of one turn of the event loop are written together: on a pipe, each write is a system
// call that wakes the reader, and a storm decides dozens per turn; each line keeps the time of its decision.
// At most MAX_QUEUED_EVENTS wait, as client-go's event recorder holds them: beyond, a decision's Event is dropped and
// counted, and each burst of drops is said in one line once the queue has drained to half.
import { hostname } from 'node:os';
import type { Io } from '../../io.js';
import type { ControllerApi } from '../../kube/api.js';
import type { CsrEvent } from '../../kube/events.js';
import { describeFindings } from '../../output/findings.js';
import { printable } from '../../util/printable.js';
import { decisionLine, type LogFormat } from '../../output/decision-log.js';
import type { WatchOutcome } from '../shared/watch-hooks.js';
import type { ApproverMetrics } from './metrics.js';
import { TaskPool } from '../../util/task-pool.js';
import { rfc3339 } from '../../util/time-text.js';

const EVENTS_IN_FLIGHT = 4;
/** Events posted at once while CSRs wait for their decisions (ReportDeps.deciding): never none, so none waits for ever. */
const EVENTS_WHILE_DECIDING = 1;
/**
 * Events queued or being posted, at most: k8s.io/client-go/tools/record's maxQueuedEvents, beyond which its recorder
 * drops the new Event (watch.DropIfChannelFull). A storm decides faster than one Event at a time is posted, and every
 * queued Event was kept until the storm ended (issue 25: the leader's RSS grew by 4 MiB per 1 000 CSRs past 5 000).
 */
export const MAX_QUEUED_EVENTS = 1000;

export interface Reporter {
  report: (outcome: WatchOutcome) => Promise<void>;
  /** Waits until every queued Event is posted, or `ms` passed; returns how many were left unposted. */
  flush: (ms: number) => Promise<number>;
}

export interface ReportDeps {
  io: Io;
  now: () => Date;
  controller: ControllerApi;
  metrics: ApproverMetrics;
  /** CSRs are waiting for or in a decision: Events then give way (EVENTS_WHILE_DECIDING). */
  deciding?: () => boolean;
}

export function reporter(format: LogFormat, deps: ReportDeps): Reporter {
  const host = hostname();
  const deciding = deps.deciding ?? (() => false);
  const events = new TaskPool(() => (deciding() ? EVENTS_WHILE_DECIDING : EVENTS_IN_FLIGHT), () => {}); // each task says its own failure
  const abandon = new AbortController();
  const say = (text: string) => deps.io.stderr.write(`${rfc3339(deps.now())} ${text}\n`);
  // The drops since the queue was last full: said once it has drained to half, or when the approver stops.
  let burst: { since: Date; dropped: number } | undefined;
  const endBurst = () => {
    if (!burst) return;
    say(`${burst.dropped} event${burst.dropped === 1 ? '' : 's'} dropped since ${rfc3339(burst.since)}: ${MAX_QUEUED_EVENTS} were waiting for the API server; their decisions stand`);
    burst = undefined;
  };
  let lines = '';
  let writing: NodeJS.Immediate | undefined;
  const writeLines = () => {
    clearImmediate(writing);
    writing = undefined;
    if (lines !== '') deps.io.stdout.write(lines);
    lines = '';
  };
  const report = (outcome: WatchOutcome): Promise<void> => {
    const now = deps.now();
    const { csr } = outcome.assessment;
    const created = csr.metadata.creationTimestamp ? Date.parse(csr.metadata.creationTimestamp) : NaN;
    const latency = Number.isFinite(created) ? Math.max(0, (now.getTime() - created) / 1000) : null;
    deps.metrics.decided(outcome, latency);
    const a = outcome.assessment;
    lines += decisionLine(format, { time: now, result: outcome.result, csr: csr.metadata.name!, signer: csr.spec.signerName, requestor: csr.spec.username, findings: a.findings, blockers: a.blockers, error: outcome.error, dryRun: outcome.dryRun, latencySeconds: latency });
    writing ??= setImmediate(writeLines);
    if (outcome.dryRun) return Promise.resolve();
    if (events.size >= MAX_QUEUED_EVENTS) {
      deps.metrics.eventDropped('queue_full');
      if (!burst) {
        const started = (burst = { since: now, dropped: 0 });
        void events.atMost(MAX_QUEUED_EVENTS / 2).then(() => burst === started && endBurst());
      }
      burst.dropped++;
      return Promise.resolve();
    }
    // The queued Event holds its text and the CSR's name, uid and version, not the CSR and its assessment: in a storm,
    // Events fall thousands behind the decisions, and whole objects held that long grew the heap with the storm.
    const event = eventFor(outcome);
    const { name, uid, resourceVersion } = csr.metadata;
    const subject = { metadata: { name, uid, resourceVersion } };
    events.push(async () => {
      try {
        await deps.controller.recordEvent(subject, event, host, now, abandon.signal);
      } catch (err) {
        if (abandon.signal.aborted) return; // counted by flush()
        deps.metrics.eventDropped('failed');
        say(`cannot record the event of ${name}: ${printable(err instanceof Error ? err.message : String(err))}`);
      }
    });
    return Promise.resolve();
  };
  const flush = async (ms: number) => {
    writeLines();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([events.idle(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    const left = events.size;
    abandon.abort();
    endBurst();
    return left;
  };
  return { report, flush };
}

/** What `kubectl describe csr` and `kubectl events` show: the reason, and the findings that decided, one line. */
export function eventFor(o: WatchOutcome): CsrEvent {
  const relevant = o.assessment.findings.filter((f) => f.severity !== 'info');
  const blockers = o.assessment.blockers;
  switch (o.result) {
    case 'approved':
      return { type: 'Normal', reason: 'Approved', message: `approved by kubectl-csr approver${relevant.length ? `; warnings: ${describeFindings(relevant)}` : ': no findings'}` };
    case 'denied':
      return { type: 'Warning', reason: 'Denied', message: `denied by kubectl-csr approver: ${describeFindings(blockers)}` };
    case 'refused':
      return { type: 'Warning', reason: 'Refused', message: `left pending by kubectl-csr approver (--skip-deny-step): ${describeFindings(blockers)}` };
    case 'failed':
      return { type: 'Warning', reason: 'DecisionFailed', message: `kubectl-csr approver could not decide: ${o.error ?? 'unknown error'}` };
  }
}

