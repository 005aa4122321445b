// completion's command line, declared once. The hidden `__complete` that the scripts call is wired in main(), before
// yargs (it must take half-typed lines that yargs would refuse).
import { declare, positional } from './shared/flags.js';
import { SHELLS } from './completion-scripts.js';

export const COMPLETION = declare({
  command: 'completion <shell>',
  describe: 'Print a shell completion script for kubectl-csr run on its own (kubectl csr completes through kubectl)',
  cluster: false,
  flags: {
    shell: positional({ type: 'string', choices: SHELLS, demandOption: true, describe: 'The shell' }),
  },
  examples: [
    ['source <(kubectl-csr completion bash)', 'Complete kubectl-csr in this bash session'],
    ['kubectl-csr completion fish | source', 'The same in fish'],
  ],
});
