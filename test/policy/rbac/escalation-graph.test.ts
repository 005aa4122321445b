// Escalation followed hop by hop on hand-made RBAC: each hop kind to a service account bound to cluster-admin blocks
// with the path, a powerless account does not, named impersonation is judged by what the names hold, kubelet client
// certificates reach a node, paths of several hops are found, cycles end, and one wide grant prints a bounded list.
import t from 'tap';
import type { PolicyRule, RbacBinding, RbacObjects, RbacSubject } from '../../../src/kube/rbac-objects.js';
import { escalationFindings } from '../../../src/policy/rbac/escalation-graph.js';
import { DEFAULT_PRIVILEGED_NAMESPACES } from '../../../src/policy/rbac/escalation-classes.js';
import { certificateIdentity } from '../../../src/policy/rbac/matching-bindings.js';
import { privilegeFindings } from '../../../src/policy/identity-checks.js';
import { DEFAULT_POLICY } from '../../../src/policy/policy-options.js';
import { parseRequestPem } from '../../fixtures/pki/parse-request-pem.js';
import { createRequest } from '../../../src/pki/create-request.js';
import { generateKey } from '../../fixtures/pki/keys.js';

const PRIVILEGED = new Set(DEFAULT_PRIVILEGED_NAMESPACES);
const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });
const group = (name: string): RbacSubject => ({ kind: 'Group', name });
const account = (namespace: string, name: string): RbacSubject => ({ kind: 'ServiceAccount', name, namespace });
const user = (name: string): RbacSubject => ({ kind: 'User', name });

/** A ClusterRole "r-NAME" with the rules, bound by NAME cluster-wide (ns null) or in ns. */
class Cluster implements RbacObjects {
  clusterRoles = [{ metadata: { name: 'cluster-admin' }, rules: [rule(['*'], ['*'], ['*'])] }];
  roles = [];
  clusterRoleBindings: RbacBinding[] = [];
  roleBindings: RbacBinding[] = [];
  serviceAccounts = { readable: true as const, items: [] as { metadata: { name: string; namespace: string } }[] };

  grant(name: string, rules: PolicyRule[] | 'cluster-admin', subject: RbacSubject, ns: string | null = null): this {
    const role = rules === 'cluster-admin' ? rules : `r-${name}`;
    if (rules !== 'cluster-admin') this.clusterRoles.push({ metadata: { name: role }, rules });
    const binding = { metadata: ns ? { name, namespace: ns } : { name }, roleRef: { kind: 'ClusterRole', name: role }, subjects: [subject] };
    (ns ? this.roleBindings : this.clusterRoleBindings).push(binding);
    return this;
  }

  account(ns: string, ...names: string[]): this {
    for (const name of names) this.serviceAccounts.items.push({ metadata: { name, namespace: ns } });
    return this;
  }
}

const TOKEN = rule([''], ['serviceaccounts/token'], ['create']);
const run = (objects: RbacObjects, o = ['ops'], cn = 'jane') => escalationFindings(certificateIdentity({ commonName: cn, organizations: o }), objects, PRIVILEGED);
const ids = (objects: RbacObjects, o?: string[], cn?: string) => run(objects, o, cn).map((f) => `${f.severity}:${f.id}`).sort();

/** An ordinary namespace "ops" holding "deployer", bound to cluster-admin, and "idle", bound to nothing. */
const opsCluster = () => new Cluster().account('ops', 'deployer', 'idle').grant('d', 'cluster-admin', account('ops', 'deployer'));

