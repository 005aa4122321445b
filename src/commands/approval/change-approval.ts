// approve and deny: ONE routine, as in kubectl's modifyCertificateCondition; they differ only in the decision.
// kubectl parity (k8s.io/kubectl/pkg/cmd/certificates/certificates.go): the opposite condition is an error; the same
// condition already present is success without a PUT unless --force; a 409 Conflict re-reads and retries (10 times).
// Beyond kubectl: policy checks before every approval (a block finding stops it unless --allow names it; --force
// never overrides policy), denial messages that carry the findings' ids, --pending bulk runs with a decision table
// and --dry-run, a summary on stderr of what an approval grants, and -o printing the object as the server returned
// it after the update (kubectl prints the one from before). A bulk run decides a page at a time (approval-run.ts).
import { CliError, ExitCode } from '../../errors.js';
import type { Io } from '../../io.js';
import type { CsrApi, CsrPage } from '../../kube/api.js';
import { byName, type Csr } from '../../kube/csr.js';
import { mapLimit } from '../../util/map-limit.js';
import { isPendingMatch } from './approval-selection.js';
import { NotDecidedError } from '../shared/decide.js';
import { isFault } from '../../kube/api-error.js';
import type { Decision } from '../../kube/csr-decision.js';
import type { Printer } from '../../output/printer.js';
import { tuneForBulkApproval } from '../../startup/v8-tuning.js';
import { approvalRun, PARALLEL_REQUESTS, type ApprovalRun, type ChangeApprovalDeps, type ChangeApprovalOptions } from './approval-run.js';

export { APPROVE, DENY, type Decision } from '../../kube/csr-decision.js';

export type { ChangeApprovalDeps, ChangeApprovalOptions } from './approval-run.js';

/** printer: -o prints the objects as the server returned them (a template each on its own, as kubectl certificate does); without it, one line each. */
export async function changeApproval(decision: Decision, opts: ChangeApprovalOptions, printer: Printer<Csr>, deps: ChangeApprovalDeps): Promise<ExitCode> {
  const run = approvalRun(decision, opts, printer, deps);
  if (!opts.pending) {
    const csrs = await namedTargets(opts.names, decision, deps.client, run);
    await run.batch(csrs);
    return run.finish(undefined);
  }
  const fieldSelector = signerSelector(opts.pending);
  if (asks(opts, deps.io)) {
    // A question before anything is sent counts the whole list: this run holds it (a terminal's run, read by a person).
    const ask = (selected: number) => (selected > 1 ? confirm(decision, selected, deps.io) : Promise.resolve(true));
    if (!(await run.batch(await pendingOrFault(opts.pending, deps.client), ask))) {
      deps.io.stderr.write('nothing changed\n');
      return ExitCode.error;
    }
    return run.finish(fieldSelector);
  }
  // A page at a time, the next one read while this one is decided: what a run holds is two pages, not the cluster.
  // V8 set for a run over many objects before the first page is read (startup/v8-tuning.ts).
  const collect = tuneForBulkApproval();
  const wanted = isPendingMatch(opts.pending);
  const pages = readAhead(deps.client.pages({ fieldSelector }));
  for (let listed = 0; ; ) {
    let page: IteratorResult<CsrPage>;
    try {
      page = await pages.next();
    } catch (err) {
      if (listed === 0 || !(err instanceof CliError)) throw listError(err);
      run.listFailed(err, listed);
      break;
    }
    if (page.done) break;
    listed += page.value.items.length;
    await run.batch(page.value.items.filter(wanted).sort(byName));
    // The page just decided is garbage now: collected before the next one is decided, not once the old generation
    // has grown by half again over what the last collection kept (BENCHMARKS.md, "Bulk approval memory").
    collect();
  }
  return run.finish(fieldSelector);
}

async function namedTargets(names: string[], decision: Decision, client: CsrApi, run: ApprovalRun): Promise<Csr[]> {
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
    else run.record(g);
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
    throw listError(err);
  }
}

/** The list failed before anything was decided: a fault says so, and may be tried again. */
function listError(err: unknown): unknown {
  return isFault(err) ? new CliError(`could not list the pending CSRs: ${(err as Error).message}; nothing was decided`, ExitCode.unavailable) : err;
}

/** Yields each item of `source` while it reads the next. */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const items = source[Symbol.asyncIterator]();
  let next = items.next();
  for (;;) {
    const item = await next;
    if (item.done) return;
    next = items.next();
    next.catch(() => undefined); // its failure is met when it is awaited, after this item
    yield item.value;
  }
}

function signerSelector(filter: { signer?: string }): string | undefined {
  return filter.signer ? `spec.signerName=${filter.signer}` : undefined;
}

/** Only on a terminal, for a run that changes CSRs: scripts never get a question. */
function asks(opts: ChangeApprovalOptions, io: Io): boolean {
  return !opts.dryRun && !opts.serverDryRun && !opts.yes && !!io.stdinIsTTY && !!io.prompt;
}

async function confirm(decision: Decision, count: number, io: Io): Promise<boolean> {
  const verb = decision.condition === 'Approved' ? 'Approve' : 'Deny';
  const answer = await io.prompt!(`${verb} ${count} certificate signing requests? [y/N] `);
  return /^y(es)?$/i.test((answer ?? '').trim());
}
