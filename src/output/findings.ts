// Findings as text: the warning summary before an approval and the "[id] message" list in refusals.
import { warningLine } from '../errors.js';
import type { Io } from '../io.js';
import type { Assessment } from '../policy/assessment.js';
import { findingIds, type Finding } from '../policy/finding.js';
import { subjectText } from './subject-text.js';

/** -v from which each warning finding gets its own line, as kubectl's -v=2 adds detail to what it does. */
export const WARNING_DETAILS_LEVEL = 2;

export interface WarningOptions {
  /** -v */
  verbosity: number;
  /** Only the details at -v=2, no summary: renew asks again for an identity that already holds a certificate. */
  detailsOnly?: boolean;
}

/**
 * Before an approval, one line per identity that has warnings: how many and their ids, and where the details are
 * (issue 23: three 200-character lines per CSR on every run drowned the blocks, which a refusal still prints in full).
 * With -v=2, each finding's own line after it.
 */
export function printWarnings(assessments: readonly Assessment[], io: Io, opts: WarningOptions): void {
  for (const [identity, group] of byIdentity(assessments)) {
    const warnings = group.flatMap((a) => a.findings.filter((f) => f.severity === 'warn'));
    if (!warnings.length) continue;
    const names = group.map((a) => a.csr.metadata.name!);
    if (!opts.detailsOnly) {
      const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
      io.stderr.write(warningLine(`${identity}: ${count} (${findingIds(warnings).join(', ')}); details: kubectl csr inspect ${names.join(' ')}, or -v=${WARNING_DETAILS_LEVEL}`));
    }
    if (opts.verbosity < WARNING_DETAILS_LEVEL) continue;
    for (const a of group) for (const f of a.findings.filter((f) => f.severity === 'warn')) io.stderr.write(warningLine(`${a.csr.metadata.name}: [${f.id}] ${f.message}`));
  }
}

/** The assessments by the identity they ask a certificate for (the CSR's name when its request cannot be read). */
function byIdentity(assessments: readonly Assessment[]): Map<string, Assessment[]> {
  const groups = new Map<string, Assessment[]>();
  for (const a of assessments) {
    const key = a.request ? subjectText(a.request.subject) : `"${a.csr.metadata.name}"`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return groups;
}

/** "[id] message; [id] message" */
export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.id}] ${f.message}`).join('; ');
}
