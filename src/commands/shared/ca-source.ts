// --ca-from: where the CA of the kubeconfig --kubeconfig-out writes comes from (kubeconfig-ca.ts chooses it). Apart
// from kubeconfig-ca.ts so that the flag's declaration loads nothing of the cluster client.
import { UsageError } from '../../errors.js';

export const CA_SOURCES = ['auto', 'kubeconfig', 'trust-bundle'] as const;
/** auto: the published CA when there is one and it verifies the API server, else the kubeconfig's. */
export type CaSource = (typeof CA_SOURCES)[number];

/** --ca-from, which only --kubeconfig-out reads. */
export function caSource(caFrom: CaSource | undefined, kubeconfigOut: string | undefined): CaSource {
  if (caFrom !== undefined && kubeconfigOut === undefined) throw new UsageError('--ca-from chooses the CA of the kubeconfig --kubeconfig-out writes: it needs --kubeconfig-out');
  return caFrom ?? 'auto';
}
