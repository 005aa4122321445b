// `kubectl csr options`, as `kubectl options`: the flags every command takes, which the commands' own help leaves
// out. main() answers it with this command's help (there is nothing else to do).
import type { Argv } from 'yargs';
import { ExitCode } from '../errors.js';
import type { CommandContext } from './context.js';
import { withKubeFlags } from './kube-flags.js';

export { OPTIONS_HINT } from './kube-flags.js';

export function optionsCommand(ctx: CommandContext) {
  return {
    command: 'options',
    describe: 'Print the list of flags inherited by all commands',
    builder: (y: Argv) => withKubeFlags(y),
    handler: () => ctx.run(() => Promise.resolve(ExitCode.ok)),
  };
}
