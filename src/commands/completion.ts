// `completion <shell>` prints a script (completion-scripts.ts); the scripts call the hidden
// `kubectl csr __complete WORDS... PARTIAL`, which kubectl_complete-csr and the completion scripts run.
// It never fails: a shell in the middle of a completion has nowhere to show an error, so a cluster that cannot be
// reached just means that no names are offered.
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandLineSpec } from './completion-spec.js';
import { completeWords, Directive, type Completion, type Lookups } from './completion-candidates.js';
import { SCRIPTS } from './completion-scripts.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { COMPLETION } from './completion-flags.js';

export function complete(a: ArgvOf<typeof COMPLETION.flags>) {
  return { options: a };
}

export function run(opts: ReturnType<typeof complete>['options'], { io }: RunDeps): Promise<ExitCode> {
  io.stdout.write(SCRIPTS[opts.shell]);
  return Promise.resolve(ExitCode.ok);
}

export async function runCompletion(words: string[], spec: CommandLineSpec, lookups: Lookups, io: Io): Promise<ExitCode> {
  const nothing: Completion = { candidates: [], directive: Directive.noFileComp };
  const { candidates, directive } = await completeWords(words, spec, lookups).catch(() => nothing);
  io.stdout.write([...candidates, `:${directive}`].join('\n') + '\n');
  return ExitCode.ok;
}
