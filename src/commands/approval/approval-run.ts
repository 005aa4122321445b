// One approve or deny run, a batch at a time (issue 26): each batch (a page of the pending list, or the CSRs named) is
// judged, given its rows of the decision table, decided and reported, and then let go, so that a run over 10 000
// CSRs holds one page, not the cluster (BENCHMARKS.md, "Bulk approval streams"). What the run keeps to its end: the
// counts, the exit code, the CSRs a fault left undecided (read back from the server at the end, then reported), and
// what -o prints (names, or the objects for json and yaml: kubectl's List of them all).
import { CliError, errorLine, ExitCode } from '../../errors.js';
import type { ClusterConnection, CsrApi } from '../../kube/api.js';
import type { Io } from '../../io.js';
import { isPending, type Csr } from '../../kube/csr.js';
import type { RbacRead } from '../../kube/rbac-objects.js';
import { isFault } from '../../kube/api-error.js';
import type { Decision } from '../../kube/csr-decision.js';
import { mapLimit } from '../../util/map-limit.js';
import type { Assessment, PolicySettings } from '../../policy/assessment.js';
import { printWarnings } from '../../output/findings.js';
import { decisionTable } from '../../output/decision-table.js';
import type { Printer } from '../../output/printer.js';
import { accessSummary } from '../../output/access-text.js';
import { grantSummary } from '../../output/grant-summary.js';
import { assess, PolicyRefusal } from '../shared/assess.js';
import { decide, NotDecidedError } from '../shared/decide.js';
import { denialMessage, isSelected } from './approval-selection.js';
import { faultSummary, readBack, type Outcome } from './change-approval-faults.js';

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

/** Decisions in flight at once, within a page and for the CSRs named. */
export const PARALLEL_REQUESTS = 16;

export interface ApprovalRun {
  /**
   * Judges, prints and decides one batch. `ask`: the confirmation a terminal gets, with the number selected, before
   * anything is sent; false when it was declined (nothing sent).
   */
  batch(csrs: Csr[], ask?: (selected: number) => Promise<boolean>): Promise<boolean>;
  /** An outcome decided before any batch: a CSR named on the line that could not be read. */
  record(outcome: Outcome): void;
  /** The list broke off after `listed` CSRs: said, and the run ends with what was decided. */
  listFailed(err: Error, listed: number): void;
  /** Reads back what faults left undecided, prints what -o prints and the counts; the exit code. */
  finish(fieldSelector: string | undefined): Promise<ExitCode>;
}

