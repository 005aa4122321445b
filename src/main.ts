// main(argv, io) → exit code. The only place where errors become messages and exit codes.
import yargs from 'yargs';
import { CliError, ExitCode, UsageError } from './errors.js';
import type { Io } from './io.js';
import type { CommandContext, Deps } from './cli/context.js';
import { inspectCommand } from './cli/inspect.js';
import { requestCommand } from './cli/request.js';
import { approvalCommand } from './cli/approval.js';
import { fetchCommand } from './cli/fetch.js';
import { listCommand } from './cli/list.js';

export async function main(argv: string[], io: Io, now: () => Date = () => new Date()): Promise<ExitCode> {
  const deps: Deps = { io, now };
  let work: (() => Promise<ExitCode>) | undefined;
  const ctx: CommandContext = { deps, run: (w) => void (work = w) };
  const verbose = verbosity(argv);
  try {
    const help = await parse(argv, ctx);
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

/** Parses argv; returns help or version text when that was asked for, else leaves the work in ctx. */
async function parse(argv: string[], ctx: CommandContext): Promise<string | undefined> {
  let output = '';
  const parser = yargs()
    .scriptName('kubectl csr')
    .usage('$0 <command> [flags]\n\nRequest, review, approve and hand out Kubernetes client certificates.')
    .command(requestCommand(ctx))
    .command(approvalCommand(ctx, 'approve'))
    .command(approvalCommand(ctx, 'deny'))
    .command(fetchCommand(ctx))
    .command(listCommand(ctx))
    .command(inspectCommand(ctx))
    .option('v', { type: 'number', describe: 'Log verbosity (stack traces from 6)', global: true })
    .demandCommand(1, 'no command given; see "kubectl csr --help"')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  await parser.parseAsync(argv, {}, (_err, _argv, out) => {
    output = out;
  });
  return output !== '' ? output : undefined;
}

function verbosity(argv: string[]): number {
  const i = argv.findIndex((a) => a === '-v' || a.startsWith('-v=') || a.startsWith('--v='));
  if (i < 0) return 0;
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return Number(value) || 0;
}

function report(err: unknown, io: Io, verbose: number): ExitCode {
  if (err instanceof CliError) {
    io.stderr.write(`error: ${err.message}\n`);
    if (verbose >= 6 && err.stack) io.stderr.write(err.stack + '\n');
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`error: ${message.split('\n')[0]}\n`);
  if (verbose >= 6 && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
  return ExitCode.error;
}
