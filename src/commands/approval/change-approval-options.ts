// approve and deny: argv → the one options object, as kubectl's Complete and Validate (certificates.go): the -o
// template and the -f files are read, then every flag rule is checked, all before the cluster is asked; run hands the
// options to the single run, the --watch run or the --interactive review.
import { ExitCode, UsageError } from '../../errors.js';
import type { Io } from '../../io.js';
import { csrNameFromArgument } from '../../kube/object-name.js';
import { csrPrinting } from '../../output/csr-printer.js';
import { readCsrNames } from '../../input/read-csr-names.js';
import type { Csr } from '../../kube/csr.js';
import { APPROVE, DENY, type Decision } from '../../kube/csr-decision.js';
import { policySettings } from '../shared/policy-settings.js';
import { buildPrinter } from '../shared/output-options.js';
import type { ArgvOf } from '../shared/flags.js';
import type { RunDeps, Verb } from '../shared/verb.js';
import { dryRunFlag } from '../shared/dry-run.js';
import { changeApproval } from './change-approval.js';
import type { APPROVE_COMMAND, DENY_COMMAND } from './change-approval-flags.js';

type ApprovalArgv = ArgvOf<typeof APPROVE_COMMAND.flags> | ArgvOf<typeof DENY_COMMAND.flags>;

/** `nothing`: the -f files name no CSR (kubectl: "No resources found"); otherwise one of the three runs. */
type Mode = 'nothing' | 'once' | 'watch' | 'interactive';

async function complete(decision: Decision, a: ApprovalArgv, io: Io) {
  const given = (a.names ?? []).map(csrNameFromArgument);
  const files = a.filename ?? [];
  // kubectl's words (cli-runtime resource.Builder): names and files never together, so nothing is done twice.
  if (files.length && given.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
  const printer = await buildPrinter({ output: a.output }, csrPrinting('lines'), io);
  const fromFiles = files.length ? await readCsrNames(files, io) : [];
  const failing = 'failing' in a && a.failing;
  const interactive = 'interactive' in a && a.interactive;
  const names = [...given, ...fromFiles];
  const dryRun = dryRunFlag(a.dryRun, io);
  const nothing = files.length > 0 && !fromFiles.length && !a.pending;
  if (!nothing) {
    if (a.pending && names.length) throw new UsageError('give CSR names or --pending, not both');
    if (!a.pending && !names.length) throw new UsageError('one or more CSRs must be specified as <name>, -f <filename> or --pending');
    if (failing && !a.pending) throw new UsageError('--failing works with --pending');
    if (!a.pending && (a.signer || a.requestor)) throw new UsageError('--signer and --requestor work with --pending');
    if (a.watch && !a.pending) throw new UsageError('--watch works with --pending');
    if (a.watch && a.output) throw new UsageError('--watch prints one line per decision; -o does not apply');
    if (a.watch && dryRun === 'server') throw new UsageError('--watch decides as CSRs arrive; use --dry-run=client with it');
    if (interactive && (a.watch || dryRun !== 'none' || a.output)) throw new UsageError('--interactive asks about each CSR; it does not go with --watch, --dry-run or -o');
  }
  const mode: Mode = nothing ? 'nothing' : interactive ? 'interactive' : a.watch ? 'watch' : 'once';
  const options = {
    decision,
    mode,
    names,
    pending: a.pending ? { signer: a.signer, requestor: a.requestor } : null,
    failingOnly: failing,
    /** --dry-run=client: nothing sent; what would be decided is printed. */
    dryRun: dryRun === 'client',
    /** --dry-run=server: each decision sent with dryRun=All, checked by the server and stored nowhere. */
    serverDryRun: dryRun === 'server',
    yes: a.yes,
    force: a.force,
    reason: a.reason,
    message: a.message,
    policy: policySettings(a),
  };
  return { options, printer, untilStopped: mode === 'watch' };
}

type ApprovalOptions = Awaited<ReturnType<typeof complete>>['options'];

async function run(opts: ApprovalOptions, deps: RunDeps<Csr>): Promise<ExitCode> {
  if (opts.mode === 'nothing') {
    deps.io.stderr.write('No resources found\n');
    return ExitCode.ok;
  }
  const cluster = await deps.api();
  const { client, connection } = cluster;
  const run = { io: deps.io, now: deps.now, verbosity: deps.verbosity, client, connection };
  if (opts.mode === 'interactive') {
    const { reviewApproval } = await import('./change-approval-review.js');
    return reviewApproval(opts, deps.printer, run);
  }
  if (opts.mode === 'watch') {
    const { watchApproval } = await import('./change-approval-watch.js');
    const { pagedListMemory } = await import('../../startup/v8-tuning.js');
    return watchApproval(opts.decision, { ...opts, pending: opts.pending! }, { ...run, scoped: cluster.scoped, signal: deps.signal, listMemory: pagedListMemory });
  }
  return changeApproval(opts.decision, opts, deps.printer, run);
}

export const approve: Verb<ArgvOf<typeof APPROVE_COMMAND.flags>, ApprovalOptions, Csr> = { complete: (a, io) => complete(APPROVE, a, io), run };
export const deny: Verb<ArgvOf<typeof DENY_COMMAND.flags>, ApprovalOptions, Csr> = { complete: (a, io) => complete(DENY, a, io), run };
