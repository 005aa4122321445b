// What the in-cluster approver (commands/approver/) adds to the `approve --pending --watch` loop
// (commands/approval/change-approval-watch.ts), without that loop knowing about leases, events or metrics (issue 25).
import type { Csr } from '../../kube/csr.js';
import type { Decision } from '../../kube/csr-decision.js';
import type { Assessment } from '../../policy/assessment.js';

export interface WatchOutcome {
  result: 'approved' | 'denied' | 'refused' | 'failed';
  assessment: Assessment;
  /** failed: why (one line). */
  error?: string;
  dryRun?: boolean;
}

export interface WatchHooks {
  /** Leader election: CSRs are decided only while this says so; the list and watch run either way (a warm standby). */
  leading?: () => boolean;
  /** Hands over the function that starts deciding again, for when this replica becomes the leader. */
  onLeading?: (resume: () => void) => void;
  /** Hands over what says whether CSRs are waiting for or in a decision (the approver's Events give way then). */
  onDeciding?: (deciding: () => boolean) => void;
  /** Replaces the loop's own stdout line: each outcome, once. A CSR another replica decided first has none. */
  report?: (outcome: WatchOutcome) => Promise<void>;
  /** Deny what the policy blocks instead of leaving it pending (kubelet-csr-approver without --skip-deny-step). */
  denyBlocked?: Decision;
  /** Leaves a CSR alone (no decision, no line) when this says no (kubelet-csr-approver's --ignore-non-system-node). */
  accept?: (csr: Csr) => boolean;
  /** The first list is in: every pending CSR is known (readiness). */
  synced?: () => void;
  /**
   * A 403 on the list or the watch is said and tried again with backoff, as client-go's reflector does, instead of
   * ending the run: a controller whose RBAC is still loading after an API server start must not exit (issue 25).
   */
  retryForbidden?: boolean;
  /** Decisions in flight at once (the loop's own default otherwise). */
  parallel?: number;
  /**
   * At most this many CSRs judged at once. The approver's facts come from caches, so a small batch reads nothing,
   * and judging a backlog of thousands at once would hold the event loop, and with it the answers of the decisions
   * in flight; `approve --pending --watch` reads the facts for each batch, so it judges what has queued up at once.
   */
  judgeAtOnce?: number;
  /** The watch was lost (the API server went away) or listed again after a 410 Gone. */
  restarted?: (why: 'lost' | 'relist') => void;
}
