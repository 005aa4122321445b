// list: kubectl get csr's columns plus the decoded subject, with the filters an admin reaches for.
import { ExitCode, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CsrApi } from '../kube/api.js';
import { ApiError } from '../kube/api-error.js';
import { followCsrs, untilReachable, type Reconnect } from '../kube/follow-csrs.js';
import { printable } from '../util/printable.js';
import { hasCondition, isPending, type Csr } from '../kube/csr.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import { csrTablePrinting } from '../output/csr-printer.js';
import { tuneForBulk } from '../startup/v8-tuning.js';
import { buildPrinter } from './shared/output-options.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { LIST } from './list-flags.js';
import { serverSelector } from './list-query.js';

type ListState = 'pending' | 'approved' | 'denied' | 'issued';
const STATES: ListState[] = ['pending', 'approved', 'denied', 'issued'];

/** Pairs of filters no CSR passes together: the API server keeps Approved and Denied apart, and lets a signer issue a certificate only to an approved CSR. */
const EXCLUSIVE: [ListState, ListState][] = [
  ['pending', 'approved'],
  ['pending', 'denied'],
  ['pending', 'issued'],
  ['approved', 'denied'],
  ['denied', 'issued'],
];

/**
 * A template that does not parse, a template file that cannot be read, a --sort-by that is not a jsonpath, filters no
 * CSR can pass together or names with a selector are usage errors before the cluster is asked.
 */
export async function complete(a: ArgvOf<typeof LIST.flags>, io: Io) {
  const states = STATES.filter((s) => a[s]);
  for (const [x, y] of EXCLUSIVE) {
    if (states.includes(x) && states.includes(y)) throw new UsageError(`--${x} and --${y} cannot be used together: no CSR is both`);
  }
  const names = (a.names ?? []).map(csrNameFromArgument);
  // kubectl's words (resource.Builder and get's watch), for the same mistakes
  if (names.length > 0 && (a.selector || a.fieldSelector)) throw new UsageError('name cannot be provided when a selector is specified');
  if (names.length > 1 && a.watch) {
    throw new UsageError(`watch is only supported on individual resources and resource collections, but ${names.length} resources were found`);
  }
  const labelColumns = (a.labelColumns ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  const printing = await csrTablePrinting(a.output, { showManagedFields: a.showManagedFields, showLabels: a.showLabels, labelColumns });
  // One name watched is the list of that name, as kubectl watches it (a field selector on metadata.name).
  const named = a.watch ? [] : names;
  const printer = await buildPrinter(
    { output: a.output, noHeaders: a.noHeaders, sortBy: a.sortBy },
    { ...printing, listing: true, named: named.length || undefined, watching: a.watch },
    io,
  );
  /** names: kubectl get csr NAME...: only these, read one by one, in this order. states: only CSRs in all of these. */
  return { options: { ...a, names: named, states, fieldSelector: a.watch && names.length === 1 ? `metadata.name=${names[0]}` : a.fieldSelector }, printer };
}

type ListOptions = Awaited<ReturnType<typeof complete>>['options'];

export async function run(opts: ListOptions, runDeps: RunDeps<Csr>): Promise<ExitCode> {
  const { client } = await runDeps.api();
  const deps = { ...runDeps, client };
  if (opts.names.length > 0) return listNamed(opts, deps);
  // spec.signerName is a supported field selector on list and watch: filter on the server.
  const selector = serverSelector(opts);
  // Each page becomes what is printed of it (a row's cells, a name) as it arrives, and its objects are let go: the
  // memory of a big cluster's list is its rows, not its objects (BENCHMARKS.md). Templates, --sort-by and -o json|yaml
  // need the objects.
  const { printer } = deps;
  // -o name without filters that look into spec or status needs nothing but the names.
  const metadataOnly = printer.keeps === 'name' && !opts.requestor && opts.states.length === 0;
  const now = deps.now();
  const listed = printer.collect(now);
  const read = async (add: (c: Csr) => void): Promise<string> => {
    let resourceVersion = '';
    // V8 tuned for a list of many pages before its first page is parsed (the token in its first bytes), or else once parsed.
    for await (const page of client.pages({ ...selector, metadataOnly, readAhead: true, morePages: tuneForBulk })) {
      if (page.more) tuneForBulk();
      resourceVersion = page.resourceVersion;
      for (const c of page.items) if (matches(c, opts)) add(c);
    }
    return resourceVersion;
  };
  if (!opts.watch) {
    await read((c) => listed.add(c));
    listed.end();
    return ExitCode.ok;
  }
  // -w waits for a server that is not up yet, as it waits for one that went away (issue 27); a list cut halfway is
  // read again from the start, so its objects are printed once it is whole.
  let items: Csr[] = [];
  const readWhole = () => {
    items = [];
    return read((c) => items.push(c));
  };
  const resourceVersion = await untilReachable(readWhole, reconnectNotes(deps.io), deps.signal);
  if (resourceVersion === undefined) return ExitCode.ok;
  for (const c of items) listed.add(c);
  listed.end();
  await watchRows(opts, { ...deps, client }, selector, resourceVersion);
  return ExitCode.ok;
}

/**
 * kubectl get csr NAME...: each read by name; those found print in the order named, and each one not found is
 * kubectl's line on stderr afterwards (exit 1), as kubectl reports them.
 */
async function listNamed(opts: ListOptions, deps: RunDeps<Csr> & { client: CsrApi }): Promise<ExitCode> {
  const found = await Promise.all(
    opts.names.map((name) =>
      deps.client.get(name).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return err;
        throw err;
      }),
    ),
  );
  const listed = deps.printer.collect(deps.now());
  for (const c of found) if (!(c instanceof ApiError) && matches(c, opts)) listed.add(c);
  listed.end();
  const missing = found.filter((c) => c instanceof ApiError);
  for (const err of missing) deps.io.stderr.write(`${printable(err.message)}\n`);
  return missing.length > 0 ? ExitCode.error : ExitCode.ok;
}

/** kubectl get -w: one more row each time a CSR changes, until interrupted. */
async function watchRows(opts: ListOptions, deps: RunDeps<Csr> & { client: CsrApi }, selector: { fieldSelector?: string; labelSelector?: string }, fromVersion: string): Promise<void> {
  for await (const change of followCsrs(deps.client, selector, fromVersion, { signal: deps.signal, reconnect: reconnectNotes(deps.io) })) {
    if (change.type === 'LISTED' || change.type === 'RELISTED' || !matches(change.object, opts)) continue;
    deps.printer.change(change.object, deps.now());
  }
}

/** What -w says on stderr when the server goes and comes back: once each, not once per retry. */
function reconnectNotes(io: Io): Reconnect {
  return {
    lost: (err, neverReached) => io.stderr.write(`${neverReached ? 'waiting for the API server' : 'lost the API server'} (${printable(err.message)}); retrying with backoff\n`),
    back: () => io.stderr.write('watching again\n'),
  };
}

function matches(c: Csr, opts: ListOptions): boolean {
  if (opts.requestor && c.spec.username !== opts.requestor) return false;
  return opts.states.every((state) => inState(c, state));
}

function inState(c: Csr, state: ListState): boolean {
  switch (state) {
    case 'pending':
      return isPending(c);
    case 'approved':
      return hasCondition(c, 'Approved');
    case 'denied':
      return hasCondition(c, 'Denied');
    case 'issued':
      return Boolean(c.status?.certificate);
  }
}
