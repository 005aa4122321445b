// The escalation classes on hand-made RBAC: each found through a ClusterRoleBinding, through a RoleBinding in a
// privileged namespace, through wildcards and through an aggregated ClusterRole; the same permission in an ordinary
// namespace only warns; a view-only identity has no finding.
import t from 'tap';
import type { PolicyRule, RbacBinding, RbacObjects, RbacRole } from '../../../src/kube/rbac-objects.js';
import { rbacFindings } from '../../../src/policy/rbac/escalation-findings.js';
import { certificateIdentity } from '../../../src/policy/rbac/matching-bindings.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../../../src/policy/rbac/escalation-classes.js';

const PRIVILEGED = new Set(DEFAULT_PRIVILEGED_NAMESPACES);
const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

interface Case {
  id: string;
  /** The permission, as narrowly as a role would grant it. */
  rules: PolicyRule[];
  /** The same permission written with wildcards (but not every verb on every resource in every group). */
  wildcard: PolicyRule[];
  /** What a RoleBinding gives: in kube-system, and in an ordinary namespace (null: nothing, the resource is cluster-scoped). */
  privilegedNamespace: string | null;
  ordinaryNamespace: string | null;
}

const CASES: Case[] = [
  {
    id: 'rbac-impersonate',
    rules: [rule([''], ['users', 'groups'], ['impersonate'])],
    wildcard: [rule(['*'], ['*'], ['impersonate'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-escalate',
    rules: [rule(['rbac.authorization.k8s.io'], ['roles'], ['escalate'])],
    wildcard: [rule(['*'], ['*'], ['escalate'])],
    privilegedNamespace: 'block:rbac-escalate',
    ordinaryNamespace: 'warn:rbac-namespace-rbac',
  },
  {
    id: 'rbac-bind',
    rules: [rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['bind'])],
    wildcard: [rule(['rbac.authorization.k8s.io'], ['*'], ['bind'])],
    privilegedNamespace: 'block:rbac-bind',
    ordinaryNamespace: 'warn:rbac-namespace-rbac',
  },
  {
    id: 'rbac-modify-bindings',
    rules: [rule(['rbac.authorization.k8s.io'], ['rolebindings'], ['create'])],
    wildcard: [rule(['*'], ['rolebindings'], ['*'])],
    privilegedNamespace: 'block:rbac-modify-bindings',
    ordinaryNamespace: 'warn:rbac-namespace-rbac',
  },
  {
    id: 'rbac-read-secrets',
    rules: [rule([''], ['secrets'], ['list'])],
    wildcard: [rule(['*'], ['secrets'], ['*'])],
    privilegedNamespace: 'block:rbac-read-secrets',
    ordinaryNamespace: 'warn:rbac-namespace-secrets',
  },
  {
    id: 'rbac-nodes-proxy',
    rules: [rule([''], ['nodes/proxy'], ['get'])],
    wildcard: [rule([''], ['*/proxy'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-admission-webhooks',
    rules: [rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['patch'])],
    wildcard: [rule(['*'], ['validatingwebhookconfigurations'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-admission-policies',
    rules: [rule(['admissionregistration.k8s.io'], ['mutatingadmissionpolicybindings'], ['create'])],
    wildcard: [rule(['*'], ['mutatingadmissionpolicies'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-apiservices',
    rules: [rule(['apiregistration.k8s.io'], ['apiservices'], ['update'])],
    wildcard: [rule(['apiregistration.k8s.io'], ['*'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-approve-csrs',
    rules: [
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']),
      rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client']),
    ],
    wildcard: [rule(['certificates.k8s.io'], ['*'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-create-workloads',
    rules: [rule(['apps'], ['deployments'], ['create'])],
    wildcard: [rule(['*'], ['pods'], ['*'])],
    privilegedNamespace: 'block:rbac-create-workloads',
    ordinaryNamespace: 'warn:rbac-namespace-workloads',
  },
  {
    id: 'rbac-pods-exec',
    rules: [rule([''], ['pods/exec'], ['create'])],
    wildcard: [rule([''], ['*/exec'], ['*'])],
    privilegedNamespace: 'block:rbac-pods-exec',
    ordinaryNamespace: 'warn:rbac-namespace-workloads',
  },
  {
    id: 'rbac-pods-attach',
    rules: [rule([''], ['pods/attach'], ['create'])],
    wildcard: [rule(['*'], ['*/attach'], ['create'])],
    privilegedNamespace: 'block:rbac-pods-attach',
    ordinaryNamespace: 'warn:rbac-namespace-workloads',
  },
  {
    id: 'rbac-ephemeral-containers',
    rules: [rule([''], ['pods/ephemeralcontainers'], ['patch'])],
    wildcard: [rule(['*'], ['*/ephemeralcontainers'], ['*'])],
    privilegedNamespace: 'block:rbac-ephemeral-containers',
    ordinaryNamespace: 'warn:rbac-namespace-workloads',
  },
  {
    id: 'rbac-token-request',
    rules: [rule([''], ['serviceaccounts/token'], ['create'])],
    wildcard: [rule(['*'], ['*/token'], ['*'])],
    privilegedNamespace: 'block:rbac-token-request',
    ordinaryNamespace: 'warn:rbac-namespace-tokens',
  },
  {
    id: 'rbac-persistent-volumes',
    rules: [rule([''], ['persistentvolumes'], ['create'])],
    wildcard: [rule(['*'], ['persistentvolumes'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-node-status',
    rules: [rule([''], ['nodes/status'], ['patch'])],
    wildcard: [rule(['*'], ['nodes/status'], ['*'])],
    privilegedNamespace: null,
    ordinaryNamespace: null,
  },
  {
    id: 'rbac-pod-status',
    rules: [rule([''], ['pods/status'], ['update'])],
    wildcard: [rule(['*'], ['pods/status'], ['*'])],
    privilegedNamespace: 'block:rbac-pod-status',
    ordinaryNamespace: null,
  },
];

const crb = (name: string, role: string, group = 'ops'): RbacBinding => ({ metadata: { name }, roleRef: { kind: 'ClusterRole', name: role }, subjects: [{ kind: 'Group', name: group }] });
const rb = (ns: string, name: string, role: string, group = 'ops'): RbacBinding => ({
  metadata: { name, namespace: ns },
  roleRef: { kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'Group', name: group }],
});
const empty = (): RbacObjects => ({ clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [] });

function run(objects: RbacObjects, o = ['ops'], privileged: ReadonlySet<string> = PRIVILEGED) {
  return rbacFindings(certificateIdentity({ commonName: 'jane', organizations: o }), objects, privileged);
}
const ids = (objects: RbacObjects, o?: string[]) => run(objects, o).map((f) => `${f.severity}:${f.id}`);

/** where: 'cluster' for a ClusterRoleBinding, else the namespace of a RoleBinding. */
function bound(rules: PolicyRule[], where: string, extraRoles: RbacRole[] = []): RbacObjects {
  const objects = empty();
  objects.clusterRoles.push({ metadata: { name: 'grant' }, rules }, ...extraRoles);
  if (where === 'cluster') objects.clusterRoleBindings.push(crb('grant', 'grant'));
  else objects.roleBindings.push(rb(where, 'grant', 'grant'));
  return objects;
}

for (const c of CASES) {
  t.test(c.id, async (t) => {
    t.same(ids(bound(c.rules, 'cluster')), [`block:${c.id}`], 'through a ClusterRoleBinding');
    t.same(ids(bound(c.rules, 'kube-system')), c.privilegedNamespace ? [c.privilegedNamespace] : [], 'through a RoleBinding in kube-system');
    t.same(ids(bound(c.rules, 'team-a')), c.ordinaryNamespace ? [c.ordinaryNamespace] : [], 'through a RoleBinding in an ordinary namespace');
    t.same(ids(bound(c.wildcard, 'cluster')), [`block:${c.id}`], 'through wildcards');
    // An aggregating ClusterRole whose rules the controller has not filled in yet.
    const aggregated = bound([], 'cluster', []);
    aggregated.clusterRoles = [
      { metadata: { name: 'grant' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-grant': 'true' } }] }, rules: [] },
      { metadata: { name: `${c.id}-part`, labels: { 'example.com/aggregate-to-grant': 'true' } }, rules: c.rules },
      { metadata: { name: 'unrelated', labels: { other: 'true' } }, rules: [rule(['*'], ['*'], ['*'])] },
    ];
    const found = run(aggregated);
    t.same(found.map((f) => `${f.severity}:${f.id}`), [`block:${c.id}`], 'through an aggregated ClusterRole');
    t.match(found[0]!.message, new RegExp(`\\(ClusterRole grant aggregating ${c.id}-part, by ClusterRoleBinding grant\\)$`));
  });
}

t.test('the message names the subject, the permission, the role and the binding', async (t) => {
  const objects = empty();
  objects.clusterRoles.push({ metadata: { name: 'ops-sudo' }, rules: [rule([''], ['users', 'groups'], ['impersonate'])] });
  objects.clusterRoleBindings.push(crb('ops-sudo', 'ops-sudo'));
  t.same(run(objects), [{ id: 'rbac-impersonate', severity: 'block', message: 'O=ops may impersonate users, groups (ClusterRole ops-sudo, by ClusterRoleBinding ops-sudo)' }]);

  const secrets = bound([rule([''], ['secrets'], ['get', 'list'])], 'cluster');
  t.equal(run(secrets)[0]!.message, 'O=ops may get, list secrets in every namespace (ClusterRole grant, by ClusterRoleBinding grant)');
  t.equal(run(bound([rule([''], ['secrets'], ['get', 'list'])], 'kube-system'))[0]!.message, 'O=ops may get, list secrets in kube-system (ClusterRole grant, by RoleBinding kube-system/grant)');
  const named = bound([rule([''], ['secrets'], ['get'], ['db-password'])], 'cluster');
  t.equal(run(named)[0]!.message, 'O=ops may get secrets named db-password in every namespace (ClusterRole grant, by ClusterRoleBinding grant)');

  const csr = bound(CASES.find((c) => c.id === 'rbac-approve-csrs')!.rules, 'cluster');
  t.equal(
    run(csr)[0]!.message,
    'O=ops may create certificatesigningrequests, update certificatesigningrequests/approval and approve signers named kubernetes.io/kube-apiserver-client (ClusterRole grant, by ClusterRoleBinding grant)',
  );
});

t.test('the CN as a user, and a ServiceAccount subject matching a CN', async (t) => {
  const objects = bound([rule([''], ['nodes/proxy'], ['create'])], 'cluster');
  objects.clusterRoleBindings = [{ metadata: { name: 'jane' }, roleRef: { kind: 'ClusterRole', name: 'grant' }, subjects: [{ kind: 'User', name: 'jane' }] }];
  t.same(run(objects, []).map((f) => f.message), ['CN=jane may create nodes/proxy (ClusterRole grant, by ClusterRoleBinding jane)']);
  const sa = bound([rule([''], ['nodes/proxy'], ['create'])], 'cluster');
  sa.clusterRoleBindings = [{ metadata: { name: 'sa' }, roleRef: { kind: 'ClusterRole', name: 'grant' }, subjects: [{ kind: 'ServiceAccount', name: 'jane', namespace: 'ci' }] }];
  t.same(run(sa, []), []);
  const asAccount = rbacFindings(certificateIdentity({ commonName: 'system:serviceaccount:ci:jane', organizations: [] }), sa, PRIVILEGED);
  t.same(asAccount.map((f) => f.id), ['rbac-nodes-proxy']);
});

t.test('approving CSRs needs all three permissions, from any bindings', async (t) => {
  const [create, approval, signers] = CASES.find((c) => c.id === 'rbac-approve-csrs')!.rules;
  t.same(ids(bound([create!, approval!], 'cluster')), [], 'no signer');
  t.same(ids(bound([approval!, signers!], 'cluster')), [], 'cannot create');
  t.same(ids(bound([create!, approval!, rule(['certificates.k8s.io'], ['signers'], ['approve'], ['example.com/other'])], 'cluster')), [], 'another signer');
  t.same(ids(bound([create!, approval!, rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/*'])], 'cluster')), ['block:rbac-approve-csrs'], 'the domain wildcard name');
  const split = empty();
  split.clusterRoles.push({ metadata: { name: 'requester' }, rules: [create!] }, { metadata: { name: 'approver' }, rules: [approval!, signers!] });
  split.clusterRoleBindings.push(crb('requester', 'requester', 'system:authenticated'), crb('approver', 'approver'));
  t.same(run(split).map((f) => f.message), [
    'system:authenticated, O=ops may create certificatesigningrequests, update certificatesigningrequests/approval and approve signers named kubernetes.io/kube-apiserver-client (ClusterRole requester, by ClusterRoleBinding requester; ClusterRole approver, by ClusterRoleBinding approver)',
  ]);
  t.same(ids(bound(CASES.find((c) => c.id === 'rbac-approve-csrs')!.rules, 'kube-system')), [], 'a RoleBinding grants none of it');
});

t.test('the same permission in an ordinary namespace only warns; --privileged-namespace makes it block', async (t) => {
  const admin = bound([rule([''], ['pods', 'secrets', 'serviceaccounts/token'], ['*'])], 'team-a');
  t.same(ids(admin).sort(), ['warn:rbac-namespace-secrets', 'warn:rbac-namespace-tokens', 'warn:rbac-namespace-workloads']);
  t.same(run(admin, ['ops'], new Set([...PRIVILEGED, 'team-a'])).map((f) => f.id).sort(), ['rbac-create-workloads', 'rbac-read-secrets', 'rbac-token-request']);
});

t.test('escalation granted to system:authenticated is its own finding', async (t) => {
  const objects = empty();
  objects.clusterRoles.push({ metadata: { name: 'everyone-sudo' }, rules: [rule([''], ['users'], ['impersonate'])] });
  objects.clusterRoleBindings.push(crb('everyone-sudo', 'everyone-sudo', 'system:authenticated'));
  t.same(run(objects, []), [
    { id: 'rbac-authenticated-escalation', severity: 'block', message: 'system:authenticated may impersonate users (ClusterRole everyone-sudo, by ClusterRoleBinding everyone-sudo)' },
  ]);
  t.same(ids(objects, ['system:authenticated']), ['block:rbac-impersonate'], 'an O that names the group is that O');
});

t.test('cluster-admin and every-verb-on-everything stay privileged-group/-user, and say nothing more', async (t) => {
  const objects = empty();
  objects.clusterRoles.push({ metadata: { name: 'cluster-admin' }, rules: [rule(['*'], ['*'], ['*'])] });
  objects.clusterRoleBindings.push(crb('ops-admin', 'cluster-admin'));
  objects.roleBindings.push(rb('kube-system', 'ops-admin', 'cluster-admin', 'dev'), rb('team-a', 'ops-admin', 'cluster-admin', 'qa'));
  t.same(run(objects), [{ id: 'privileged-group', severity: 'block', message: 'O=ops is bound to ClusterRole cluster-admin by ClusterRoleBinding ops-admin' }]);
  t.same(run(objects, ['dev']), [{ id: 'privileged-group', severity: 'block', message: 'O=dev is bound to ClusterRole cluster-admin by RoleBinding kube-system/ops-admin' }]);
  t.same(ids(objects, ['qa']), ['warn:namespace-privileged-group']);
  const core = empty();
  core.clusterRoles.push({ metadata: { name: 'all-core' }, rules: [rule([''], ['*'], ['*'])] });
  core.clusterRoleBindings.push(crb('core', 'all-core'));
  t.same(
    ids(core).sort(),
    [
      'block:rbac-create-workloads',
      'block:rbac-ephemeral-containers',
      'block:rbac-impersonate',
      'block:rbac-node-status',
      'block:rbac-nodes-proxy',
      'block:rbac-persistent-volumes',
      'block:rbac-pod-status',
      'block:rbac-pods-attach',
      'block:rbac-pods-exec',
      'block:rbac-read-secrets',
      'block:rbac-token-request',
      'warn:rbac-namespace-labels',
    ],
    'every verb on every core resource is each class it reaches',
  );
});

t.test('a view-only identity has no finding; neither do the default bindings of system:authenticated', async (t) => {
  const objects = empty();
  objects.clusterRoles.push(
    {
      metadata: { name: 'view' },
      rules: [
        rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'pods/log', 'pods/status', 'services', 'serviceaccounts'], ['get', 'list', 'watch']),
        rule(['apps'], ['deployments', 'daemonsets', 'statefulsets', 'replicasets'], ['get', 'list', 'watch']),
        rule(['batch'], ['jobs', 'cronjobs'], ['get', 'list', 'watch']),
      ],
    },
    { metadata: { name: 'system:basic-user' }, rules: [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create'])] },
  );
  objects.clusterRoleBindings.push(crb('viewers', 'view'), crb('system:basic-user', 'system:basic-user', 'system:authenticated'));
  t.same(run(objects), []);
});

t.test('rules that grant nothing: other API groups, names on create, dangling roles, aggregation cycles', async (t) => {
  t.same(ids(bound([rule(['apps'], ['secrets'], ['get'])], 'cluster')), [], 'secrets are in the core group');
  t.same(ids(bound([rule([''], ['pods'], ['create'], ['x'])], 'cluster')), [], 'create cannot be limited to names, so it grants none');
  t.same(ids(bound([rule([''], ['pods/exec'], ['create'], ['x'])], 'cluster')), ['block:rbac-pods-exec'], 'a subresource create has a name');
  t.same(ids(bound([rule([''], ['pods'], ['get', 'list'])], 'cluster')), [], 'reading pods');
  const dangling = empty();
  dangling.clusterRoleBindings.push(crb('x', 'missing'));
  t.same(ids(dangling), []);
  const cycle = empty();
  const selector = { clusterRoleSelectors: [{ matchExpressions: [{ key: 'loop', operator: 'Exists' as const }] }] };
  cycle.clusterRoles.push(
    { metadata: { name: 'a', labels: { loop: '1' } }, aggregationRule: selector, rules: [] },
    { metadata: { name: 'b', labels: { loop: '2' } }, aggregationRule: selector, rules: [] },
    { metadata: { name: 'c', labels: { loop: '3' } }, rules: [rule([''], ['persistentvolumes'], ['create'])] },
  );
  cycle.clusterRoleBindings.push(crb('a', 'a'));
  t.same(run(cycle).map((f) => f.message), ['O=ops may create persistentvolumes (ClusterRole a aggregating c, by ClusterRoleBinding a)']);
});

// admin, edit and view as kube-apiserver bootstraps them (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go,
// abridged): all three aggregate, and edit and view are themselves labelled into admin and edit.
t.test('the default admin, edit and view roles, resolved from their aggregation rules', async (t) => {
  const read = ['get', 'list', 'watch'];
  const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
  const label = (to: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' });
  const aggregating = (to: string) => ({ clusterRoleSelectors: [{ matchLabels: label(to) }] });
  const objects = empty();
  objects.clusterRoles.push(
    { metadata: { name: 'admin' }, aggregationRule: aggregating('admin'), rules: [] },
    { metadata: { name: 'edit', labels: label('admin') }, aggregationRule: aggregating('edit'), rules: [] },
    { metadata: { name: 'view', labels: label('edit') }, aggregationRule: aggregating('view'), rules: [] },
    { metadata: { name: 'system:aggregate-to-admin', labels: label('admin') }, rules: [rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...read, ...write])] },
    {
      metadata: { name: 'system:aggregate-to-edit', labels: label('edit') },
      rules: [
        rule([''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy'], read),
        rule([''], ['serviceaccounts'], ['impersonate']),
        rule([''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward'], write),
        rule([''], ['replicationcontrollers', 'serviceaccounts', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets'], write),
        rule([''], ['serviceaccounts/token'], ['create']),
        rule(['apps'], ['statefulsets', 'daemonsets', 'deployments', 'replicasets'], write),
        rule(['batch'], ['jobs', 'cronjobs'], write),
      ],
    },
    {
      metadata: { name: 'system:aggregate-to-view', labels: label('view') },
      rules: [
        rule([''], ['pods', 'replicationcontrollers', 'serviceaccounts', 'services', 'endpoints', 'persistentvolumeclaims', 'configmaps'], read),
        rule([''], ['limitranges', 'resourcequotas', 'bindings', 'pods/status', 'namespaces/status', 'pods/log', 'namespaces'], read),
        rule(['apps'], ['statefulsets', 'daemonsets', 'deployments', 'replicasets'], read),
      ],
    },
  );
  objects.roleBindings.push(rb('kube-system', 'ops-admin', 'admin'), rb('team-a', 'dev-edit', 'edit', 'dev'));
  objects.clusterRoleBindings.push(crb('viewers', 'view', 'viewers'));
  const admin = run(objects);
  t.same(admin.map((f) => `${f.severity}:${f.id}`).sort(), [
    'block:rbac-create-workloads',
    'block:rbac-impersonate',
    'block:rbac-modify-bindings',
    'block:rbac-pods-attach',
    'block:rbac-pods-exec',
    'block:rbac-read-secrets',
    'block:rbac-token-request',
  ]);
  t.equal(
    admin.find((f) => f.id === 'rbac-read-secrets')!.message,
    'O=ops may get, list, watch secrets in kube-system (ClusterRole admin aggregating system:aggregate-to-edit, by RoleBinding kube-system/ops-admin)',
  );
  t.same(ids(objects, ['dev']).sort(), ['warn:rbac-namespace-secrets', 'warn:rbac-namespace-tokens', 'warn:rbac-namespace-workloads']);
  t.same(run(objects, ['viewers']), [], 'view has no finding');
});
