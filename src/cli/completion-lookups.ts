// What completion reads from outside the command line: CSR names from the cluster, entry names from the kubeconfig,
// both as the flags typed so far select them (--kubeconfig, --context...), as kubectl's own completion does.
import { homedir } from 'node:os';
import type { CsrState, GivenFlags, KubeconfigEntry, Lookups } from '../commands/completion-candidates.js';
import { connector, type Deps } from './context.js';
import { kubeFlagsFrom } from './kube-flags.js';

/** kubectl gives the API server this long during completion when --request-timeout is not on the line. */
const COMPLETION_REQUEST_TIMEOUT = '5s';

export function completionLookups(deps: Deps): Lookups {
  return {
    async csrs(state: CsrState, given: GivenFlags) {
      const flags = kubeFlagsFrom({ 'request-timeout': COMPLETION_REQUEST_TIMEOUT, ...given });
      const [{ client }, { conditionText }] = await Promise.all([connector(deps, flags)(), import('../kube/csr.js')]);
      const { items } = await client.list();
      return items
        .map((csr) => ({ name: csr.metadata.name ?? '', condition: conditionText(csr), requestor: csr.spec.username ?? 'unknown' }))
        .filter((csr) => inState(csr.condition, state))
        .map((csr) => `${csr.name}\t${csr.condition}, requested by ${csr.requestor}`)
        .sort();
    },
    async kubeconfigEntries(kind: KubeconfigEntry, given: GivenFlags) {
      const { kubeconfigSource, loadKubeconfigFiles } = await import('../kube/kubeconfig-files.js');
      const explicit = typeof given.kubeconfig === 'string' ? given.kubeconfig : undefined;
      const merged = loadKubeconfigFiles(kubeconfigSource(explicit, deps.io.env, deps.io.env.HOME ?? homedir()));
      return [...{ context: merged.contexts, cluster: merged.clusters, user: merged.users }[kind].keys()].sort();
    },
  };
}

/** By kubectl's CONDITION column: Pending; Approved,Issued (not Failed); anything. */
function inState(condition: string, state: CsrState): boolean {
  if (state === 'pending') return condition === 'Pending';
  if (state === 'issued') return condition === 'Approved,Issued';
  return true;
}
