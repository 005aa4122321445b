// The approver's line per decision (--log-format): text as the --watch loop prints it, or one JSON object a line for
// log collectors. Both say the result, the CSR and the findings that decided it.
import { rfc3339 } from '../util/time-text.js';
import { findingIds, type Finding } from '../policy/finding.js';
import { printable } from '../util/printable.js';
import { describeFindings } from './findings.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

export interface DecisionEntry {
  time: Date;
  result: 'approved' | 'denied' | 'refused' | 'failed';
  csr: string;
  signer: string;
  requestor: string | undefined;
  findings: Finding[];
  blockers: Finding[];
  error?: string;
  dryRun?: boolean;
  /** Seconds from the CSR's creationTimestamp; null when it has none. */
  latencySeconds: number | null;
}

export function decisionLine(format: LogFormat, e: DecisionEntry): string {
  return format === 'json' ? jsonLine(e) : textLine(e);
}

function textLine(e: DecisionEntry): string {
  const suffix = e.dryRun ? ' (dry run)' : '';
  const warnings = e.findings.filter((f) => f.severity === 'warn');
  const detail =
    e.result === 'failed' ? `: ${e.error}`
    : e.result === 'approved' ? (warnings.length ? ` (warnings: ${findingIds(warnings).join(',')})` : '')
    : `: ${describeFindings(e.blockers)}`;
  return `${rfc3339(e.time)} ${printable(`${e.result} ${e.csr}${suffix}${detail}`)}\n`;
}

function jsonLine(e: DecisionEntry): string {
  return JSON.stringify({
    // RFC 3339 with milliseconds, as log collectors' JSON lines carry sub-second time (zap, klog): a decision's
    // latency is read from it (scripts/bench/approver-storm.ts), and whole seconds took up to 1 s off each.
    ts: e.time.toISOString(),
    level: e.result === 'approved' ? 'info' : 'warning',
    msg: e.result,
    csr: e.csr,
    signer: e.signer,
    requestor: e.requestor,
    ...(e.dryRun ? { dryRun: true } : {}),
    findings: e.findings.filter((f) => f.severity !== 'info').map((f) => ({ id: f.id, severity: f.severity, message: f.message })),
    ...(e.error ? { error: e.error } : {}),
    latencySeconds: e.latencySeconds,
  }) + '\n';
}
