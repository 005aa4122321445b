// What makes an identity admin-equivalent, as an attacker reads RBAC. Each class mirrors an entry of Kubernetes'
// "Role Based Access Control Good Practices" (its privilege escalation risks) or a policy of PaloAltoNetworks'
// rbac-police, and KubeHound's attack of the same name where it has one; docs/policy.md lists them with their sources.
import type { FindingId } from '../finding-ids.js';
import type { Permission } from './rule-matching.js';

export interface ClassPermission extends Permission {
  /** A cluster-scoped resource (users, nodes/proxy, ...): only a ClusterRoleBinding grants it. */
  clusterScoped?: boolean;
}

export interface EscalationClass {
  /** The finding's id where the permission reaches the whole cluster or a privileged namespace. */
  id: FindingId;
  severity: 'block' | 'warn';
  /** The (warn) id where it is limited to one ordinary namespace; absent: no finding there. */
  namespaceId?: FindingId;
  /**
   * The (warn) id where the grant is limited to resourceNames: it reaches only the identities named, and the
   * escalation graph (escalation-graph.ts) judges what they hold.
   */
  namedId?: FindingId;
  /** Any one permission is enough, unless `all`: then every one is needed (to create and to approve a CSR). */
  permissions: ClassPermission[];
  all?: boolean;
}

const CORE = '';
const RBAC = 'rbac.authorization.k8s.io';
const WRITE = ['create', 'update', 'patch'];
const UPDATE = ['update', 'patch'];

/** The warn ids for one ordinary namespace. */
export const NAMESPACE_WORKLOADS = 'rbac-namespace-workloads';
export const NAMESPACE_TOKENS = 'rbac-namespace-tokens';
export const NAMESPACE_SECRETS = 'rbac-namespace-secrets';
export const NAMESPACE_RBAC = 'rbac-namespace-rbac';

/** Impersonation or tokens limited to named identities. */
export const NAMED_IDENTITIES = 'rbac-named-identities';

/** Any block class reached through a binding of system:authenticated: every identity of the cluster holds it. */
export const AUTHENTICATED_ESCALATION = 'rbac-authenticated-escalation';