export function approvalRun(decision: Decision, opts: ChangeApprovalOptions, printer: Printer<Csr>, deps: ChangeApprovalDeps): ApprovalRun {
  const { io } = deps;
  const approving = decision.condition === 'Approved';
  const suffix = opts.dryRun ? ' (dry run)' : opts.serverDryRun ? ' (server dry run)' : '';
  const table = opts.pending ? decisionTable(decision, printer.notes, io) : undefined;
  const printed = printer.printsObjects ? printer.collect(deps.now()) : undefined;
  const connection = rbacOnce(deps.connection);
  const counts = { done: 0, refused: 0, failed: 0 };
  /** Outcomes of a fault (NotDecidedError), reported at the end, once what the server holds has been read back. */
  const faulted: Outcome[] = [];
  let exit: ExitCode = ExitCode.ok;
  let listed = 0;
  /** The first fault of the run: the decisions not yet sent are not sent. */
  let fault: Error | undefined;
  /** Whether a decision met a fault after it may have been sent: only then is there anything to read back. */
  let sent = false;

  const exitFor = (error: Error) => {
    const code = error instanceof CliError ? error.exitCode : ExitCode.error;
    // A fault's code wins: it says that running the command again may decide what this run could not.
    if (exit === ExitCode.ok || code === ExitCode.unavailable) exit = code;
  };

  function report(outcome: Outcome): void {
    if ('csr' in outcome) {
      counts.done++;
      printer.done(outcome.csr.metadata.name!, `${decision.verb}${suffix}${outcome.readBack ? ' (read back after a fault)' : ''}`);
      printed?.add(outcome.csr);
      return;
    }
    if (outcome.error instanceof PolicyRefusal) {
      counts.refused++;
      exitFor(outcome.error);
      // In a bulk run the decision table already gave each refusal its reason.
      if (!opts.pending) io.stderr.write(errorLine(outcome.error.message));
      return;
    }
    io.stderr.write(errorLine(outcome.error.message));
    counts.failed++;
    exitFor(outcome.error);
  }

  function record(outcome: Outcome): void {
    if ('error' in outcome && outcome.error instanceof NotDecidedError) faulted.push(outcome);
    else report(outcome);
  }

  /** Decides each selected CSR; after the first fault, the ones not yet sent are not sent (each says so). */
  function apply(selected: Assessment[]): Promise<Outcome[]> {
    return mapLimit(selected, PARALLEL_REQUESTS, (a) => {
      const name = a.csr.metadata.name!;
      if (fault) return Promise.resolve({ error: new NotDecidedError(name, decision.verb, fault, true) });
      const message = opts.message ?? (decision.condition === 'Denied' ? denialMessage(decision, a) : undefined);
      // What an approval grants, for CSRs named on the line (a bulk run's decision table says it instead).
      const adding = approving && !opts.pending ? (csr: Csr) => io.stderr.write(grantSummary(csr, a.access && accessSummary(a.access, a.broadest))) : undefined;
      return decide(name, decision, { force: opts.force, reason: opts.reason, message, initial: a.csr, adding, serverDryRun: opts.serverDryRun }, deps).then(
        ({ csr }) => ({ csr }),
        (error: unknown) => {
          if (isFault(error)) {
            fault ??= error as Error;
            sent = true;
            return { error: new NotDecidedError(name, decision.verb, error as Error) };
          }
          if (error instanceof CliError) return { error };
          throw error;
        },
      );
    });
  }

  return {
    record,
    async batch(csrs, ask) {
      listed += csrs.length;
      if (csrs.length === 0) return true;
      if (fault) {
        for (const csr of csrs) record({ error: new NotDecidedError(csr.metadata.name!, decision.verb, fault, true) });
        return true;
      }
      let assessments: Assessment[];
      try {
        assessments = await assess(csrs, connection, opts.policy);
      } catch (err) {
        // A finding comes only from what was read: a fault while reading RBAC or Nodes judges nothing.
        if (!isFault(err)) throw err;
        fault ??= err as Error;
        for (const csr of csrs) record({ error: new NotDecidedError(csr.metadata.name!, decision.verb, err as Error) });
        return true;
      }
      const selected = assessments.filter((a) => isSelected(decision, opts.failingOnly, a));
      if (table) table.add(assessments, selected);
      else {
        // Said only where this approval grants something (issue 23): never on deny, nor for a CSR already approved (a
        // no-op) or refused (its refusal says why). A bulk run shows the warnings' ids in its decision table instead.
        const granting = approving ? selected.filter((a) => isPending(a.csr)) : [];
        printWarnings(granting, io, { verbosity: deps.verbosity ?? 0 });
      }
      if (ask && !(await ask(selected.length))) return false;
      if (approving) for (const a of assessments) if (a.blockers.length) record({ error: new PolicyRefusal(a.csr.metadata.name!, a) });
      const outcomes = opts.dryRun ? selected.map((a) => ({ csr: a.csr })) : await apply(selected);
      for (const o of outcomes) record(o);
      return true;
    },
    listFailed(err, count) {
      const code = isFault(err) ? ExitCode.unavailable : err instanceof CliError ? err.exitCode : ExitCode.error;
      const said = new CliError(`could not list the pending CSRs beyond the first ${count}: ${err.message}; the rest were not decided`, code);
      io.stderr.write(errorLine(said.message));
      exitFor(said);
    },
    async finish(fieldSelector) {
      if (table && listed === 0) table.end();
      const readBackLine = sent ? await readBack(decision, faulted, deps.client, fieldSelector) : '';
      for (const o of faulted) report(o);
      // One CSR's error line says all; a bulk run counts its faults by kind.
      if (opts.pending || opts.names.length > 1) io.stderr.write(faultSummary(faulted) + readBackLine);
      printed?.end();
      if (opts.pending) io.stderr.write(`${decision.verb} ${counts.done}${suffix}, refused by policy ${counts.refused}, failed ${counts.failed}\n`);
      return exit;
    },
  };
}

/** One RBAC read per command, whatever the number of pages: the later pages read only the Nodes they name. */
function rbacOnce(connection: ClusterConnection): ClusterConnection {
  let rbac: RbacRead | undefined;
  return {
    ...connection,
    async readFacts(nodeNames) {
      const facts = await connection.readFacts(nodeNames, rbac);
      rbac ??= facts.rbac;
      return facts;
    },
  };
}
