// The RBAC objects (rbac.authorization.k8s.io/v1) as the API server returns them, limited to the fields that decide
// who may do what. Types only: the policy evaluates them, kube reads them.

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** A ClusterRole (no namespace) or a Role. */
export interface RbacRole {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> | null };
  rules?: PolicyRule[] | null;
  /** ClusterRoles only: the controller fills `rules` with the rules of the ClusterRoles these select. */
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] | null } | null;
}

export interface RbacSubject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** A ClusterRoleBinding (no namespace) or a RoleBinding. */
export interface RbacBinding {
  metadata: { name: string; namespace?: string };
  roleRef: { apiGroup?: string; kind: string; name: string };
  subjects?: RbacSubject[] | null;
}

/** A ServiceAccount: only which exist matters (what it may do comes from the bindings that name it). */
export interface RbacServiceAccount {
  metadata: { name: string; namespace: string };
}

/** Every ServiceAccount of the cluster, or why they could not be listed. */
export type ServiceAccountRead = { readable: true; items: RbacServiceAccount[] } | { readable: false; reason: string };

export interface RbacObjects {
  clusterRoles: RbacRole[];
  roles: RbacRole[];
  clusterRoleBindings: RbacBinding[];
  roleBindings: RbacBinding[];
  /**
   * Read with the RBAC objects, for the escalation graph. Absent: not read (a caller that judges only the identity's
   * own rules); the graph then knows the accounts the bindings name, and no others.
   */
  serviceAccounts?: ServiceAccountRead;
}

/** What one read of RBAC gave: every object, or why they could not be read (never a guess). */
export type RbacRead = { readable: true; objects: RbacObjects } | { readable: false; reason: string };
