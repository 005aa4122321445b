// approve and deny: ONE routine, as in kubectl's modifyCertificateCondition; they differ only in the decision.
// kubectl parity (k8s.io/kubectl/pkg/cmd/certificates/certificates.go): the opposite condition is an error; the same
// condition already present is success without a PUT unless --force; a 409 Conflict re-reads and retries (10 times).
// Beyond kubectl: policy checks before every approval (a block finding stops it unless --allow names it; --force
// never overrides policy), denial messages that carry the findings' ids, --pending bulk runs with a decision table
// and --dry-run, a summary on stderr of what an approval grants, and -o printing the object as the server returned
// it after the update (kubectl prints the one from before).
import { CliError, errorLine, ExitCode } from '../../errors.js';
import type { Io } from '../../io.js';
import type { ClusterConnection } from '../../kube/api.js';
import type { CsrApi } from '../../kube/api.js';
import { byName, isPending, type Csr } from '../../kube/csr.js';
import { mapLimit } from '../../util/map-limit.js';
import type { Assessment, PolicySettings } from '../../policy/assessment.js';
import { printWarnings } from '../../output/findings.js';
import { assess, PolicyRefusal } from '../shared/assess.js';
import { denialMessage, isPendingMatch, isSelected } from './approval-selection.js';
import { decide, NotDecidedError } from '../shared/decide.js';
import { faultSummary, readBack, type Outcome } from './change-approval-faults.js';
import { isFault } from '../../kube/api-error.js';
import type { Decision } from '../../kube/csr-decision.js';
import { printDecisionTable } from '../../output/decision-table.js';
import type { Printer } from '../../output/printer.js';
import { accessSummary } from '../../output/access-text.js';
import { grantSummary } from '../../output/grant-summary.js';

export { APPROVE, DENY, type Decision } from '../../kube/csr-decision.js';

export interface ChangeApprovalOptions {
  /** CSRs by name; or, with `pending`, every pending CSR that passes the filters. */
  names: string[];
  pending: { signer?: string; requestor?: string } | null;
  /** deny --failing: only the CSRs with block findings. */
  failingOnly: boolean;
  dryRun: boolean;
  serverDryRun: boolean;
  /** Skip the confirmation a terminal gets before a bulk change. */
  yes: boolean;
  force: boolean;
  reason?: string;
  message?: string;
  policy: PolicySettings;
}

export interface ChangeApprovalDeps {
  io: Io;
  client: CsrApi;
  connection: ClusterConnection;
  now: () => Date;
  /** -v: from 2, each warning finding on its own line. */
  verbosity?: number;
}

const PARALLEL_REQUESTS = 16;

/** printer: -o prints the objects as the server returned them (a template each on its own, as kubectl certificate does); without it, one line each. */
export async function changeApproval(decision: Decision, opts: ChangeApprovalOptions, printer: Printer<Csr>, deps: ChangeApprovalDeps): Promise<ExitCode> {
  const { io } = deps;
  const outcomes: Outcome[] = [];
  const targets = opts.pending ? await pendingOrFault(opts.pending, deps.client) : await namedTargets(opts.names, decision, deps.client, outcomes);
  let assessments: Assessment[];
  try {
    assessments = await assess(targets, deps.connection, opts.policy);
  } catch (err) {
    // A finding comes only from what was read: a fault while reading RBAC or Nodes judges nothing.
    if (!isFault(err)) throw err;
    for (const csr of targets) outcomes.push({ error: new NotDecidedError(csr.metadata.name!, decision.verb, err as Error) });
    return report(decision, outcomes, opts, printer, io, '');
  }
  const approving = decision.condition === 'Approved';
  const selected = assessments.filter((a) => isSelected(decision, opts.failingOnly, a));

  if (!opts.pending) {
    // Said only where this approval grants something (issue 23): never on deny, nor for a CSR already approved (a
    // no-op) or refused (its refusal says why). A bulk run shows the warnings' ids in its decision table instead.
    const granting = approving ? selected.filter((a) => isPending(a.csr)) : [];
    printWarnings(granting, io, { verbosity: deps.verbosity ?? 0 });
  } else {
    printDecisionTable(assessments, decision, selected, printer.notes, io);
    if (selected.length > 1 && !opts.dryRun && !opts.serverDryRun && !opts.yes && !(await confirm(decision, selected.length, io))) {
      io.stderr.write('nothing changed\n');
      return ExitCode.error;
    }
  }
  if (approving) for (const a of assessments) if (a.blockers.length) outcomes.push({ error: new PolicyRefusal(a.csr.metadata.name!, a) });

  const changed = opts.dryRun ? selected.map((a) => ({ csr: a.csr })) : await apply(decision, selected, opts, deps);
  outcomes.push(...changed);
  const sent = changed.some((o) => 'error' in o && o.error instanceof NotDecidedError);
  const readBackLine = sent ? await readBack(decision, outcomes, deps.client, opts.pending ? signerSelector(opts.pending) : undefined) : '';
  return report(decision, outcomes, opts, printer, io, readBackLine);
}

