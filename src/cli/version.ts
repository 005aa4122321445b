import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import { STRUCTURED_FORMATS } from '../output/output-format.js';

export function versionCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'version',
    describe: 'Print the version, the commit it was built from and the Node.js runtime',
    builder: (y: Argv) => withOutputFlag(y, STRUCTURED_FORMATS),
    handler: (argv) =>
      ctx.run(async () => {
        const { printVersion, versionPrinter } = await import('../commands/version.js');
        return printVersion(versionPrinter(argv.output, ctx.deps.io));
      }),
  });
}
