// The whole command line, as yargs reads it: every verb, help in kubectl's layout, and the words completion offers.
// main() loads this for any line that cli/quick-parse.ts does not read: a plain `list` line evaluates none of the
// other verbs' declarations, nor yargs, before its first request is sent (issue 26).
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { approveCommand, approverCommand, bundlesCommand, completionCommand, DECLARATIONS, denyCommand, fetchCommand, inspectCommand, listCommand, podcertsCommand, renewCommand, requestCommand, versionCommand } from './commands.js';
import { commandHelp, optionsHelp, rootHelp } from './help-layout.js';
import { OPTIONS_HINT, optionsCommand } from './options.js';
import { GLOBAL_FLAGS, VERBOSITY_FLAG } from './kube-flags.js';
import { helpWidth } from './terminal-width.js';
import { commandWord, flagError } from './usage-words.js';
import { skipHelpCache } from '../startup/yargs-help-cache.js';

/** Parses argv; returns help or version text when that was asked for, else leaves the work in ctx. */
export async function parse(argv: string[], ctx: CommandContext, width = helpWidth()): Promise<string | undefined> {
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
export function commandLine(y: Argv, ctx: CommandContext) {
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
export function commandWords(ctx: CommandContext, aliases = true): string[] {
  return COMMANDS.flatMap((command) => {
    const module: { command?: string | readonly string[]; aliases?: string | readonly string[] } = command(ctx);
    const name = [module.command ?? ''].flat()[0]!.split(' ')[0]!;
    return aliases ? [name, ...[module.aliases ?? []].flat()] : [name];
  }).concat(aliases ? ['help'] : []);
}
