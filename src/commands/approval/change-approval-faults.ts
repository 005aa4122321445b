// A bulk approve or deny under faults (issue 27): after a fault, what the server holds is read back, so that an
// update applied before its answer was lost counts as decided and "failed" means not decided; and the faults are
// counted by kind, one line, after the one error line per CSR.
import type { CsrApi } from '../../kube/api.js';
import { hasCondition, type Csr } from '../../kube/csr.js';
import type { Decision } from '../../kube/csr-decision.js';
import { printable } from '../../util/printable.js';
import { sleep } from '../../util/sleep.js';
import { isFault } from '../../kube/api-error.js';
import { NotDecidedError } from '../shared/decide.js';

/** The server that just failed may answer again in a moment: a few tries before saying that it cannot be read. */
const READ_BACK_ATTEMPTS = 3;
const READ_BACK_WAIT_MS = 1000;

export type Outcome = { csr: Csr; readBack?: boolean } | { error: Error };

/**
 * Reads the CSRs that faults left undecided from the server and replaces each one found decided with the object the
 * server holds. Returns the line that says what the server holds, or why it could not be read.
 */
export async function readBack(decision: Decision, outcomes: Outcome[], client: CsrApi, fieldSelector: string | undefined): Promise<string> {
  const undecided = new Map<string, number>();
  outcomes.forEach((o, i) => {
    if ('error' in o && o.error instanceof NotDecidedError) undecided.set(o.error.csrName, i);
  });
  let held: Csr[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      held = [];
      // Page by page, keeping only the undecided: a bulk run holds a page, not the cluster (approval-run.ts).
      for await (const page of client.pages({ fieldSelector })) for (const csr of page.items) if (undecided.has(csr.metadata.name!)) held.push(csr);
      break;
    } catch (err) {
      if (isFault(err) && attempt < READ_BACK_ATTEMPTS) {
        await sleep(READ_BACK_WAIT_MS);
        continue;
      }
      return `could not read the ${undecided.size} undecided CSRs back from the server (${(err as Error).message}): those whose update was sent may be ${decision.verb}\n`;
    }
  }
  const counts = { decided: 0, opposite: 0, pending: 0 };
  for (const csr of held) {
    const i = undecided.get(csr.metadata.name!)!;
    if (hasCondition(csr, decision.condition)) {
      counts.decided++;
      outcomes[i] = { csr, readBack: true };
    } else if (hasCondition(csr, decision.opposite)) counts.opposite++;
    else counts.pending++;
  }
  const found = new Set(held.map((c) => c.metadata.name!));
  const gone = undecided.size - found.size;
  const opposite = decision.opposite === 'Denied' ? 'denied' : 'approved';
  const parts = [`${counts.decided} ${decision.verb}`, `${counts.pending} pending`, ...(counts.opposite ? [`${counts.opposite} ${opposite}`] : []), ...(gone ? [`${gone} deleted`] : [])];
  return `read back from the server, of the ${undecided.size} CSRs that met a fault: ${parts.join(', ')}\n`;
}

/** "faults: 3 connection refused, 97 not sent after a fault", or nothing without faults. */
export function faultSummary(outcomes: Outcome[]): string {
  const kinds = new Map<string, number>();
  for (const o of outcomes) if ('error' in o && o.error instanceof NotDecidedError) kinds.set(o.error.kind, (kinds.get(o.error.kind) ?? 0) + 1);
  if (kinds.size === 0) return '';
  return `faults: ${[...kinds].map(([kind, n]) => `${n} ${printable(kind)}`).join(', ')}\n`;
}
