// approve and deny: argv → the one options object, as kubectl's Complete and Validate (certificates.go): the -o
// template and the -f files are read, then every flag rule is checked, all before the cluster is asked; runApproval
// hands the options to the single run, the --watch run or the --interactive review.
import { ExitCode, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { Cluster } from '../kube/api.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import type { OutputFormat } from '../output/output-format.js';
import { csrPrinting } from '../output/csr-printer.js';
import { readCsrNames } from '../input/read-csr-names.js';
import { policySettings, type PolicyFlags } from './shared/policy-settings.js';
import { buildPrinter } from './shared/output-options.js';
import { changeApproval, type ChangeApprovalOptions, type Decision } from './change-approval.js';

/** The flags of approve and deny, as yargs parses them. */
export interface ApprovalArgs extends PolicyFlags {
  names?: string[];
  /** Repeating -f gives every file. */
  filename?: string | string[];
  output?: OutputFormat;
  pending: boolean;
  signer?: string;
  requestor?: string;
  watch: boolean;
  dryRun: boolean;
  yes: boolean;
  force: boolean;
  reason?: string;
  message?: string;
  /** deny only. */
  failing?: boolean;
  /** approve only. */
  interactive?: boolean;
}

/** `nothing`: the -f files name no CSR (kubectl: "No resources found"); otherwise one of the three runs. */
export type ApprovalOptions = { mode: 'nothing' } | (ChangeApprovalOptions & { mode: 'once' | 'watch' | 'interactive' });

export async function approvalOptions(a: ApprovalArgs, io: Io): Promise<ApprovalOptions> {
  const given = (a.names ?? []).map(csrNameFromArgument);
  const files = [a.filename ?? []].flat();
  // kubectl's words (cli-runtime resource.Builder): names and files never together, so nothing is done twice.
  if (files.length && given.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
  const printer = await buildPrinter({ output: a.output }, csrPrinting('lines'), io);
  const fromFiles = files.length ? await readCsrNames(files, io) : [];
  if (files.length && !fromFiles.length && !a.pending) return { mode: 'nothing' };
  const names = [...given, ...fromFiles];
  if (a.pending && names.length) throw new UsageError('give CSR names or --pending, not both');
  if (!a.pending && !names.length) throw new UsageError('one or more CSRs must be specified as <name>, -f <filename> or --pending');
  if (a.failing && !a.pending) throw new UsageError('--failing works with --pending');
  if (!a.pending && (a.signer || a.requestor)) throw new UsageError('--signer and --requestor work with --pending');
  if (a.watch && !a.pending) throw new UsageError('--watch works with --pending');
  if (a.watch && a.output) throw new UsageError('--watch prints one line per decision; -o does not apply');
  if (a.interactive && (a.watch || a.dryRun || a.output)) throw new UsageError('--interactive asks about each CSR; it does not go with --watch, --dry-run or -o');
  return {
    mode: a.interactive ? 'interactive' : a.watch ? 'watch' : 'once',
    names,
    pending: a.pending ? { signer: a.signer, requestor: a.requestor } : null,
    failingOnly: a.failing === true,
    dryRun: a.dryRun,
    yes: a.yes,
    force: a.force,
    reason: a.reason,
    message: a.message,
    printer,
    policy: policySettings(a),
  };
}

export interface ApprovalDeps {
  io: Io;
  now: () => Date;
  connect(): Promise<Cluster>;
  /** Ends --watch: SIGINT or SIGTERM in the CLI. */
  signal?: AbortSignal;
}

export async function runApproval(decision: Decision, opts: ApprovalOptions, deps: ApprovalDeps): Promise<ExitCode> {
  if (opts.mode === 'nothing') {
    deps.io.stderr.write('No resources found\n');
    return ExitCode.ok;
  }
  const cluster = await deps.connect();
  const { client, connection } = cluster;
  const run = { io: deps.io, now: deps.now, client, connection };
  if (opts.mode === 'interactive') {
    const { reviewApproval } = await import('./change-approval-review.js');
    return reviewApproval(opts, run);
  }
  if (opts.mode === 'watch') {
    const { watchApproval } = await import('./change-approval-watch.js');
    // Without a signal (a caller that never stops it), the watch runs until it fails.
    return watchApproval(decision, { ...opts, pending: opts.pending! }, { ...run, scoped: cluster.scoped, signal: deps.signal ?? new AbortController().signal });
  }
  return changeApproval(decision, opts, run);
}
