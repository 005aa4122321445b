// bundles [NAME]: the cluster's ClusterTrustBundles as a table, or one decoded, certificate by certificate, with a
// warning for each CA certificate that has expired or soon will (kubectl offers only get and describe, which show
// the PEM as text).
import { UsageError, warningLine, ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { CertificatesApi } from '../kube/api.js';
import type { ClusterTrustBundle } from '../kube/certificates-objects.js';
import { nameFromArgument, type ResourceType } from '../kube/object-name.js';
import { bundlePrinting } from '../output/certificates-printing.js';
import type { OutputFormat } from '../output/output-format.js';
import type { Printer } from '../output/printer.js';
import { trustBundleView, trustBundleWarnings } from '../output/trust-bundle-view.js';
import { parseDuration } from '../util/go-duration.js';
import { buildPrinter } from './shared/output-options.js';

export const BUNDLE_TYPE: ResourceType = {
  kind: 'ClusterTrustBundle',
  names: ['clustertrustbundles', 'clustertrustbundle'],
  versions: ['v1', 'v1beta1', 'v1alpha1'],
  hint: 'NAME or clustertrustbundle/NAME',
};
export interface BundlesArgs {
  name?: string;
  signer?: string;
  output?: OutputFormat;
  noHeaders: boolean;
  expiringWithin: string;
}

export interface BundlesOptions {
  name: string | null;
  signer?: string;
  /** A table for the list, describe text for one bundle; or -o. */
  printer: Printer<ClusterTrustBundle>;
  expiringWithinMs: number;
}

export interface BundlesDeps {
  io: Io;
  now: () => Date;
  client: CertificatesApi;
}

export async function bundlesOptions(a: BundlesArgs, io: Io): Promise<BundlesOptions> {
  const name = a.name === undefined ? null : nameFromArgument(a.name, BUNDLE_TYPE);
  if (name !== null && a.signer !== undefined) throw new UsageError('--signer filters the list: it cannot be used with a NAME');
  const expiringWithinMs = parseDuration(a.expiringWithin);
  if (expiringWithinMs === null) throw new UsageError(`invalid --expiring-within "${a.expiringWithin}": use a duration like 720h or 30d`);
  const printer = await buildPrinter({ output: a.output, noHeaders: a.noHeaders }, bundlePrinting(name === null ? 'table' : 'describe'), io);
  return { name, signer: a.signer, printer, expiringWithinMs };
}

export async function runBundles(opts: BundlesOptions, deps: BundlesDeps): Promise<ExitCode> {
  const { io } = deps;
  const now = deps.now();
  const bundles = opts.name !== null
    ? [await deps.client.get('clustertrustbundles', opts.name)]
    : await deps.client.list('clustertrustbundles', { fieldSelector: opts.signer ? `spec.signerName=${opts.signer}` : undefined });
  opts.printer.print(bundles, now);
  const views = bundles.map((b) => trustBundleView(b, now));
  for (const v of views) {
    for (const w of trustBundleWarnings(v, now, opts.expiringWithinMs)) io.stderr.write(warningLine(w));
    if (v.problem) io.stderr.write(warningLine(`bundle "${v.name}": ${v.problem}`));
  }
  return ExitCode.ok;
}
