// main(argv, io) → exit code. The only place where errors become messages and exit codes.
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { CliError, errorLine, ExitCode, UsageError } from './errors.js';
import type { Io } from './io.js';
import type { CommandContext, Deps } from './cli/context.js';
import { approveCommand, approverCommand, bundlesCommand, completionCommand, DECLARATIONS, denyCommand, fetchCommand, inspectCommand, listCommand, podcertsCommand, renewCommand, requestCommand, versionCommand } from './cli/commands.js';
import { commandHelp, optionsHelp, rootHelp } from './cli/help-layout.js';
import { OPTIONS_HINT, optionsCommand } from './cli/options.js';
import { GLOBAL_FLAGS, VERBOSITY_FLAG } from './cli/kube-flags.js';
import { shortVersion } from './version.js';
import { UnauthorizedError } from './kube/api-error.js';
import { printable } from './util/printable.js';
import { helpWidth } from './cli/terminal-width.js';
import { bareDryRun } from './commands/shared/dry-run.js';
import { commandWord, flagError, unknownCommand } from './cli/usage-words.js';
import { skipHelpCache } from './startup/yargs-help-cache.js';
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
    // cobra's words for a command it does not have; bare `kubectl csr` prints help, as a cobra root without Run does.
    const word = commandWord(argv);
    if (word !== undefined && !commandWords(ctx).includes(word)) throw unknownCommand(word, commandWords(ctx, false));
    const line = argv.length === 0 ? ['--help'] : bareDryRun(optionsAsHelp(argv));
    const help = readQuickly(line, ctx) ? undefined : await parse(line, ctx);
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
    const help = await parse(optionsAsHelp(argv), ctx, width);
    return help === undefined ? undefined : help.endsWith('\n') ? help : help + '\n';
  } catch {
    return undefined;
  }
}

/** The names of the commands, as `kubectl csr NAME --help` takes them. */
export async function commandNames(): Promise<string[]> {
  const ctx: CommandContext = { deps: { io: { ...NO_IO }, now: () => new Date() }, run: () => {} };
  const { readCommandLine } = await import('./commands/completion-spec.js');
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
 * needs yargs. yargs is imported only by parse(): loading and building it was a quarter of `list --signer none`.
 */
function readQuickly(argv: string[], ctx: CommandContext): boolean {
  const parsed = quickArgv(LIST, argv);
  if (parsed === undefined) return false;
  void listCommand(ctx).handler(parsed as ArgumentsCamelCase);
  return true;
}

/** Parses argv; returns help or version text when that was asked for, else leaves the work in ctx. */
async function parse(argv: string[], ctx: CommandContext, width = helpWidth()): Promise<string | undefined> {
  const { default: yargs } = await import('yargs');
  let output = '';
  const parser = commandLine(yargs(), ctx)
    .wrap(width || null)
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs-parser reports some argument errors as a YError ("Not enough arguments following: f"): usage too. yargs
      // words some messages over several lines ("Invalid values:\n  Argument: ..."); ours are one line.
      if (err && err.name !== 'YError') throw err;
      const message = (msg ?? err?.message ?? '').replace(/\s*\n\s*/g, ' ');
      throw flagError(message, argv) ?? new UsageError(message);
    });
  skipHelpCache(parser);
  await parser.parseAsync(argv, {}, (_err, _argv, out) => {
    output = out;
  });
  return output !== '' ? (kubectlLayout(argv, ctx, width) ?? output) : undefined;
}

/** Help in kubectl's layout (cli/help-layout.ts) for the top level, each verb and `options`. */
function kubectlLayout(argv: string[], ctx: CommandContext, width: number): string | undefined {
  const word = commandWord(argv);
  if (word === 'options') return optionsHelp(GLOBAL_FLAGS, width);
  if (word === undefined || word === 'help') {
    const commands = COMMANDS.map((command) => {
      const module: { command?: string | readonly string[]; describe?: string | false } = command(ctx);
      return [[module.command ?? ''].flat()[0]!.split(' ')[0]!, String(module.describe ?? '')] as const;
    });
    return rootHelp(SUMMARY, commands);
  }
  const declaration = DECLARATIONS.find((d) => d.command.split(' ')[0] === word || (d.aliases ?? []).includes(word));
  return declaration && commandHelp(declaration, width);
}

const SUMMARY = 'Request, review, approve and hand out Kubernetes client certificates.';

/** The command line: what yargs parses, and what completion reads (src/commands/completion-spec.ts). */
function commandLine(y: Argv, ctx: CommandContext) {
  return y
    .scriptName('kubectl csr')
    // yargs words its headings ("Commands:", "Show help") after LANG, from locale files that the bundle does not
    // carry: the binary always printed English. Said here, so that running from source prints the same.
    .locale('en')
    // pflag has no --no-FLAG: --no-headers is kubectl's flag of its own, not the negation of a --headers.
    .parserConfiguration({ 'boolean-negation': false })
    .usage(`$0 <command> [flags]\n\n${SUMMARY}`)
    .command(requestCommand(ctx))
    .command(approveCommand(ctx))
    .command(denyCommand(ctx))
    .command(fetchCommand(ctx))
    .command(renewCommand(ctx))
    .command(listCommand(ctx))
    .command(approverCommand(ctx))
    .command(inspectCommand(ctx))
    .command(bundlesCommand(ctx))
    .command(podcertsCommand(ctx))
    .command(versionCommand(ctx))
    .command(completionCommand(ctx))
    .command(optionsCommand(ctx))
    .option('v', VERBOSITY_FLAG)
    .demandCommand(1, 'no command given; see "kubectl csr --help"')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .epilogue(OPTIONS_HINT);
}

/** The commands commandLine() gives yargs, for their names before yargs is asked. */
const COMMANDS = [requestCommand, approveCommand, denyCommand, fetchCommand, renewCommand, listCommand, approverCommand, inspectCommand, bundlesCommand, podcertsCommand, versionCommand, completionCommand, optionsCommand];

/** The words that name a command (with aliases unless told not to), and help's. */
function commandWords(ctx: CommandContext, aliases = true): string[] {
  return COMMANDS.flatMap((command) => {
    const module: { command?: string | readonly string[]; aliases?: string | readonly string[] } = command(ctx);
    const name = [module.command ?? ''].flat()[0]!.split(' ')[0]!;
    return aliases ? [name, ...[module.aliases ?? []].flat()] : [name];
  }).concat(aliases ? ['help'] : []);
}

/** `kubectl csr options` prints what `kubectl csr options --help` does, as `kubectl options` does. */
function optionsAsHelp(argv: string[]): string[] {
  return argv[0] === 'options' ? ['options', '--help'] : argv;
}

async function complete(words: string[], ctx: CommandContext): Promise<ExitCode> {
  const [{ readCommandLine }, { completionLookups }, { runCompletion }] = await Promise.all([
    import('./commands/completion-spec.js'),
    import('./cli/completion-lookups.js'),
    import('./commands/completion.js'),
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
