import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from './context.js';
import { SHELLS } from '../commands/completion-scripts.js';

/** `completion bash|zsh|fish`; the hidden `__complete` that the scripts call is wired in main(), before yargs. */
export function completionCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'completion <shell>',
    describe: 'Print a shell completion script for kubectl-csr run on its own (kubectl csr completes through kubectl)',
    builder: (y: Argv) =>
      y
        .positional('shell', { type: 'string', choices: SHELLS, demandOption: true, describe: 'The shell' })
        .example('source <(kubectl-csr completion bash)', 'Complete kubectl-csr in this bash session')
        .example('kubectl-csr completion fish | source', 'The same in fish'),
    handler: (argv) =>
      ctx.run(async () => {
        const { printCompletionScript } = await import('../commands/completion-scripts.js');
        return printCompletionScript(argv.shell, ctx.deps.io);
      }),
  });
}
