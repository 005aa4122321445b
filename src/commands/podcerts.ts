// podcerts [NAME]: PodCertificateRequests as a table, or one decoded, with why it is stuck. No approve or deny:
// the API has no approval step, the signer issues, denies or fails (docs/list-and-inspect.md "podcerts").
import { UsageError, warningLine, ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { CertificatesApi } from '../kube/api.js';
import { nameFromArgument, type ResourceType } from '../kube/object-name.js';
import { podCertificatePrinting, type PodCertificateShown } from '../output/certificates-printing.js';
import { podCertificateView } from '../output/pod-certificate-view.js';
import { buildPrinter } from './shared/output-options.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { PODCERTS } from './podcerts-flags.js';

export const POD_CERTIFICATE_TYPE: ResourceType = {
  kind: 'PodCertificateRequest',
  names: ['podcertificaterequests', 'podcertificaterequest'],
  versions: ['v1', 'v1beta1', 'v1alpha1'],
  hint: 'NAME or podcertificaterequest/NAME',
};
export async function complete(a: ArgvOf<typeof PODCERTS.flags>, io: Io) {
  const name = a.name === undefined ? null : nameFromArgument(a.name, POD_CERTIFICATE_TYPE);
  if (name !== null && a.allNamespaces) throw new UsageError('a resource cannot be retrieved by name across all namespaces');
  if (name !== null && (a.node !== undefined || a.signer !== undefined || a.pending)) throw new UsageError('--node, --signer and --pending filter the list: they cannot be used with a NAME');
  // A table for the list, describe text for one request; or -o.
  const printer = await buildPrinter({ output: a.output, noHeaders: a.noHeaders }, podCertificatePrinting(name === null ? 'table' : 'describe'), io);
  /** namespace: -n; undefined: the kubeconfig's namespace. */
  return { options: { ...a, name }, printer };
}

type PodcertsOptions = Awaited<ReturnType<typeof complete>>['options'];
type PodcertsDeps = RunDeps<PodCertificateShown> & { client: CertificatesApi };

export async function run(opts: PodcertsOptions, runDeps: RunDeps<PodCertificateShown>): Promise<ExitCode> {
  const client = await (await runDeps.api()).certificates();
  const deps = { ...runDeps, client };
  const now = deps.now();
  const namespace = opts.namespace ?? client.namespace;
  if (opts.name !== null) return showOne(opts, opts.name, namespace, deps, now);
  const fields = [opts.node ? `spec.nodeName=${opts.node}` : '', opts.signer ? `spec.signerName=${opts.signer}` : ''].filter(Boolean).join(',');
  let pcrs = await client.list('podcertificaterequests', { namespace: opts.allNamespaces ? undefined : namespace, fieldSelector: fields || undefined });
  if (opts.pending) pcrs = pcrs.filter((p) => podCertificateView(p, now).state === 'Pending');
  deps.printer.print(pcrs.map((pcr) => ({ pcr, pod: null })), now);
  return ExitCode.ok;
}

async function showOne(opts: PodcertsOptions, name: string, namespace: string, deps: PodcertsDeps, now: Date): Promise<ExitCode> {
  const pcr = await deps.client.get('podcertificaterequests', name, namespace);
  const view = podCertificateView(pcr, now);
  // Only the describe text uses it; -o prints the object as the server sent it.
  const uid = await deps.client.podUid(namespace, view.pod.name);
  if (uid === undefined) deps.io.stderr.write(warningLine(`cannot tell whether pod ${namespace}/${view.pod.name} still exists: reading it is forbidden`));
  deps.printer.print([{ pcr, pod: uid === undefined ? null : { exists: uid !== null, uid } }], now);
  return ExitCode.ok;
}

