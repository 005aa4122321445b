// renew's command line, declared once: every flag's type in complete()'s argv comes from here.
import { KEY_TYPES } from '../pki/types.js';
import { declare, positional, singleValue } from './shared/flags.js';
import { POLICY_FLAGS } from './shared/policy-settings.js';
import { DRY_RUN_FLAG } from './shared/dry-run.js';

export const RENEW = declare({
  command: 'renew <file>',
  describe: "Renew the client certificate of a kubeconfig's user: same subject, new key, the file rewritten in place",
  cluster: true,
  // Here --user names the entry of FILE to renew, not the user the request goes out as.
  shadows: ['user'],
  flags: {
    ...POLICY_FLAGS,
    file: positional({
      type: 'string',
      demandOption: true,
      describe:
        'The kubeconfig file to renew: the user of its current context, or --user NAME (an entry of FILE here; the request itself goes out with the current context, as with every command)',
    }),
    user: singleValue({ type: 'string', requiresArg: true, describe: "The user entry of FILE to renew (default: the user of FILE's current context)" }),
    approve: { type: 'boolean', default: false, describe: 'Approve the request as well (with the policy checks)' },
    'if-expiring-within': singleValue({ type: 'string', requiresArg: true, describe: 'Do nothing (exit 0) unless the certificate expires within this long, e.g. 30d (for cron)' }),
    duration: singleValue({ type: 'string', requiresArg: true, describe: "Requested lifetime (default: the old certificate's)" }),
    'key-type': singleValue({ type: 'string', requiresArg: true, choices: KEY_TYPES, describe: "Key to generate (default: the old key's type)" }),
    'reuse-key': { type: 'boolean', default: false, describe: 'Keep the old key instead of generating one' },
    signer: singleValue({ type: 'string', requiresArg: true, describe: 'Signer name (default kubernetes.io/kube-apiserver-client)' }),
    name: singleValue({ type: 'string', requiresArg: true, describe: 'CSR name (default CN-renew-TIMESTAMP-KEY)' }),
    timeout: singleValue({ type: 'string', default: '5m', describe: 'How long to wait for the certificate' }),
    backup: { type: 'boolean', default: false, describe: 'Keep the previous file as FILE.bak (mode 0600)' },
    ...DRY_RUN_FLAG,
  },
  examples: [
    ['$0 renew jane.kubeconfig --approve', "Renew jane's certificate now"],
    ['$0 renew team.kubeconfig --user jane --approve --backup', 'Renew the entry jane of a shared file, keeping team.kubeconfig.bak'],
    ['$0 renew jane.kubeconfig --approve --if-expiring-within 30d', 'From cron: only when it expires within 30 days'],
  ],
});
