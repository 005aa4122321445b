// bundles' command line, declared once: every flag's type in complete()'s argv comes from here.
import { CERTIFICATES_FORMATS } from '../output/output-format.js';
import { declare, positional, singleValue } from './shared/flags.js';
import { outputFlag } from './shared/output-options.js';

export const BUNDLES = declare({
  command: 'bundles [name]',
  describe: 'List ClusterTrustBundles, or decode the CA certificates of one (certificates.k8s.io v1, or v1beta1 where only that is served)',
  cluster: true,
  flags: {
    ...outputFlag(CERTIFICATES_FORMATS),
    name: positional({ type: 'string', describe: 'A ClusterTrustBundle: NAME or clustertrustbundle/NAME' }),
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'Only bundles linked to this signer (a server-side field selector)' }),
    'no-headers': { type: 'boolean', default: false, describe: 'Do not print headers (tables and custom-columns)' },
    'expiring-within': singleValue({ type: 'string', default: '30d', requiresArg: true, describe: 'Warn about CA certificates that expire within this long (e.g. 720h, 30d)' }),
  },
  examples: [
    ['$0 bundles --signer kubernetes.io/kube-apiserver-serving', "The CA the cluster publishes for its API server's certificate"],
    ['$0 bundles example.com:signer:v1', 'Each CA certificate of a bundle, decoded'],
  ],
});
