// inspect -f FILE: decodes a request, a certificate chain or CSR objects, offline.
import { errorLine, ExitCode, warningLine } from '../errors.js';
import type { Io } from '../io.js';
import { decodeCsr, decodeInput } from './inspect-decode.js';
import { inputName, readInput } from '../input/read-input.js';
import type { CsrView, InspectView } from '../output/views.js';
import type { Printer } from '../output/printer.js';
import type { Inspected } from '../output/inspect-printing.js';
import type { CsrApi } from '../kube/api.js';
import type { ClusterConnection } from '../kube/api.js';
import type { PolicySettings } from '../policy/assessment.js';
import { assess } from './shared/assess.js';
import { DEFAULT_EXPIRY_WARNING_MS, expiryWarning } from '../output/expiry-warning.js';
import { looksLikeKubeconfig } from '../kube/kubeconfig-users.js';
import { looksLikeCertificatesObject } from '../kube/certificates-document.js';

export interface InspectFileOptions {
  file: string;
  /** describe text, -o json|yaml or a template (each view on its own, as -o json prints it). */
  printer: Printer<Inspected>;
  /** Warn when a certificate expires within this long (default 30 days). */
  expiringWithinMs?: number;
}

export interface InspectDeps {
  io: Io;
  now: () => Date;
}

export async function inspectFile(opts: InspectFileOptions, deps: InspectDeps): Promise<ExitCode> {
  const name = inputName(opts.file);
  const bytes = await readInput(opts.file, deps.io);
  const within = opts.expiringWithinMs ?? DEFAULT_EXPIRY_WARNING_MS;
  if (looksLikeKubeconfig(bytes)) {
    const path = opts.file === '-' ? `${deps.io.cwd}/-` : opts.file;
    // Loaded only for a kubeconfig: it brings the YAML parser that keeps source positions.
    const { inspectKubeconfig } = await import('./inspect-kubeconfig.js');
    return inspectKubeconfig(bytes, { name, path, printer: opts.printer, expiringWithinMs: within }, deps);
  }
  if (looksLikeCertificatesObject(bytes)) {
    const { inspectCertificatesObjects } = await import('./inspect-certificates-objects.js');
    return inspectCertificatesObjects(bytes, { name, printer: opts.printer, expiringWithinMs: within }, deps);
  }
  const now = deps.now();
  const views = decodeInput(name, bytes, now);
  opts.printer.print(views, now);
  warnExpiring(views, within, deps.io, now);
  return reportBadSignatures(name, views, deps.io);
}

/** One warning line for each certificate that has expired, expires within `withinMs`, or has not started yet. */
function warnExpiring(views: InspectView[], withinMs: number, io: Io, now: Date): void {
  for (const view of views) {
    const certificates = view.kind === 'CertificateRequest' ? [] : (view.certificates ?? []);
    for (const c of certificates) {
      const what = view.kind === 'CertificateSigningRequest' ? `the certificate of "${view.name ?? ''}"` : `certificate ${c.subject.text || '<empty subject>'}`;
      const warning = c.notYetValid ? `${what} is NOT VALID YET: ${c.validity} (not before ${c.notBefore})` : expiryWarning(what, new Date(c.notAfter), now, withinMs);
      if (warning) io.stderr.write(warningLine(warning));
    }
  }
}

/** A request whose self-signature does not verify was not made by the holder of the key: exit 1 after the report. */
function reportBadSignatures(name: string, views: InspectView[], io: Io): ExitCode {
  const bad = views.filter((v) => v.kind !== 'CertificateChain' && !v.request.signatureValid);
  if (bad.length === 0) return ExitCode.ok;
  io.stderr.write(errorLine(`${name}: the request's self-signature does not verify`));
  return ExitCode.error;
}

export interface InspectNamesOptions {
  names: string[];
  printer: Printer<Inspected>;
  policy: PolicySettings;
  expiringWithinMs?: number;
}

/** inspect NAME...: the same report for CSRs read from the cluster, with the policy checks that need the cluster. */
export async function inspectNames(opts: InspectNamesOptions, deps: InspectDeps & { client: CsrApi; connection: ClusterConnection }): Promise<ExitCode> {
  const now = deps.now();
  const csrs = await Promise.all(opts.names.map((n) => deps.client.get(n)));
  const assessments = await assess(csrs, deps.connection, opts.policy);
  const views = csrs.map((csr, i): CsrView => {
    const { findings, access } = assessments[i]!;
    return { ...decodeCsr(csr, now), policy: { scope: 'cluster', findings }, ...(access ? { access } : {}) };
  });
  opts.printer.print(views, now);
  warnExpiring(views, opts.expiringWithinMs ?? DEFAULT_EXPIRY_WARNING_MS, deps.io, now);
  return reportBadSignatures(opts.names.join(', '), views, deps.io);
}
