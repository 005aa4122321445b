import type { Argv } from 'yargs';
import { connector, defineCommand, type CommandContext } from './context.js';
import { kubeFlagsFrom, withKubeFlags } from './kube-flags.js';
import { singleValue } from './single-value.js';
import { withPolicyFlags } from './policy-flags.js';
import { policySettings } from '../commands/shared/policy-settings.js';
import { KEY_TYPES } from '../pki/types.js';

export function renewCommand(ctx: CommandContext) {
  return defineCommand({
    command: 'renew <file>',
    describe: "Renew the client certificate of a kubeconfig's user: same subject, new key, the file rewritten in place",
    builder: (y: Argv) =>
      withPolicyFlags(withKubeFlags(y))
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: "The kubeconfig file to renew: the user of its current context, or --user NAME (an entry of FILE here; the request itself goes out with the current context, as with every command)",
        })
        // Here --user names the entry of FILE to renew, not the user the request goes out as.
        .option('user', singleValue({ type: 'string', requiresArg: true, describe: "The user entry of FILE to renew (default: the user of FILE's current context)" }))
        .option('approve', { type: 'boolean', default: false, describe: 'Approve the request as well (with the policy checks)' })
        .option('if-expiring-within', singleValue({ type: 'string', requiresArg: true, describe: 'Do nothing (exit 0) unless the certificate expires within this long, e.g. 30d (for cron)' }))
        .option('duration', singleValue({ type: 'string', requiresArg: true, describe: "Requested lifetime (default: the old certificate's)" }))
        .option('key-type', singleValue({ type: 'string', requiresArg: true, choices: KEY_TYPES as string[], describe: "Key to generate (default: the old key's type)" }))
        .option('reuse-key', { type: 'boolean', default: false, describe: 'Keep the old key instead of generating one' })
        .option('signer', singleValue({ type: 'string', requiresArg: true, describe: 'Signer name (default kubernetes.io/kube-apiserver-client)' }))
        .option('name', singleValue({ type: 'string', requiresArg: true, describe: 'CSR name (default CN-renew-TIMESTAMP)' }))
        .option('timeout', singleValue({ type: 'string', default: '5m', describe: 'How long to wait for the certificate' }))
        .option('backup', { type: 'boolean', default: false, describe: 'Keep the previous file as FILE.bak (mode 0600)' })
        .example('$0 renew jane.kubeconfig --approve', "Renew jane's certificate now")
        .example('$0 renew team.kubeconfig --user jane --approve --backup', 'Renew the entry jane of a shared file, keeping team.kubeconfig.bak')
        .example('$0 renew jane.kubeconfig --approve --if-expiring-within 30d', 'From cron: only when it expires within 30 days'),
    handler: (argv) =>
      ctx.run(async () => {
        const { validateRenew, runRenew } = await import('../commands/renew.js');
        const opts = validateRenew({
          file: argv.file, user: argv.user, name: argv.name, signer: argv.signer, duration: argv.duration,
          keyType: argv.keyType, reuseKey: argv.reuseKey, approve: argv.approve, timeout: argv.timeout,
          ifExpiringWithin: argv.ifExpiringWithin, backup: argv.backup, policy: policySettings(argv),
        });
        return runRenew(opts, { ...ctx.deps, connect: connector(ctx.deps, kubeFlagsFrom({ ...argv, user: undefined })) });
      }),
  });
}
