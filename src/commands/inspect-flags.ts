// inspect's command line, declared once: every flag's type in complete()'s argv comes from here.
import { INSPECT_FORMATS } from '../output/output-format.js';
import { declare, positional, repeatable, singleValue } from './shared/flags.js';
import { outputFlag } from './shared/output-options.js';
import { CHECK_FLAGS } from './shared/policy-settings.js';

export const INSPECT = declare({
  command: 'inspect [names..]',
  describe: 'Decode CSRs from the cluster, or a request, certificate or CSR object from a file (offline)',
  cluster: true,
  flags: {
    ...outputFlag(INSPECT_FORMATS),
    // Not --allow: inspect approves nothing, it shows every finding.
    ...CHECK_FLAGS,
    names: positional({ type: 'string', array: true, describe: 'CSR names in the cluster' }),
    // Every -f given is kept, for complete() to refuse more than one (inspect reads one file).
    filename: repeatable({
      alias: 'f',
      type: 'string',
      requiresArg: true,
      describe: 'File to read: PEM, DER, one-line base64, CSR YAML/JSON or a kubeconfig ("-" reads stdin); needs no cluster',
    }),
    'expiring-within': singleValue({
      type: 'string',
      requiresArg: true,
      describe: 'Warn about certificates that expire within this long, e.g. 720h (default: the last 30% of their lifetime, at most 30d)',
    }),
  },
  examples: [
    ['$0 inspect -f ~/.kube/config', 'When the client certificates of a kubeconfig expire'],
    ['$0 inspect -f user.csr', 'Show the subject, SANs and key of a request'],
    ['kubectl get csr jane -o yaml | $0 inspect -f -', 'Decode a CSR object and its issued certificate'],
    ['$0 inspect jane', 'Decode a CSR in the cluster'],
  ],
});
