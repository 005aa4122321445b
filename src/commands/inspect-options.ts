// inspect: argv → the one options object (kubectl's Complete and Validate): the -o template is read and every flag
// checked before a file or the cluster is; runInspect decodes a file offline, or CSRs from the cluster.
import { UsageError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { ClusterConnection } from '../kube/api.js';
import type { CsrApi } from '../kube/api.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import type { OutputFormat } from '../output/output-format.js';
import type { Printer } from '../output/printer.js';
import { INSPECT_PRINTING, type Inspected } from '../output/inspect-printing.js';
import type { PolicySettings } from '../policy/assessment.js';
import { parseDuration } from '../util/go-duration.js';
import { policySettings, type PolicyFlags } from './shared/policy-settings.js';
import { buildPrinter } from './shared/output-options.js';
import { inspectFile, inspectNames } from './inspect.js';

/** The flags of inspect, as yargs parses them. */
export interface InspectArgs extends PolicyFlags {
  names?: string[];
  /** Repeated, yargs gives every value: inspect reads one file and refuses more. */
  filename?: string | string[];
  output?: OutputFormat;
  expiringWithin: string;
}

/** A file (offline), or CSRs in the cluster with the policy settings their checks need. */
export type InspectOptions = { printer: Printer<Inspected>; expiringWithinMs: number } & ({ file: string } | { names: string[]; policy: PolicySettings });

export async function inspectOptions(a: InspectArgs, io: Io): Promise<InspectOptions> {
  const printer = await buildPrinter({ output: a.output }, INSPECT_PRINTING, io);
  const names = (a.names ?? []).map(csrNameFromArgument);
  if (Array.isArray(a.filename)) throw new UsageError('-f names one file: inspect each file on its own');
  if (a.filename !== undefined && names.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
  const expiringWithinMs = parseDuration(a.expiringWithin);
  if (expiringWithinMs === null) throw new UsageError(`invalid --expiring-within "${a.expiringWithin}": use a duration like 720h or 30d`);
  // The policy flags matter only for the checks against the cluster: an offline -f ignores them, as it always has.
  if (a.filename !== undefined) return { file: a.filename, printer, expiringWithinMs };
  if (!names.length) throw new UsageError('one or more CSRs must be specified as <name> or -f <filename>');
  return { names, policy: policySettings(a), printer, expiringWithinMs };
}

export interface InspectRunDeps {
  io: Io;
  now: () => Date;
  connect(): Promise<{ client: CsrApi; connection: ClusterConnection }>;
}

export async function runInspect(opts: InspectOptions, deps: InspectRunDeps): Promise<ExitCode> {
  if ('file' in opts) return inspectFile(opts, deps);
  const { client, connection } = await deps.connect();
  return inspectNames(opts, { io: deps.io, now: deps.now, client, connection });
}
