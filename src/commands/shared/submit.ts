// The one submit pipeline of request and renew (issue 22): the server validates the object first (a dry run: the name
// taken, RBAC, admission, and the requestor it would record, which the policy checks need), the policy decides
// whether --approve may approve, what must be on disk before the CSR exists is written, then the CSR is created and,
// with --approve, approved. The "resource/name verb" lines come from the command's printer.
import type { Io } from '../../io.js';
import type { ClusterConnection, CsrApi } from '../../kube/api.js';
import type { Csr } from '../../kube/csr.js';
import { APPROVE } from '../../kube/csr-decision.js';
import { printWarnings } from '../../output/findings.js';
import { grantSummary } from '../../output/grant-summary.js';
import type { Printer } from '../../output/printer.js';
import type { PolicySettings } from '../../policy/assessment.js';
import { assess, PolicyRefusal } from './assess.js';
import { decide } from './decide.js';

export interface SubmitOptions {
  approve: boolean;
  /** Checked before --approve approves. */
  policy: PolicySettings;
  /** The dry run even without --approve: request writes its key before the create, and only for a CSR the server would take. */
  validateFirst: boolean;
  /** What must be written once the server and the policy have said yes, before the CSR exists. */
  beforeCreate?: () => Promise<void>;
  /**
   * renew: the identity already holds a certificate of this very subject, so a new one grants nothing new; its
   * warnings were said when it was first approved, and a cron job's renewal says them only at -v=2 (issue 23).
   */
  renewal?: boolean;
}

export interface SubmitDeps {
  io: Io;
  now: () => Date;
  printer: Printer<Csr>;
  client: CsrApi;
  connection: ClusterConnection;
  /** -v: from 2, each warning finding on its own line. */
  verbosity?: number;
}

/** Returns the CSR as the server has it after the create (and the approval). */
export async function submit(csr: Csr, opts: SubmitOptions, deps: SubmitDeps): Promise<Csr> {
  const name = csr.metadata.name!;
  if (opts.validateFirst || opts.approve) {
    const preview = await deps.client.create(csr, true);
    if (opts.approve) await checkPolicy(preview, opts.policy, deps, opts.renewal);
  }
  await opts.beforeCreate?.();
  const created = await deps.client.create(csr);
  deps.printer.done(name, 'created');
  return opts.approve ? approveNow(name, deps) : created;
}

/** The policy for --approve: its warnings' summary on stderr, and a PolicyRefusal (exit 6) for a blocker. */
export async function checkPolicy(csr: Csr, policy: PolicySettings, deps: SubmitDeps, renewal = false): Promise<void> {
  const [assessment] = await assess([csr], deps.connection, policy);
  // A refused CSR's refusal names its blocks; the warnings matter only for what is approved.
  if (!assessment!.blockers.length) printWarnings([assessment!], deps.io, { verbosity: deps.verbosity ?? 0, detailsOnly: renewal });
  if (assessment!.blockers.length) throw new PolicyRefusal(csr.metadata.name!, assessment!);
}

/** --approve, once the policy has said yes: what it grants on stderr, then the "approved" line. */
export async function approveNow(name: string, deps: SubmitDeps): Promise<Csr> {
  const adding = (read: Csr) => deps.io.stderr.write(grantSummary(read));
  const approved = (await decide(name, APPROVE, { force: false, adding }, { client: deps.client, now: deps.now })).csr;
  deps.printer.done(name, 'approved');
  return approved;
}
