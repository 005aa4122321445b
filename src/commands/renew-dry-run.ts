// renew --dry-run[=client|server], as request's (issue 23): client sends nothing and writes nothing (no lock file, no
// key, the kubeconfig as it was); server asks the API server to validate and admit the CSR (dryRun=All), and with
// --approve runs the policy on what it returned, so that a refusal shows before the real run.
import { ExitCode } from '../errors.js';
import type { Csr } from '../kube/csr.js';
import type { PolicySettings } from '../policy/assessment.js';
import { humanDuration } from '../pki/duration.js';
import { subjectText } from '../output/subject-text.js';
import type { DecodedCertificate } from '../pki/types.js';
import { checkPolicy } from './shared/submit.js';
import type { RunDeps } from './shared/verb.js';

export interface RenewDryRun {
  dryRun: 'client' | 'server';
  approve: boolean;
  policy: PolicySettings;
  file: string;
}

export async function renewDryRun(csr: Csr, old: DecodedCertificate, opts: RenewDryRun, deps: RunDeps<Csr>): Promise<ExitCode> {
  const name = csr.metadata.name!;
  const asked = `${subjectText(old.subject)} for ${humanDuration(csr.spec.expirationSeconds! * 1000)} from ${csr.spec.signerName}`;
  if (opts.dryRun === 'client') {
    deps.printer.done(name, 'created (dry run)');
    deps.io.stderr.write(`nothing was sent, and ${opts.file} is unchanged (the request: ${asked})\n`);
    return ExitCode.ok;
  }
  const { client, connection } = await deps.api();
  const preview = await client.create(csr, true);
  if (opts.approve) await checkPolicy(preview, opts.policy, { ...deps, client, connection }, true);
  deps.printer.done(name, 'created (server dry run)');
  deps.io.stderr.write(`the API server would take ${name} (${asked}); nothing was created, and ${opts.file} is unchanged\n`);
  return ExitCode.ok;
}