/** Decides each selected CSR; after the first fault, the ones not yet sent are not sent (each says so). */
async function apply(decision: Decision, selected: Assessment[], opts: ChangeApprovalOptions, deps: ChangeApprovalDeps): Promise<Outcome[]> {
  let fault: Error | undefined;
  return mapLimit(selected, PARALLEL_REQUESTS, (a) => {
    const name = a.csr.metadata.name!;
    if (fault) return Promise.resolve({ error: new NotDecidedError(name, decision.verb, fault, true) });
    const message = opts.message ?? (decision.condition === 'Denied' ? denialMessage(decision, a) : undefined);
    // What an approval grants, for CSRs named on the line (a bulk run's decision table says it instead).
    const adding = decision.condition === 'Approved' && !opts.pending ? (csr: Csr) => deps.io.stderr.write(grantSummary(csr, a.access && accessSummary(a.access, a.broadest))) : undefined;
    return decide(name, decision, { force: opts.force, reason: opts.reason, message, initial: a.csr, adding, serverDryRun: opts.serverDryRun }, deps).then(
      ({ csr }) => ({ csr }),
      (error: unknown) => {
        if (isFault(error)) {
          fault ??= error as Error;
          return { error: new NotDecidedError(name, decision.verb, error as Error) };
        }
        if (error instanceof CliError) return { error };
        throw error;
      },
    );
  });
}

function report(decision: Decision, outcomes: Outcome[], opts: ChangeApprovalOptions, printer: Printer<Csr>, io: Io, readBackLine: string): ExitCode {
  let exit: ExitCode = ExitCode.ok;
  const done: Csr[] = [];
  const suffix = opts.dryRun ? ' (dry run)' : opts.serverDryRun ? ' (server dry run)' : '';
  for (const outcome of outcomes) {
    if ('csr' in outcome) {
      done.push(outcome.csr);
      printer.done(outcome.csr.metadata.name!, `${decision.verb}${suffix}${outcome.readBack ? ' (read back after a fault)' : ''}`);
    } else {
      // In a bulk run the decision table already gave each refusal its reason.
      if (!(opts.pending && outcome.error instanceof PolicyRefusal)) io.stderr.write(errorLine(outcome.error.message));
      // A fault's code wins: it says that running the command again may decide what this run could not.
      if (exit === ExitCode.ok || outcome.error instanceof NotDecidedError) exit = exitCodeOf(outcome.error);
    }
  }
  // One CSR's error line says all; a bulk run counts its faults by kind.
  if (opts.pending || opts.names.length > 1) io.stderr.write(faultSummary(outcomes) + readBackLine);
  if (done.length) printer.print(done);
  if (opts.pending) {
    const refused = outcomes.filter((o) => 'error' in o && o.error instanceof PolicyRefusal).length;
    const failed = outcomes.filter((o) => 'error' in o && !(o.error instanceof PolicyRefusal)).length;
    io.stderr.write(`${decision.verb} ${done.length}${suffix}, refused by policy ${refused}, failed ${failed}\n`);
  }
  return exit;
}

async function namedTargets(names: string[], decision: Decision, client: CsrApi, outcomes: Outcome[]): Promise<Csr[]> {
  const got = await mapLimit(names, PARALLEL_REQUESTS, (name) =>
    client.get(name).then(
      (csr) => ({ csr }),
      (error: unknown) => {
        if (isFault(error)) return { error: new NotDecidedError(name, decision.verb, error as Error) };
        if (error instanceof CliError) return { error };
        throw error;
      },
    ),
  );
  const csrs: Csr[] = [];
  for (const g of got) {
    if ('csr' in g) csrs.push(g.csr);
    else outcomes.push(g);
  }
  return csrs;
}

/** Every pending CSR that passes the filters, by name. */
export async function pendingTargets(filter: { signer?: string; requestor?: string }, client: CsrApi): Promise<Csr[]> {
  const { items } = await client.list({ fieldSelector: signerSelector(filter) });
  return items.filter(isPendingMatch(filter)).sort(byName);
}

async function pendingOrFault(filter: { signer?: string; requestor?: string }, client: CsrApi): Promise<Csr[]> {
  try {
    return await pendingTargets(filter, client);
  } catch (err) {
    if (!isFault(err)) throw err;
    throw new CliError(`could not list the pending CSRs: ${(err as Error).message}; nothing was decided`, ExitCode.unavailable);
  }
}

function signerSelector(filter: { signer?: string }): string | undefined {
  return filter.signer ? `spec.signerName=${filter.signer}` : undefined;
}

function exitCodeOf(err: Error): ExitCode {
  return err instanceof CliError ? err.exitCode : ExitCode.error;
}

/** Only on a terminal: scripts never get a question. */
async function confirm(decision: Decision, count: number, io: Io): Promise<boolean> {
  if (!io.stdinIsTTY || !io.prompt) return true;
  const verb = decision.condition === 'Approved' ? 'Approve' : 'Deny';
  const answer = await io.prompt(`${verb} ${count} certificate signing requests? [y/N] `);
  return /^y(es)?$/i.test((answer ?? '').trim());
}
