// What a policy check says about a CSR: a stable id (for --allow and for denial messages), how much it matters,
// and one line of explanation.
import { compareBytes } from '../util/compare-bytes.js';
import type { FindingId } from './finding-ids.js';

export type Severity = 'block' | 'warn' | 'info';

export interface Finding {
  id: FindingId;
  severity: Severity;
  message: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

export function blocking(findings: Finding[], allowed: ReadonlySet<FindingId>): Finding[] {
  return findings.filter((f) => f.severity === 'block' && !allowed.has(f.id));
}

/** The ids of findings, each once in the order first met: a check may find the same thing twice (two SANs). */
export function findingIds(findings: readonly Finding[]): FindingId[] {
  return [...new Set(findings.map((f) => f.id))];
}

/**
 * By severity, then id. The ids are lower-case words and hyphens, which sort the same by bytes as by localeCompare
 * (test/policy/finding-ids.test.ts); localeCompare's first call would load ICU's collator, 2 MB resident in every
 * approval that judges a CSR with two findings (BENCHMARKS.md, "Bulk approval memory").
 */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareBytes(a.id, b.id));
}
