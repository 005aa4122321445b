// The table a bulk run prints before it changes anything: what will happen to each CSR, and why. A run over a list of
// several pages prints it a page at a time, just before that page's decisions: the first page sets the columns'
// widths and the later ones line up with it, as `kubectl get --watch` lines its rows up with the first list.
import type { Io, Writer } from '../io.js';
import type { Assessment } from '../policy/assessment.js';
import { findingIds } from '../policy/finding.js';
import type { Decision } from '../kube/csr-decision.js';
import { columnWidths, renderRows } from './table.js';
import { subjectText } from './subject-text.js';
import { printableDeep } from '../util/printable.js';

const HEAD = ['NAME', 'SUBJECT', 'SIGNER', 'REQUESTOR', 'DECISION', 'REASON'];

export interface DecisionTable {
  /** One page's rows (the header with the first rows). */
  add(assessments: Assessment[], selected: Assessment[]): void;
  /** kubectl's "No resources found" when no page had a row. */
  end(): void;
}

export function decisionTable(decision: Decision, out: Writer, io: Io): DecisionTable {
  let widths: number[] | undefined;
  return {
    add(assessments, selected) {
      if (assessments.length === 0) return;
      const rows = decisionRows(assessments, decision, selected);
      if (widths) {
        out.write(renderRows(rows, widths));
        return;
      }
      const all = [HEAD, ...rows];
      out.write(renderRows(all));
      widths = columnWidths(all);
    },
    end() {
      if (!widths) io.stderr.write('No resources found\n');
    },
  };
}

function decisionRows(assessments: Assessment[], decision: Decision, selected: Assessment[]): string[][] {
  const chosen = new Set(selected);
  const approving = decision.condition === 'Approved';
  const rows = assessments.map((a) => {
    const subject = a.request ? subjectText(a.request.subject) : '<invalid>';
    const verb = approving ? 'approve' : 'deny';
    const decisionText = chosen.has(a) ? verb : approving ? 'refuse' : 'keep';
    const reasons = findingIds(approving && !chosen.has(a) ? a.blockers : a.findings.filter((f) => f.severity !== 'info'));
    return [a.csr.metadata.name ?? '', subject, a.csr.spec.signerName, a.csr.spec.username ?? '', decisionText, reasons.join(',') || '-'];
  });
  return printableDeep(rows);
}
