import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';

export function versionCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'version',
    describe: 'Print the version, the commit it was built from and the Node.js runtime',
    builder: (y: Argv) => withOutputFlag(y, ['json', 'yaml']),
    handler: (argv) =>
      ctx.run(async () => {
        const { printVersion } = await import('../commands/version.js');
        return printVersion(argv.output, ctx.deps.io);
      }),
  });
}
