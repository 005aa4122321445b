// bundles [NAME]: the cluster's ClusterTrustBundles as a table, or one decoded, certificate by certificate, with a
// warning for each CA certificate that has expired or soon will (kubectl offers only get and describe, which show
// the PEM as text).
import { UsageError, warningLine, ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { ClusterTrustBundle } from '../kube/certificates-objects.js';
import { nameFromArgument, type ResourceType } from '../kube/object-name.js';
import { bundlePrinting } from '../output/certificates-printing.js';
import { trustBundleView, trustBundleWarnings } from '../output/trust-bundle-view.js';
import { buildPrinter } from './shared/output-options.js';
import { durationFlag } from './shared/duration-flag.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { BUNDLES } from './bundles-flags.js';

export const BUNDLE_TYPE: ResourceType = {
  kind: 'ClusterTrustBundle',
  names: ['clustertrustbundles', 'clustertrustbundle'],
  versions: ['v1', 'v1beta1', 'v1alpha1'],
  hint: 'NAME or clustertrustbundle/NAME',
};
export async function complete(a: ArgvOf<typeof BUNDLES.flags>, io: Io) {
  const name = a.name === undefined ? null : nameFromArgument(a.name, BUNDLE_TYPE);
  if (name !== null && a.signer !== undefined) throw new UsageError('--signer filters the list: it cannot be used with a NAME');
  const expiringWithinMs = durationFlag('expiring-within', a.expiringWithin);
  // A table for the list, describe text for one bundle; or -o.
  const printer = await buildPrinter({ output: a.output, noHeaders: a.noHeaders }, bundlePrinting(name === null ? 'table' : 'describe'), io);
  return { options: { name, signer: a.signer, expiringWithinMs }, printer };
}

type BundlesOptions = Awaited<ReturnType<typeof complete>>['options'];

export async function run(opts: BundlesOptions, deps: RunDeps<ClusterTrustBundle>): Promise<ExitCode> {
  const { io } = deps;
  const client = await (await deps.api()).certificates();
  const now = deps.now();
  const bundles = opts.name !== null
    ? [await client.get('clustertrustbundles', opts.name)]
    : await client.list('clustertrustbundles', { fieldSelector: opts.signer ? `spec.signerName=${opts.signer}` : undefined });
  deps.printer.print(bundles, now);
  const views = bundles.map((b) => trustBundleView(b, now));
  for (const v of views) {
    for (const w of trustBundleWarnings(v, now, opts.expiringWithinMs)) io.stderr.write(warningLine(w));
    if (v.problem) io.stderr.write(warningLine(`bundle "${v.name}": ${v.problem}`));
  }
  return ExitCode.ok;
}
