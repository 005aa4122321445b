// request's command line, declared once: every flag's type in complete()'s argv comes from here.
import { KEY_TYPES } from '../pki/types.js';
import { CREATED_FORMATS } from '../output/output-format.js';
import { declare, positional, singleValue } from './shared/flags.js';
import { CA_SOURCES } from './shared/ca-source.js';
import { outputFlag } from './shared/output-options.js';
import { POLICY_FLAGS } from './shared/policy-settings.js';
import { DRY_RUN_FLAG } from './shared/dry-run.js';

export const REQUEST = declare({
  command: 'request <name>',
  describe: 'Generate a key and submit a CertificateSigningRequest for it',
  cluster: true,
  flags: {
    ...outputFlag(CREATED_FORMATS),
    ...POLICY_FLAGS,
    name: positional({ type: 'string', demandOption: true, describe: 'CSR name; also the default CN and file names' }),
    cn: singleValue({ type: 'string', requiresArg: true, describe: 'Common name: the user name (default NAME)' }),
    group: { alias: 'g', type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Organization (O), one per group; repeatable' },
    uid: singleValue({ type: 'string', requiresArg: true, describe: 'User UID (subject attribute 1.3.6.1.4.1.57683.2); no kubernetes.io/ signer writes it' }),
    dns: { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'DNS subject alternative name; repeatable' },
    ip: { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'IP subject alternative name; repeatable' },
    email: { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Email subject alternative name; repeatable' },
    uri: { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'URI subject alternative name; repeatable' },
    'key-type': singleValue({ type: 'string', requiresArg: true, choices: KEY_TYPES, describe: 'Key to generate (default rsa-2048)' }),
    key: singleValue({ type: 'string', requiresArg: true, describe: 'Reuse this private key (renewal) instead of generating one' }),
    'key-out': singleValue({ type: 'string', requiresArg: true, describe: 'Where to write the new key (default NAME.key, mode 0600)' }),
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'Signer name (default kubernetes.io/kube-apiserver-client)' }),
    usages: { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Key usages, comma-separated or repeated (default: what the signer needs)' },
    duration: singleValue({ type: 'string', requiresArg: true, describe: 'Requested lifetime, e.g. 24h or 30d (spec.expirationSeconds; at least 10m)' }),
    approve: { type: 'boolean', default: false, describe: 'Approve the request as well' },
    wait: { type: 'boolean', default: false, describe: 'Wait for the certificate and write it to NAME.crt' },
    'cert-out': singleValue({ type: 'string', requiresArg: true, describe: 'Where --wait writes the certificate (default NAME.crt)' }),
    'kubeconfig-out': singleValue({ type: 'string', requiresArg: true, describe: 'Write a kubeconfig for the new identity (implies --wait)' }),
    'ca-from': singleValue({
      type: 'string',
      requiresArg: true,
      choices: CA_SOURCES,
      describe: "The CA of --kubeconfig-out: the API server's serving CA the cluster publishes (trust-bundle), your kubeconfig's, or auto (the published one when it verifies the server)",
    }),
    timeout: singleValue({ type: 'string', default: '5m', describe: 'How long --wait waits ("0": check once, do not wait, as kubectl wait --timeout=0)' }),
    overwrite: { type: 'boolean', default: false, describe: 'Replace existing key, certificate and kubeconfig files' },
    local: { type: 'boolean', default: false, describe: 'If true, request will NOT contact api-server: it writes the key and prints the CertificateSigningRequest (-o yaml: a manifest to apply later)' },
    ...DRY_RUN_FLAG,
  },
  examples: [
    ['$0 request jane -g dev --approve --kubeconfig-out jane.kubeconfig', 'Create user jane in group dev, in one step'],
    ['$0 request jane -g dev --local -o yaml > jane-csr.yaml', 'Make the key (jane.key), and a manifest for someone else to apply'],
  ],
});
