// What the e2e tests know about the control plane that `npm test` started (test/e2e/harness/run-tests.ts).
import { readFileSync } from 'node:fs';
import type { ControlPlaneInfo } from './harness/control-plane.js';
import type { IdentityName } from './harness/identities.js';

export interface Cluster extends Partial<Omit<ControlPlaneInfo, 'kubeconfigs'>> {
  external: boolean;
  kubeconfigs: Partial<Record<IdentityName, string>> & { admin: string };
}

/**
 * Fails loudly when there is no control plane: the e2e tier must never pass by not running.
 */
export function cluster(): Cluster {
  const file = process.env.KUBECTL_CSR_E2E_INFO;
  if (!file) {
    throw new Error('no control plane: run the e2e tests with `npm test` (it builds and starts one), or set KUBECTL_CSR_E2E_KUBECONFIG');
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Cluster;
}
