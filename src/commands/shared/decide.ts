// One CSR, one decision: get, check the conditions, PUT /approval, retry on conflict, and after a fault read again
// to learn whether the update was applied before its answer was lost.
import { rfc3339 } from '../../util/time-text.js';
import { CliError, ExitCode } from '../../errors.js';
import { ApiError, faultKind, isFault } from '../../kube/api-error.js';
import { sleep } from '../../util/sleep.js';
import { isConflict } from '../../kube/csr-client.js';
import type { CsrApi } from '../../kube/api.js';
import { hasCondition, type Csr } from '../../kube/csr.js';
import type { Decision } from '../../kube/csr-decision.js';

export interface DecideOptions {
  force: boolean;
  reason?: string;
  message?: string;
  /** The object as already read (a bulk run's LIST): the first attempt skips the GET. */
  initial?: Csr;
  /**
   * Called once, with the CSR as read, just before the condition is first sent: the caller says there what an
   * approval grants, before the answer, which may be a refusal (decide itself prints nothing).
   */
  adding?: (csr: Csr) => void;
  /**
   * The same decision already there is an AlreadyDecidedError too, not a success: for a replica of the in-cluster
   * approver, it means another replica decided first (issue 25).
   */
  alreadyIsError?: boolean;
  /** --dry-run=server: the update is sent with dryRun=All, so the server checks it (RBAC, admission) and stores nothing. */
  serverDryRun?: boolean;
  /** The caller has no use for the CSR as stored (a watch sees it next): Decided.csr is then the object as sent. */
  answerUnused?: boolean;
}

const MAX_CONFLICT_RETRIES = 10;
/** After a fault on the update: wait, read the CSR again (it may have been decided), and try again if not. */
const FAULT_RETRY_MS = [500, 1000];

/** A fault kept a CSR from being judged or decided: nothing was decided for it, and trying again is safe. */
export class NotDecidedError extends CliError {
  /** The fault, in a few words, for a count by kind. */
  readonly kind: string;

  constructor(
    readonly csrName: string,
    verb: string,
    cause: Error,
    /** Not sent at all, because an earlier request of the same run met this fault. */
    notSent = false,
  ) {
    super(`"${csrName}" not ${verb}: ${notSent ? `not sent after a fault (${cause.message})` : cause.message}`, ExitCode.unavailable);
    this.name = 'NotDecidedError';
    this.kind = notSent ? 'not sent after a fault' : faultKind(cause);
  }
}

export class AlreadyDecidedError extends CliError {
  constructor(name: string, condition: string) {
    super(`certificate signing request "${name}" is already ${condition}`, condition === 'Denied' ? ExitCode.denied : ExitCode.error);
    this.name = 'AlreadyDecidedError';
  }
}

/** What decide did: the CSR as the server has it afterwards, and whether this call added the condition. */
export interface Decided {
  csr: Csr;
  /** False when the condition was there already (nothing sent, or with --force the same condition sent again). */
  added: boolean;
}

/** Decides one CSR and says what it did; printing it is the caller's. */
export async function decide(name: string, decision: Decision, opts: DecideOptions, deps: { client: CsrApi; now: () => Date; signal?: AbortSignal }): Promise<Decided> {
  let faults = 0;
  for (let attempt = 0; ; attempt++) {
    let csr: Csr;
    try {
      csr = attempt === 0 && opts.initial ? opts.initial : await deps.client.get(name);
    } catch (err) {
      if (!isFault(err) || faults >= FAULT_RETRY_MS.length) throw err;
      await sleep(FAULT_RETRY_MS[faults++]!, deps.signal);
      continue;
    }
    if (hasCondition(csr, decision.opposite)) throw new AlreadyDecidedError(name, decision.opposite);
    const already = hasCondition(csr, decision.condition);
    if (already && opts.alreadyIsError) throw new AlreadyDecidedError(name, decision.condition);
    if (already && !opts.force) return { csr, added: false };
    if (!already && attempt === 0) opts.adding?.(csr);
    const updated: Csr = already ? csr : withCondition(csr, decision, opts, deps.now());
    try {
      return { csr: await deps.client.updateApproval(updated, opts.serverDryRun, opts.answerUnused), added: !already };
    } catch (err) {
      if (isConflict(err) && attempt < MAX_CONFLICT_RETRIES) continue;
      // The next attempt reads the CSR first: an update applied before its answer was lost is found there, and a
      // second one would meet a Conflict anyway (the object's resourceVersion changed), so nothing is decided twice.
      if (isFault(err) && faults < FAULT_RETRY_MS.length) {
        await sleep(FAULT_RETRY_MS[faults++]!, deps.signal);
        continue;
      }
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
    lastUpdateTime: rfc3339(now),
  };
  return { ...csr, status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] } };
}
