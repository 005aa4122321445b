// What every verb is (issue 22), as kubectl's Complete/Validate/Run and gh's Options + runF: `complete(argv, io)`
// turns the argv its declaration (VERB-flags.ts) types into the typed options and the one printer, checking every
// flag rule (a UsageError, exit 2, before anything is read from the cluster or written); `run(opts, deps)` does the
// work and sees only interfaces. src/cli/define-command.ts calls the two; tests call them through main().
import type { ExitCode } from '../../errors.js';
import type { Io } from '../../io.js';
import type { Cluster } from '../../kube/api.js';
import type { Printer } from '../../output/printer.js';

/** What complete() hands to run(): the options, and the printer when the verb prints objects (P: what it prints). */
export type Completed<O, P = void> = {
  options: O;
  /** The run goes on until stopped (--watch): SIGINT and SIGTERM end it through deps.signal, and it exits cleanly. */
  untilStopped?: boolean;
} & ([P] extends [void] ? { printer?: undefined } : { printer: Printer<P> });

/** All a run depends on. */
export type RunDeps<P = void> = {
  io: Io;
  now: () => Date;
  /** The cluster the kubeconfig flags name, connected on the first call: a run that needs none never loads the client. */
  api: () => Promise<Cluster>;
  /** Aborted by SIGINT/SIGTERM when complete() said untilStopped; never otherwise. */
  signal: AbortSignal;
  /** -v: what a run says beyond its default (from 2, each policy warning on its own line). */
  verbosity?: number;
} & ([P] extends [void] ? object : { printer: Printer<P> });

export interface Verb<A, O, P = void> {
  complete(argv: A, io: Io): Completed<O, P> | Promise<Completed<O, P>>;
  run(opts: O, deps: RunDeps<P>): Promise<ExitCode>;
}
