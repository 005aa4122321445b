// fetch's command line, declared once: every flag's type in complete()'s argv comes from here.
import { declare, positional, singleValue } from './shared/flags.js';
import { CA_SOURCES } from './shared/ca-source.js';

export const FETCH = declare({
  command: 'fetch <name>',
  describe: 'Write the issued certificate to NAME.crt, waiting for it if needed',
  cluster: true,
  flags: {
    name: positional({ type: 'string', demandOption: true, describe: 'CSR name' }),
    out: singleValue({ alias: 'O', type: 'string', requiresArg: true, describe: 'Certificate file (default NAME.crt; "-" for stdout)' }),
    timeout: singleValue({ type: 'string', default: '5m', describe: 'How long to wait for the certificate ("0": check once, do not wait, as kubectl wait --timeout=0)' }),
    overwrite: { type: 'boolean', default: false, describe: 'Replace existing files' },
    key: singleValue({ type: 'string', requiresArg: true, describe: 'The private key of the request (checked against the certificate)' }),
    'kubeconfig-out': singleValue({ type: 'string', requiresArg: true, describe: 'Also write a kubeconfig for the new identity (needs --key)' }),
    'ca-from': singleValue({
      type: 'string',
      requiresArg: true,
      choices: CA_SOURCES,
      describe: "The CA of --kubeconfig-out: the API server's serving CA the cluster publishes (trust-bundle), your kubeconfig's, or auto (the published one when it verifies the server)",
    }),
  },
  examples: [['$0 fetch jane', 'Write jane.crt once it is issued']],
});
