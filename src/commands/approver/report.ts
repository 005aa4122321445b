// One outcome of the approver: a log line (--log-format text|json), an Event on the CSR that says which findings
// decided it, and the metrics. An Event that cannot be written is said on stderr; the decision stands.
import { hostname } from 'node:os';
import type { Io } from '../../io.js';
import type { ControllerApi } from '../../kube/api.js';
import type { CsrEvent } from '../../kube/events.js';
import { describeFindings } from '../../output/findings.js';
import { printable } from '../../util/printable.js';
import { decisionLine, type LogFormat } from '../../output/decision-log.js';
import type { WatchOutcome } from '../shared/watch-hooks.js';
import type { ApproverMetrics } from './metrics.js';

export interface ReportDeps {
  io: Io;
  now: () => Date;
  controller: ControllerApi;
  metrics: ApproverMetrics;
}

export function reporter(format: LogFormat, deps: ReportDeps): (outcome: WatchOutcome) => Promise<void> {
  const host = hostname();
  return async (outcome) => {
    const now = deps.now();
    const { csr } = outcome.assessment;
    const created = csr.metadata.creationTimestamp ? Date.parse(csr.metadata.creationTimestamp) : NaN;
    const latency = Number.isFinite(created) ? Math.max(0, (now.getTime() - created) / 1000) : null;
    deps.metrics.decided(outcome, latency);
    const a = outcome.assessment;
    deps.io.stdout.write(
      decisionLine(format, { time: now, result: outcome.result, csr: csr.metadata.name!, signer: csr.spec.signerName, requestor: csr.spec.username, findings: a.findings, blockers: a.blockers, error: outcome.error, dryRun: outcome.dryRun, latencySeconds: latency }),
    );
    if (outcome.dryRun) return;
    try {
      await deps.controller.recordEvent(csr, eventFor(outcome), host, now);
    } catch (err) {
      deps.io.stderr.write(`${stamp(now)} cannot record the event of ${csr.metadata.name}: ${printable(err instanceof Error ? err.message : String(err))}\n`);
    }
  };
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

function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
