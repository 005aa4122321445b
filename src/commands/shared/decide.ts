// One CSR, one decision: get, check the conditions, PUT /approval, retry on conflict.
import { CliError, ExitCode } from '../../errors.js';
import type { Io } from '../../io.js';
import { ApiError } from '../../kube/api-error.js';
import { isConflict } from '../../kube/csr-client.js';
import type { CsrApi } from '../../kube/api.js';
import { hasCondition, type Csr } from '../../kube/csr.js';
import { grantSummary } from '../../output/grant-summary.js';
import type { Decision } from '../../kube/csr-decision.js';

export interface DecideOptions {
  force: boolean;
  reason?: string;
  message?: string;
  /** The object as already read (a bulk run's LIST): the first attempt skips the GET. */
  initial?: Csr;
  /** Print what an approval grants (a bulk run's decision table says it instead). */
  summary?: boolean;
  /** The summary's access part ("access=2 bindings, broadest …"), when RBAC was read. */
  access?: string | null;
  /**
   * The same decision already there is an AlreadyDecidedError too, not a success: for a replica of the in-cluster
   * approver, it means another replica decided first (issue 25).
   */
  alreadyIsError?: boolean;
}

const MAX_CONFLICT_RETRIES = 10;

export class AlreadyDecidedError extends CliError {
  constructor(name: string, condition: string) {
    super(`certificate signing request "${name}" is already ${condition}`, condition === 'Denied' ? ExitCode.denied : ExitCode.error);
    this.name = 'AlreadyDecidedError';
  }
}

/** Returns the CSR as the server has it afterwards. */
export async function decide(name: string, decision: Decision, opts: DecideOptions, deps: { io: Io; client: CsrApi; now: () => Date }): Promise<Csr> {
  for (let attempt = 0; ; attempt++) {
    const csr = attempt === 0 && opts.initial ? opts.initial : await deps.client.get(name);
    if (hasCondition(csr, decision.opposite)) throw new AlreadyDecidedError(name, decision.opposite);
    const already = hasCondition(csr, decision.condition);
    if (already && opts.alreadyIsError) throw new AlreadyDecidedError(name, decision.condition);
    if (already && !opts.force) return csr;
    if (!already && attempt === 0 && decision.condition === 'Approved' && opts.summary !== false) deps.io.stderr.write(grantSummary(csr, opts.access));
    const updated: Csr = already ? csr : withCondition(csr, decision, opts, deps.now());
    try {
      return await deps.client.updateApproval(updated);
    } catch (err) {
      if (isConflict(err) && attempt < MAX_CONFLICT_RETRIES) continue;
      throw withPermissionHint(err, decision, csr.spec.signerName);
    }
  }
}

/** A 403 on /approval says what is missing: both permissions are needed, for approve and for deny. */
function withPermissionHint(err: unknown, decision: Decision, signer: string): unknown {
  if (!(err instanceof ApiError) || err.status !== 403) return err;
  const verb = decision.condition === 'Approved' ? 'approve' : 'deny';
  return new ApiError(
    403,
    'Forbidden',
    `${err.message.replace(/^Error from server \(Forbidden\): /, '')} (to ${verb}, RBAC must allow update on certificatesigningrequests/approval and approve on signers/${signer} in group certificates.k8s.io)`,
  );
}

function withCondition(csr: Csr, decision: Decision, opts: { reason?: string; message?: string }, now: Date): Csr {
  const condition = {
    type: decision.condition,
    status: 'True',
    reason: opts.reason ?? decision.reason,
    message: opts.message ?? decision.message,
    lastUpdateTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return { ...csr, status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] } };
}