t.test('each hop into an ordinary namespace that holds a cluster-admin service account blocks, with the path', async (t) => {
  const token = opsCluster().grant('t', [TOKEN], group('ops'), 'ops');
  t.same(run(token), [
    { id: 'rbac-namespace-tokens', severity: 'warn', message: 'O=ops may create serviceaccounts/token in ops (ClusterRole r-t, by RoleBinding ops/t)' },
    { id: 'rbac-path-token-request', severity: 'block', message: 'O=ops → create serviceaccounts/token in ops (RoleBinding ops/t) → ServiceAccount ops/deployer → ClusterRole cluster-admin (ClusterRoleBinding d)' },
  ]);
  const impersonate = opsCluster().grant('i', [rule([''], ['serviceaccounts'], ['impersonate'])], group('ops'), 'ops');
  t.equal(run(impersonate).find((f) => f.id === 'rbac-path-impersonate')?.message, 'O=ops → impersonate serviceaccounts in ops (RoleBinding ops/i) → ServiceAccount ops/deployer → ClusterRole cluster-admin (ClusterRoleBinding d)');
  for (const r of [rule([''], ['pods'], ['create']), rule(['apps'], ['deployments'], ['patch']), rule(['batch'], ['cronjobs'], ['create'])]) {
    t.same(ids(opsCluster().grant('w', [r], group('ops'), 'ops')), ['block:rbac-path-workloads', 'warn:rbac-namespace-workloads'], r.resources!.join());
  }
  const secrets = opsCluster().grant('s', [rule([''], ['secrets'], ['list'])], group('ops'), 'ops');
  t.equal(run(secrets).find((f) => f.id === 'rbac-path-secrets')?.message, 'O=ops → list secrets in ops (RoleBinding ops/s) → ServiceAccount ops/deployer → ClusterRole cluster-admin (ClusterRoleBinding d)');
  t.same(ids(opsCluster().grant('s', [rule([''], ['secrets'], ['get'], ['db'])], group('ops'), 'ops')), ['warn:rbac-namespace-secrets'], 'one secret by name is not a token');
});

t.test('the same grants where the accounts hold nothing only warn; an account that does not exist is not reached', async (t) => {
  const quiet = new Cluster().account('ops', 'idle', 'other').grant('t', [TOKEN, rule([''], ['pods'], ['create'])], group('ops'), 'ops');
  t.same(ids(quiet), ['warn:rbac-namespace-tokens', 'warn:rbac-namespace-workloads']);
  const gone = () => new Cluster().account('ops', 'idle').grant('d', 'cluster-admin', account('ops', 'deleted')).grant('t', [TOKEN], group('ops'), 'ops');
  t.same(ids(gone()), ['warn:rbac-namespace-tokens'], 'a binding to a deleted account');
  const unread: Partial<Cluster> = gone();
  delete unread.serviceAccounts;
  t.same(ids(unread as RbacObjects), ['block:rbac-path-token-request', 'warn:rbac-namespace-tokens'], 'accounts not read: those the bindings name are assumed');
});

t.test('an account privileged through its groups', async (t) => {
  const objects = new Cluster().account('ops', 'a', 'b').grant('all-ops', 'cluster-admin', group('system:serviceaccounts:ops')).grant('t', [TOKEN], group('ops'), 'ops');
  t.same(run(objects).filter((f) => f.severity === 'block'), [
    {
      id: 'rbac-path-token-request',
      severity: 'block',
      message: 'O=ops → create serviceaccounts/token in ops (RoleBinding ops/t) → ServiceAccount ops/a (in group system:serviceaccounts:ops) → ClusterRole cluster-admin (ClusterRoleBinding all-ops)',
    },
  ], 'a and b hold the same: one stands for both');
});

t.test('impersonation limited to names is judged by what the names hold', async (t) => {
  const nobody = new Cluster().grant('sudo', [rule([''], ['users'], ['impersonate'], ['bob'])], group('ops'));
  t.same(run(nobody), [{ id: 'rbac-named-identities', severity: 'warn', message: 'O=ops may impersonate users named bob (ClusterRole r-sudo, by ClusterRoleBinding sudo)' }]);
  const admin = new Cluster().grant('sudo', [rule([''], ['users', 'groups'], ['impersonate'], ['root', 'wheel'])], group('ops')).grant('root', 'cluster-admin', user('root')).grant('wheel', [rule([''], ['nodes/proxy'], ['get'])], group('wheel'));
  t.same(run(admin).filter((f) => f.severity === 'block'), [
    { id: 'rbac-path-impersonate', severity: 'block', message: 'O=ops → impersonate users named root, wheel (ClusterRoleBinding sudo) → User root → ClusterRole cluster-admin (ClusterRoleBinding root)' },
    { id: 'rbac-path-impersonate', severity: 'block', message: 'O=ops → impersonate groups named root, wheel (ClusterRoleBinding sudo) → Group wheel may get nodes/proxy (ClusterRole r-wheel, by ClusterRoleBinding wheel)' },
  ]);
  const tokens = opsCluster().grant('t', [rule([''], ['serviceaccounts/token'], ['create'], ['idle'])], group('ops'));
  t.same(ids(tokens), ['warn:rbac-named-identities'], 'a token of an idle account, in every namespace');
  const deployer = opsCluster().grant('t', [rule([''], ['serviceaccounts/token'], ['create'], ['deployer'])], group('ops'));
  t.same(ids(deployer), ['block:rbac-path-token-request', 'warn:rbac-named-identities']);
});

