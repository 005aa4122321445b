// inspect -f KUBECONFIG: the client certificate of every user entry (embedded or referenced), offline.
import { ExitCode, InputError, warningLine } from '../errors.js';
import type { Io } from '../io.js';
import { KubeconfigError } from '../kube/kubeconfig-error.js';
import { parseKubeconfigText } from '../kube/kubeconfig-edit.js';
import { summarizeKubeconfig } from '../kube/kubeconfig-users.js';
import type { Printer } from '../output/printer.js';
import type { Inspected } from '../output/inspect-printing.js';
import { kubeconfigUserView, type KubeconfigView } from '../output/kubeconfig-view.js';
import { expiryWarning, notYetValidWarning } from '../output/expiry-warning.js';
import { loadUserCredentials } from './shared/kubeconfig-material.js';

export interface InspectKubeconfigOptions {
  /** For messages; "<stdin>" for -f -. */
  name: string;
  /** Relative references resolve against this file's directory (the working directory for stdin). */
  path: string;
  printer: Printer<Inspected>;
  expiringWithinMs: number | null;
}

export async function inspectKubeconfig(bytes: Buffer, opts: InspectKubeconfigOptions, deps: { io: Io; now: () => Date }): Promise<ExitCode> {
  let value: unknown;
  try {
    value = parseKubeconfigText(bytes.toString('utf8'), opts.name).value;
  } catch (err) {
    if (err instanceof KubeconfigError) throw new InputError(opts.name, err.message.replace(/^error loading config file "[^"]*": /, ''));
    throw err;
  }
  const summary = summarizeKubeconfig(value, opts.path);
  const now = deps.now();
  const users = await Promise.all(
    summary.users.map(async (entry) => {
      const creds = entry.credential === 'client-certificate' ? await loadUserCredentials(entry) : null;
      const material = creds
        ? { certificate: creds.certificate, key: creds.key && { type: creds.key.type, matchesCertificate: creds.key.matchesCertificate }, problems: creds.problems }
        : { certificate: null, key: null, problems: [] };
      return kubeconfigUserView(entry, material, now);
    }),
  );
  const view: KubeconfigView = { kind: 'KubeconfigCertificates', file: opts.name, currentContext: summary.currentContext, users };
  opts.printer.print([view], now);
  for (const u of users) {
    if (!u.certificate) continue;
    const warning = u.notYetValid
      ? notYetValidWarning(`the certificate of user "${u.user}"`, new Date(u.certificate.notBefore), now)
      : expiryWarning(`the certificate of user "${u.user}"`, { notBefore: new Date(u.certificate.notBefore), notAfter: new Date(u.certificate.notAfter) }, now, opts.expiringWithinMs);
    if (warning) deps.io.stderr.write(warningLine(warning));
  }
  return ExitCode.ok;
}
