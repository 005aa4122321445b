// main(argv, io) → exit code. The only place where errors become messages and exit codes.
import type { ArgumentsCamelCase } from 'yargs';
import { CliError, errorLine, ExitCode, UsageError } from './errors.js';
import type { Io } from './io.js';
import type { CommandContext, Deps } from './cli/context.js';
import { listCommand } from './cli/list-command.js';
import { shortVersion } from './version.js';
import { UnauthorizedError } from './kube/api-error.js';
import { printable } from './util/printable.js';
import { bareDryRun } from './commands/shared/dry-run.js';
import { commandWord, unknownCommand } from './cli/usage-words.js';
import { quickArgv } from './cli/quick-parse.js';
import { LIST } from './commands/list-flags.js';

/** `connect`: the cluster the kubeconfig flags name; HTTPS by default, an in-memory one in tests (test/fakes/). */
export async function main(argv: string[], io: Io, now: () => Date = () => new Date(), connect?: Deps['connect']): Promise<ExitCode> {
  const verbose = verbosity(argv);
  const deps: Deps = { io, now, verbosity: verbose, ...(connect ? { connect } : {}) };
  let work: (() => Promise<ExitCode>) | undefined;
  const ctx: CommandContext = { deps, run: (w) => void (work = w) };
  // What kubectl_complete-csr and the completion scripts run; before yargs, which would reject a half-typed line.
  if (argv[0] === '__complete') return complete(argv.slice(1), ctx);
  // Not an option of every command (kubectl's help lists none of its --version): the top level's alone.
  if (argv.length === 1 && argv[0] === '--version') {
    io.stdout.write(shortVersion());
    return ExitCode.ok;
  }
  try {
    const line = argv.length === 0 ? ['--help'] : bareDryRun(optionsAsHelp(argv));
    const help = readQuickly(line, ctx) ? undefined : await parseLine(argv, line, ctx);
    if (help !== undefined) {
      io.stdout.write(help.endsWith('\n') ? help : help + '\n');
      return ExitCode.ok;
    }
    if (!work) throw new UsageError('no command given; see "kubectl csr --help"');
    return await work();
  } catch (err) {
    return report(err, io, verbose);
  }
}

/**
 * The help main() prints for argv at a terminal width, or undefined when argv does not ask for help. The build
 * renders the common ones ahead of time (src/startup/precomputed-help.ts), so that `--help` need not load yargs.
 */
export async function renderHelp(argv: string[], width: number): Promise<string | undefined> {
  const ctx: CommandContext = { deps: { io: { ...NO_IO }, now: () => new Date() }, run: () => {} };
  try {
    const { parse } = await import('./cli/command-line.js');
    const help = await parse(optionsAsHelp(argv), ctx, width);
    return help === undefined ? undefined : help.endsWith('\n') ? help : help + '\n';
  } catch {
    return undefined;
  }
}

/** The names of the commands, as `kubectl csr NAME --help` takes them. */
export async function commandNames(): Promise<string[]> {
  const ctx: CommandContext = { deps: { io: { ...NO_IO }, now: () => new Date() }, run: () => {} };
  const [{ readCommandLine }, { commandLine }] = await Promise.all([import('./commands/completion-spec.js'), import('./cli/command-line.js')]);
  return readCommandLine((y) => commandLine(y, ctx)).commands.map((c) => c.name);
}

/** Rendering help reads and writes nothing: an Io that would fail loudly if it tried. */
const NO_IO: Io = {
  stdout: { write: () => { throw new Error('help rendering writes nothing'); } },
  stderr: { write: () => { throw new Error('help rendering writes nothing'); } },
  readStdin: () => Promise.reject(new Error('help rendering reads nothing')),
  env: {},
  cwd: '/',
};

/**
 * `list` read without yargs (cli/quick-parse.ts), its work left in ctx as its handler leaves it; false when the line
 * needs yargs. yargs and the other verbs are imported only by parseLine(): loading and building them was a quarter of
 * `list --signer none`, before its request was sent.
 */
function readQuickly(line: string[], ctx: CommandContext): boolean {
  const parsed = quickArgv(LIST, line);
  if (parsed === undefined) return false;
  void listCommand(ctx).handler(parsed as ArgumentsCamelCase);
  return true;
}

/**
 * Any line that readQuickly() does not read, by yargs with every verb's declaration: cobra's words for a command it
 * does not have first (bare `kubectl csr` prints help, as a cobra root without Run does).
 */
async function parseLine(argv: string[], line: string[], ctx: CommandContext): Promise<string | undefined> {
  const { commandWords, parse } = await import('./cli/command-line.js');
  const word = commandWord(argv);
  if (word !== undefined && !commandWords(ctx).includes(word)) throw unknownCommand(word, commandWords(ctx, false));
  return parse(line, ctx);
}

/**
 * Whether main() reads argv without yargs (readQuickly): the lines the single executable's list script runs
 * (bin-list.ts), which carries neither yargs nor the other verbs.
 */
export function readsWithoutYargs(argv: string[]): boolean {
  if (argv.length === 0 || argv[0] === '__complete') return false;
  try {
    return quickArgv(LIST, bareDryRun(optionsAsHelp(argv))) !== undefined;
  } catch {
    return true; // a flag's value refused (-o bogus): main() reports it, from the same reading
  }
}

/** `kubectl csr options` prints what `kubectl csr options --help` does, as `kubectl options` does. */
function optionsAsHelp(argv: string[]): string[] {
  return argv[0] === 'options' ? ['options', '--help'] : argv;
}

async function complete(words: string[], ctx: CommandContext): Promise<ExitCode> {
  const [{ readCommandLine }, { completionLookups }, { runCompletion }, { commandLine }] = await Promise.all([
    import('./commands/completion-spec.js'),
    import('./cli/completion-lookups.js'),
    import('./commands/completion.js'),
    import('./cli/command-line.js'),
  ]);
  return runCompletion(words, readCommandLine((y) => commandLine(y, ctx)), completionLookups(ctx.deps), ctx.deps.io);
}

/** -v, read before parsing so that a usage error can show its stack; the last -v counts, as with any flag. */
function verbosity(argv: string[]): number {
  let i = -1;
  argv.forEach((a, at) => {
    if (a === '-v' || a.startsWith('-v=') || a.startsWith('--v=')) i = at;
  });
  if (i < 0) return 0;
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return Number(value) || 0;
}

function report(err: unknown, io: Io, verbose: number): ExitCode {
  if (err instanceof CliError) {
    io.stderr.write(errorLine(err.message));
    if (err instanceof UsageError) io.stderr.write(err.after);
    if (err instanceof UnauthorizedError && err.explanation) io.stderr.write(`${printable(err.explanation)}\n`);
    if (verbose >= 6 && err.stack) io.stderr.write(err.stack + '\n');
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(errorLine(message.split('\n')[0]!));
  if (verbose >= 6 && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
  return ExitCode.error;
}
