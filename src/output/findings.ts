// Findings as text: the warning lines before an approval and the "[id] message" list in refusals.
import { warningLine } from '../errors.js';
import type { Io } from '../io.js';
import type { Assessment } from '../policy/assessment.js';
import type { Finding } from '../policy/finding.js';

/** One stderr line per warn finding, before an approval. */
export function printWarnings(assessment: Assessment, io: Io): void {
  for (const f of assessment.findings.filter((f) => f.severity === 'warn')) {
    io.stderr.write(warningLine(`${assessment.csr.metadata.name}: [${f.id}] ${f.message}`));
  }
}

/** "[id] message; [id] message" */
export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.id}] ${f.message}`).join('; ');
}
