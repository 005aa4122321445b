// inspect: decodes a request, a certificate chain or CSR objects from a file, offline (-f FILE), or CSRs from the
// cluster with the policy checks that need it (NAME...).
import { errorLine, ExitCode, UsageError, warningLine } from '../errors.js';
import type { Io } from '../io.js';
import { decodeCsr, decodeInput } from './inspect-decode.js';
import { inputName, readInput } from '../input/read-input.js';
import type { CsrView, InspectView } from '../output/views.js';
import { INSPECT_PRINTING, type Inspected } from '../output/inspect-printing.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import type { PolicySettings } from '../policy/assessment.js';
import { assess } from './shared/assess.js';
import { expiryWarning, notYetValidWarning } from '../output/expiry-warning.js';
import { looksLikeKubeconfig } from '../kube/kubeconfig-users.js';
import { looksLikeCertificatesObject } from '../kube/certificates-document.js';
import { policySettings } from './shared/policy-settings.js';
import { buildPrinter } from './shared/output-options.js';
import { durationFlag } from './shared/duration-flag.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { INSPECT } from './inspect-flags.js';

/** The -o template is read and every flag checked before a file or the cluster is. */
export async function complete(a: ArgvOf<typeof INSPECT.flags>, io: Io) {
  // describe text, -o json|yaml or a template (each view on its own, as -o json prints it).
  const printer = await buildPrinter({ output: a.output }, INSPECT_PRINTING, io);
  const names = (a.names ?? []).map(csrNameFromArgument);
  const [file, ...more] = a.filename ?? [];
  if (more.length) throw new UsageError('-f names one file: inspect each file on its own');
  if (file !== undefined && names.length) throw new UsageError('resource/name arguments cannot be provided when a path is specified');
  /** Warn when a certificate expires within this long; null: in the last 30% of its lifetime, at most 30 days. */
  const expiringWithinMs = a.expiringWithin !== undefined ? durationFlag('expiring-within', a.expiringWithin) : null;
  // The policy flags matter only for the checks against the cluster: an offline -f ignores them, as it always has.
  if (file !== undefined) return { options: { file, expiringWithinMs }, printer };
  if (!names.length) throw new UsageError('one or more CSRs must be specified as <name> or -f <filename>');
  return { options: { names, policy: policySettings(a), expiringWithinMs }, printer };
}

type InspectOptions = Awaited<ReturnType<typeof complete>>['options'];

export function run(opts: InspectOptions, deps: RunDeps<Inspected>): Promise<ExitCode> {
  return opts.file !== undefined ? inspectFile({ ...opts, file: opts.file }, deps) : inspectNames(opts, deps);
}

async function inspectFile(opts: { file: string; expiringWithinMs: number | null }, deps: RunDeps<Inspected>): Promise<ExitCode> {
  const name = inputName(opts.file);
  const bytes = await readInput(opts.file, deps.io);
  const within = opts.expiringWithinMs;
  if (looksLikeKubeconfig(bytes)) {
    const path = opts.file === '-' ? `${deps.io.cwd}/-` : opts.file;
    // Loaded only for a kubeconfig: it brings the YAML parser that keeps source positions.
    const { inspectKubeconfig } = await import('./inspect-kubeconfig.js');
    return inspectKubeconfig(bytes, { name, path, printer: deps.printer, expiringWithinMs: within }, deps);
  }
  if (looksLikeCertificatesObject(bytes)) {
    const { inspectCertificatesObjects } = await import('./inspect-certificates-objects.js');
    return inspectCertificatesObjects(bytes, { name, printer: deps.printer, expiringWithinMs: within }, deps);
  }
  const now = deps.now();
  const views = decodeInput(name, bytes, now);
  deps.printer.print(views, now);
  warnExpiring(views, within, deps.io, now);
  return reportBadSignatures(name, views, deps.io);
}

/** One warning line for each certificate that has expired, expires within `withinMs`, or has not started yet. */
function warnExpiring(views: InspectView[], withinMs: number | null, io: Io, now: Date): void {
  for (const view of views) {
    const certificates = view.kind === 'CertificateRequest' ? [] : (view.certificates ?? []);
    for (const c of certificates) {
      const what = view.kind === 'CertificateSigningRequest' ? `the certificate of "${view.name ?? ''}"` : `certificate ${c.subject.text || '<empty subject>'}`;
      const warning = c.notYetValid ? notYetValidWarning(what, new Date(c.notBefore), now) : expiryWarning(what, { notBefore: new Date(c.notBefore), notAfter: new Date(c.notAfter) }, now, withinMs);
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

/** inspect NAME...: the same report for CSRs read from the cluster, with the policy checks that need the cluster. */
async function inspectNames(opts: { names: string[]; policy: PolicySettings; expiringWithinMs: number | null }, deps: RunDeps<Inspected>): Promise<ExitCode> {
  const { client, connection } = await deps.api();
  const now = deps.now();
  const csrs = await Promise.all(opts.names.map((n) => client.get(n)));
  const assessments = await assess(csrs, connection, opts.policy);
  const views = csrs.map((csr, i): CsrView => {
    const { findings, access } = assessments[i]!;
    return { ...decodeCsr(csr, now), policy: { scope: 'cluster', findings }, ...(access ? { access } : {}) };
  });
  deps.printer.print(views, now);
  warnExpiring(views, opts.expiringWithinMs, deps.io, now);
  return reportBadSignatures(opts.names.join(', '), views, deps.io);
}
