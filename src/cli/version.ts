import type { Argv } from 'yargs';
import type { CommandContext } from './context.js';
import { withOutputFlag } from './output-flag.js';
import type { StructuredFormat } from '../output/format.js';

export function versionCommand(ctx: CommandContext) {
  return {
    command: 'version',
    describe: 'Print the version, the commit it was built from and the Node.js runtime',
    builder: (y: Argv) => withOutputFlag(y, ['json', 'yaml']),
    handler: (argv: any) =>
      ctx.run(async () => {
        const { printVersion } = await import('../commands/version.js');
        return printVersion(argv.output as StructuredFormat | undefined, ctx.deps.io);
      }),
  };
}
