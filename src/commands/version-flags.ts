// version's command line, declared once: every flag's type in complete()'s argv comes from here.
import { STRUCTURED_FORMATS } from '../output/output-format.js';
import { declare } from './shared/flags.js';
import { outputFlag } from './shared/output-options.js';

export const VERSION_COMMAND = declare({
  command: 'version',
  describe: 'Print the version, the commit it was built from and the Node.js runtime',
  cluster: false,
  flags: outputFlag(STRUCTURED_FORMATS),
});
