// The knobs of the policy checks.
import { DEFAULT_PRIVILEGED_NAMESPACES } from './rbac/escalation-classes.js';
import type { ProviderRules } from './provider-checks.js';

export interface PolicyOptions {
  /** Requested durations above this are blocked (--max-duration, default 365d). */
  maxDurationSeconds: number;
  /** Namespaces where a RoleBinding counts as much as a ClusterRoleBinding (kube-system, ... and --privileged-namespace). */
  privilegedNamespaces: ReadonlySet<string>;
  /**
   * false: judge only the identity's own RBAC rules, not the identities it can become (rbac/escalation-graph.ts).
   * No flag sets it: the benchmark measures what the graph costs against this.
   */
  followEscalation?: false;
  /** kubelet-csr-approver's provider checks, which only `approver run` sets (provider-checks.ts). */
  provider?: ProviderRules;
}

export const DEFAULT_MAX_DURATION_SECONDS = 365 * 24 * 3600;
export const DEFAULT_POLICY: PolicyOptions = {
  maxDurationSeconds: DEFAULT_MAX_DURATION_SECONDS,
  privilegedNamespaces: new Set(DEFAULT_PRIVILEGED_NAMESPACES),
};

/** RSA keys below this are weak (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;
