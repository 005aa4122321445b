// The one way a verb becomes a yargs command (issue 22): its declaration (commands/VERB-flags.ts) is given to yargs
// as it is, and the handler, after parsing, loads the verb (commands/VERB.ts), calls complete(argv, io) for the typed
// options and the printer, builds the lazy API handle from the kubeconfig flags, and calls run(opts, deps). Nothing
// here knows one verb from another.
import type { Argv, CommandModule } from 'yargs';
import type { ArgvOf, Declaration, FlagSet } from '../commands/shared/flags.js';
import type { RunDeps, Verb } from '../commands/shared/verb.js';
import { connector, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { untilInterrupted } from './interrupt.js';

/** A run that is not stopped by a signal: --watch runs ask for one (Completed.untilStopped). */
const NEVER = new AbortController().signal;

export function defineCommand<F extends FlagSet, O, P>(declaration: Declaration<F>, load: () => Promise<Verb<ArgvOf<F>, O, P>>) {
  return (ctx: CommandContext): CommandModule => ({
    command: declaration.command,
    ...(declaration.aliases ? { aliases: [...declaration.aliases] } : {}),
    describe: declaration.describe,
    builder: (y: Argv) => declareFlags(y, declaration),
    handler: (argv) =>
      ctx.run(async () => {
        const verb = await load();
        // The one cast between yargs and a verb: yargs parsed argv by this very declaration, which ArgvOf reads.
        const completed = await verb.complete(argv as unknown as ArgvOf<F>, ctx.deps.io);
        const shadowed = Object.fromEntries((declaration.shadows ?? []).map((name) => [name, undefined]));
        const given: Record<string, unknown> = declaration.cluster ? { ...argv, ...shadowed } : {};
        const api = connector(ctx.deps, kubeFlagsFrom(given));
        const run = (signal: AbortSignal) => verb.run(completed.options, { io: ctx.deps.io, now: ctx.deps.now, api, signal, verbosity: ctx.deps.verbosity ?? 0, printer: completed.printer } as RunDeps<P>);
        return completed.untilStopped ? untilInterrupted(run) : run(NEVER);
      }),
  });
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
