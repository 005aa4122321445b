// The one way a verb becomes a yargs command (issue 22): its declaration (commands/VERB-flags.ts) is given to yargs
// as it is, and the handler, after parsing, loads the verb (commands/VERB.ts), calls complete(argv, io) for the typed
// options and the printer, builds the lazy API handle from the kubeconfig flags, and calls run(opts, deps). Nothing
// here knows one verb from another.
import type { Argv, CommandModule } from 'yargs';
import type { ArgvOf, Declaration, FlagSet } from '../commands/shared/flags.js';
import type { RunDeps, Verb } from '../commands/shared/verb.js';
import type { ListOptions } from '../kube/api.js';
import { connector, type Cluster, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { untilInterrupted } from './interrupt.js';

/** A run that is not stopped by a signal: --watch runs ask for one (Completed.untilStopped). */
const NEVER = new AbortController().signal;

/**
 * readAhead: the list the verb will read first, when its line says so before the verb is loaded; it is asked for
 * first, and the verb loads while the server answers (kube/csr-client.ts readAhead; BENCHMARKS.md, start-up).
 */
export function defineCommand<F extends FlagSet, O, P>(declaration: Declaration<F>, load: () => Promise<Verb<ArgvOf<F>, O, P>>, readAhead?: (argv: ArgvOf<F>) => ListOptions | undefined) {
  return (ctx: CommandContext): CommandModule => ({
    command: declaration.command,
    ...(declaration.aliases ? { aliases: [...declaration.aliases] } : {}),
    describe: declaration.describe,
    builder: (y: Argv) => declareFlags(y, declaration),
    handler: (argv) =>
      ctx.run(async () => {
        // The one cast between yargs and a verb: yargs parsed argv by this very declaration, which ArgvOf reads.
        const typed = argv as unknown as ArgvOf<F>;
        const shadowed = Object.fromEntries((declaration.shadows ?? []).map((name) => [name, undefined]));
        const given: Record<string, unknown> = declaration.cluster ? { ...argv, ...shadowed } : {};
        const api = connector(ctx.deps, kubeFlagsFrom(given));
        const first = readAhead?.(typed);
        const early = first ? await askEarly(api, first) : undefined;
        try {
          const verb = await load();
          // Another turn of the event loop once the verb is loaded: the TLS handshake of the page asked for early moves
          // on between our steps, where it waited for all of them (BENCHMARKS.md, session 13: 2-5 ms of `list --signer none`).
          if (early) await new Promise((resolve) => setImmediate(resolve));
          const completed = await verb.complete(typed, ctx.deps.io);
          const run = (signal: AbortSignal) => verb.run(completed.options, { io: ctx.deps.io, now: ctx.deps.now, api, signal, verbosity: ctx.deps.verbosity ?? 0, printer: completed.printer } as RunDeps<P>);
          return await (completed.untilStopped ? untilInterrupted(run) : run(NEVER));
        } finally {
          early?.abort(); // a first page the run did not take
        }
      }),
  });
}

/**
 * Connects and asks for the list, then gives the request a turn of the event loop to leave. A connection that fails
 * here fails again, with the same error, when the run asks for it.
 */
async function askEarly(api: () => Promise<Cluster>, list: ListOptions): Promise<AbortController> {
  const early = new AbortController();
  try {
    (await api()).client.readAhead?.(list, early.signal);
  } catch {
    return early;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return early;
}

/**
 * The declaration, in its order: -o, the kubeconfig flags, the help groups, then each positional and flag. (The order
 * is what completion offers flags in; -o has always come first.)
 */
function declareFlags(y: Argv, declaration: Declaration): Argv {
  const { output, ...flags } = declaration.flags;
  let declared = output && !('positional' in output) ? y.option('output', output) : y;
  if (declaration.cluster) declared = withKubeFlags(declared);
  for (const [heading, names] of declaration.groups ?? []) declared = declared.group([...names], heading);
  for (const [name, flag] of Object.entries(flags)) {
    if ('positional' in flag) {
      const { positional: _, ...option } = flag;
      declared = declared.positional(name, option);
    } else {
      declared = declared.option(name, flag);
    }
  }
  for (const [command, text] of declaration.examples ?? []) declared = declared.example(command, text);
  return declared;
}