export const ESCALATION_CLASSES: readonly EscalationClass[] = [
  {
    id: 'rbac-impersonate',
    severity: 'block',
    namespaceId: NAMESPACE_TOKENS,
    namedId: NAMED_IDENTITIES,
    permissions: [
      { verbs: ['impersonate'], group: CORE, resources: ['users', 'groups'], clusterScoped: true },
      { verbs: ['impersonate'], group: CORE, resources: ['serviceaccounts'] },
    ],
  },
  {
    id: 'rbac-escalate',
    severity: 'block',
    namespaceId: NAMESPACE_RBAC,
    permissions: [
      { verbs: ['escalate'], group: RBAC, resources: ['clusterroles'], clusterScoped: true },
      { verbs: ['escalate'], group: RBAC, resources: ['roles'] },
    ],
  },
  {
    // A RoleBinding to a ClusterRole is checked against bind on clusterroles in the binding's namespace.
    id: 'rbac-bind',
    severity: 'block',
    namespaceId: NAMESPACE_RBAC,
    permissions: [{ verbs: ['bind'], group: RBAC, resources: ['clusterroles', 'roles'] }],
  },
  {
    id: 'rbac-modify-bindings',
    severity: 'block',
    namespaceId: NAMESPACE_RBAC,
    permissions: [
      { verbs: WRITE, group: RBAC, resources: ['clusterrolebindings'], clusterScoped: true },
      { verbs: WRITE, group: RBAC, resources: ['rolebindings'] },
    ],
  },
  {
    // list and watch return the contents too (Good Practices, "Listing secrets").
    id: 'rbac-read-secrets',
    severity: 'block',
    namespaceId: NAMESPACE_SECRETS,
    permissions: [{ verbs: ['get', 'list', 'watch'], group: CORE, resources: ['secrets'] }],
  },
  {
    // get is enough: the kubelet's exec works over a websocket GET (Good Practices, "Access to proxy subresource").
    id: 'rbac-nodes-proxy',
    severity: 'block',
    permissions: [{ verbs: ['get', 'create'], group: CORE, resources: ['nodes/proxy'], clusterScoped: true }],
  },
  {
    id: 'rbac-admission-webhooks',
    severity: 'block',
    permissions: [
      { verbs: WRITE, group: 'admissionregistration.k8s.io', resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], clusterScoped: true },
    ],
  },
  {
    // A MutatingAdmissionPolicy rewrites what others create (admissionregistration.k8s.io/v1 in 1.36): a binding an
    // admin creates can gain a subject, a pod a container. As webhooks, without a server.
    id: 'rbac-admission-policies',
    severity: 'block',
    permissions: [
      { verbs: WRITE, group: 'admissionregistration.k8s.io', resources: ['mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'], clusterScoped: true },
    ],
  },
  {
    // An APIService sends a whole API group's requests, with the callers' credentials and identity headers, to a
    // service of its choosing.
    id: 'rbac-apiservices',
    severity: 'block',
    permissions: [{ verbs: WRITE, group: 'apiregistration.k8s.io', resources: ['apiservices'], clusterScoped: true }],
  },
  {
    // The approval admission plugin checks approve on the signer's name or on "DOMAIN/*".
    id: 'rbac-approve-csrs',
    severity: 'block',
    all: true,
    permissions: [
      { verbs: ['create'], group: 'certificates.k8s.io', resources: ['certificatesigningrequests'], clusterScoped: true },
      { verbs: UPDATE, group: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'], clusterScoped: true },
      {
        verbs: ['approve'],
        group: 'certificates.k8s.io',
        resources: ['signers'],
        names: ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/*'],
        clusterScoped: true,
      },
    ],
  },
  {
    // A pod runs as any service account of its namespace and may mount its secrets; a controller's pod template is
    // as good as a pod, and patching a pod's image runs other code under its identity.
    id: 'rbac-create-workloads',
    severity: 'block',
    namespaceId: NAMESPACE_WORKLOADS,
    permissions: [
      { verbs: ['create', ...UPDATE], group: CORE, resources: ['pods'] },
      { verbs: WRITE, group: CORE, resources: ['replicationcontrollers'] },
      { verbs: WRITE, group: 'apps', resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'] },
      { verbs: WRITE, group: 'batch', resources: ['jobs', 'cronjobs'] },
    ],
  },
  { id: 'rbac-pods-exec', severity: 'block', namespaceId: NAMESPACE_WORKLOADS, permissions: [{ verbs: ['create'], group: CORE, resources: ['pods/exec'] }] },
  { id: 'rbac-pods-attach', severity: 'block', namespaceId: NAMESPACE_WORKLOADS, permissions: [{ verbs: ['create'], group: CORE, resources: ['pods/attach'] }] },
  {
    id: 'rbac-ephemeral-containers',
    severity: 'block',
    namespaceId: NAMESPACE_WORKLOADS,
    permissions: [{ verbs: UPDATE, group: CORE, resources: ['pods/ephemeralcontainers'] }],
  },
  {
    id: 'rbac-token-request',
    severity: 'block',
    namespaceId: NAMESPACE_TOKENS,
    namedId: NAMED_IDENTITIES,
    permissions: [{ verbs: ['create'], group: CORE, resources: ['serviceaccounts/token'] }],
  },
  { id: 'rbac-persistent-volumes', severity: 'block', permissions: [{ verbs: ['create'], group: CORE, resources: ['persistentvolumes'], clusterScoped: true }] },
  { id: 'rbac-node-status', severity: 'block', permissions: [{ verbs: UPDATE, group: CORE, resources: ['nodes/status'], clusterScoped: true }] },
  { id: 'rbac-pod-status', severity: 'block', permissions: [{ verbs: UPDATE, group: CORE, resources: ['pods/status'] }] },
  {
    // A namespace's labels choose its Pod Security level and which NetworkPolicies select it; patch on the namespace
    // object is authorized in that namespace, so a RoleBinding grants it too.
    id: 'rbac-namespace-labels',
    severity: 'warn',
    namespaceId: 'rbac-namespace-labels',
    permissions: [{ verbs: UPDATE, group: CORE, resources: ['namespaces'] }],
  },
];

export const DEFAULT_PRIVILEGED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];