t.test('kubelet client certificates: nodeclient reaches any node, selfnodeclient the node a user names', async (t) => {
  const csr = rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create']);
  const boot = new Cluster().grant('boot', [csr, rule(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create'])], group('boot'));
  const found = run(boot, ['boot']);
  t.same(found.map((f) => f.id), ['rbac-node-client-certs']);
  t.match(found[0]!.message, /^O=boot → create certificatesigningrequests and certificatesigningrequests\/nodeclient \(ClusterRoleBinding boot\) → Node CN=system:node:\*, O=system:nodes \(the kube-controller-manager approves/);
  t.same(ids(new Cluster().grant('boot', [csr], group('boot')), ['boot']), [], 'creating CSRs alone');
  const self = new Cluster().grant('self', [csr, rule(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create'])], group('system:authenticated'));
  t.same(ids(self, [], 'system:node:n1'), ['block:rbac-authenticated-escalation'], 'a node name without system:nodes becomes the node');
  t.same(ids(self, ['system:nodes'], 'system:node:n1'), [], 'a node renewing its own certificate becomes nothing new');
  t.same(ids(self, [], 'jane'), [], 'selfnodeclient needs a node name');
});

t.test('several hops; cycles end', async (t) => {
  const chain = new Cluster()
    .account('a', 'builder')
    .account('b', 'root')
    .grant('t', [TOKEN], group('ops'), 'a')
    .grant('p', [rule([''], ['pods'], ['create'])], account('a', 'builder'), 'b')
    .grant('r', 'cluster-admin', account('b', 'root'));
  t.equal(
    run(chain).find((f) => f.severity === 'block')?.message,
    'O=ops → create serviceaccounts/token in a (RoleBinding a/t) → ServiceAccount a/builder → create pods in b (RoleBinding b/p) → ServiceAccount b/root → ClusterRole cluster-admin (ClusterRoleBinding r)',
  );
  const loop = new Cluster().account('x', 'one', 'two').grant('t', [TOKEN], group('ops'), 'x').grant('t2', [TOKEN], group('system:serviceaccounts:x'), 'x');
  t.same(ids(loop), ['warn:rbac-namespace-tokens', 'warn:rbac-path-warn']);
});

t.test('one wide grant: three paths shown per kind, the rest counted; system:authenticated is everyone', async (t) => {
  const wide = new Cluster().grant('t', [TOKEN], group('ops'), 'team');
  for (let i = 0; i < 5; i++) wide.account('team', `admin${i}`).grant(`d${i}`, 'cluster-admin', account('team', `admin${i}`));
  const paths = run(wide).filter((f) => f.id === 'rbac-path-token-request');
  t.equal(paths.length, 4);
  t.same(paths[3], { id: 'rbac-path-token-request', severity: 'block', message: 'and 2 more paths of this kind' });
  const everyone = opsCluster().grant('t', [TOKEN], group('system:authenticated'), 'ops');
  t.same(ids(everyone, []), ['block:rbac-authenticated-escalation', 'warn:rbac-namespace-tokens']);
  t.same(ids(opsCluster().grant('me', 'cluster-admin', group('ops'))), ['block:privileged-group'], 'bound to everything: nothing more to say');
});

t.test('ServiceAccounts that cannot be read block, as RBAC that cannot be read does', async (t) => {
  const request = parseRequestPem(createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane', organizations: ['ops'] }));
  const objects = { clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [], serviceAccounts: { readable: false as const, reason: '(Forbidden): serviceaccounts is forbidden' } };
  t.same(privilegeFindings(request, { rbac: { readable: true, objects }, nodes: null }, DEFAULT_POLICY), [
    { id: 'serviceaccounts-unreadable', severity: 'block', message: 'cannot read ServiceAccounts to follow escalation through them ((Forbidden): serviceaccounts is forbidden)' },
  ]);
  const admin = opsCluster().grant('t', [TOKEN], group('ops'), 'ops');
  const off = privilegeFindings(request, { rbac: { readable: true, objects: admin }, nodes: null }, { ...DEFAULT_POLICY, followEscalation: false });
  t.same(off.map((f) => f.id), ['rbac-namespace-tokens'], 'the graph off: the identity\'s own rules only');
});
