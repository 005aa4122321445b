// podcerts' command line, declared once: every flag's type in complete()'s argv comes from here.
import { CERTIFICATES_FORMATS } from '../output/output-format.js';
import { declare, positional, singleValue } from './shared/flags.js';
import { outputFlag } from './shared/output-options.js';

export const PODCERTS = declare({
  command: 'podcerts [name]',
  describe: 'List PodCertificateRequests, or decode one and say why it is pending (no approve or deny: the signer issues)',
  cluster: true,
  flags: {
    ...outputFlag(CERTIFICATES_FORMATS),
    name: positional({ type: 'string', describe: 'A PodCertificateRequest: NAME or podcertificaterequest/NAME' }),
    namespace: singleValue({ alias: 'n', type: 'string', requiresArg: true, describe: "The namespace (default: the kubeconfig context's)" }),
    'all-namespaces': { alias: 'A', type: 'boolean', default: false, describe: 'List the requests of every namespace' },
    node: singleValue({ type: 'string', requiresArg: true, describe: 'Only requests of pods on this node (a server-side field selector)' }),
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'Only requests for this signer (a server-side field selector)' }),
    pending: { type: 'boolean', default: false, describe: 'Only requests no signer has issued, denied or failed' },
    'no-headers': { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' },
  },
  examples: [
    ['$0 podcerts -A --pending', 'Pods waiting for a certificate, in every namespace'],
    ['$0 podcerts web-0-abcde -n shop', 'The key, chain and times of one request, and why it is stuck'],
  ],
});
