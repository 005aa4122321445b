import t from 'tap';
import type { RbacBinding, RbacObjects, RbacRole } from '../../src/kube/rbac-objects.js';
import { accessOf, broadestBinding } from '../../src/policy/access.js';
import { accessLines, accessSummary } from '../../src/output/access-text.js';
import { assessAll } from '../../src/policy/assessment.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import type { Csr } from '../../src/kube/csr.js';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';

const role = (name: string, rules: RbacRole['rules'], namespace?: string): RbacRole => ({ metadata: { name, ...(namespace ? { namespace } : {}) }, rules });
const binding = (name: string, kind: string, roleName: string, subjects: RbacBinding['subjects'], namespace?: string): RbacBinding => ({
  metadata: { name, ...(namespace ? { namespace } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName },
  subjects,
});
const objects: RbacObjects = {
  clusterRoles: [
    role('view', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'services'] }]),
    role('edit', [{ verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments', 'secrets'] }]),
    role('system:basic-user', [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectreviews'] }]),
  ],
  roles: [role('deployer', [{ verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] }], 'team-a')],
  clusterRoleBindings: [
    binding('dev-view', 'ClusterRole', 'view', [{ kind: 'Group', name: 'dev' }]),
    binding('system:basic-user', 'ClusterRole', 'system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]),
    binding('ops-edit', 'ClusterRole', 'edit', [{ kind: 'Group', name: 'ops' }]),
  ],
  roleBindings: [
    binding('ci', 'Role', 'deployer', [{ kind: 'User', name: 'jane' }, { kind: 'Group', name: 'dev' }], 'team-a'),
    binding('dev-edit', 'ClusterRole', 'edit', [{ kind: 'Group', name: 'dev' }], 'team-b'),
    binding('ghost', 'Role', 'missing', [{ kind: 'User', name: 'jane' }], 'team-c'),
  ],
};

t.test('one line per binding that names the identity; system:authenticated ones left out', async (t) => {
  const access = accessOf({ commonName: 'jane', organizations: ['dev'] }, { readable: true, objects });
  t.same(accessLines(access), [
    'ClusterRole view   (cluster-wide, by ClusterRoleBinding dev-view, via group dev)',
    'Role deployer      (namespace team-a, by RoleBinding ci, via user jane)',
    'ClusterRole edit   (namespace team-b, by RoleBinding dev-edit, via group dev)',
    'Role missing       (namespace team-c, by RoleBinding ghost, via user jane; the role does not exist)',
  ]);
  t.equal(accessSummary(access, access.readable ? broadestBinding(access.bindings, objects) : null), 'access=4 bindings, broadest ClusterRole view cluster-wide');
  const namespaced = accessOf({ commonName: 'bob', organizations: ['dev'] }, { readable: true, objects: { ...objects, clusterRoleBindings: [] } });
  t.equal(accessSummary(namespaced, namespaced.readable ? broadestBinding(namespaced.bindings, objects) : null), 'access=2 bindings, broadest ClusterRole edit in team-b');
});

t.test('no binding, and RBAC that cannot be read', async (t) => {
  const none = accessOf({ commonName: 'nobody', organizations: [] }, { readable: true, objects });
  t.same(accessLines(none), ['none: it can authenticate and do what system:authenticated may, nothing more']);
  t.equal(accessSummary(none, null), 'access=none beyond system:authenticated');
  const unreadable = accessOf({ commonName: 'jane', organizations: [] }, { readable: false, reason: '(Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden' });
  t.same(accessLines(unreadable), ['unknown: RBAC cannot be read (Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden']);
  t.equal(accessSummary(unreadable, null), 'access=unknown (RBAC cannot be read)');
});

t.test('withoutAccess (the --watch loop, the approver): the same findings and blockers, no access worked out', async (t) => {
  const csrFor = (cn: string, organizations: string[]): [Csr, ReturnType<typeof parseRequestPem>] => {
    const pem = createRequest({ key: generateKey('ecdsa-p256'), commonName: cn, organizations });
    const csr: Csr = { metadata: { name: cn }, spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'alice', groups: ['system:authenticated'] } };
    return [csr, parseRequestPem(pem)];
  };
  const pairs = [csrFor('jane', ['dev']), csrFor('root', ['system:masters']), csrFor('bob', [])];
  const csrs = pairs.map(([c]) => c);
  const decoded = pairs.map(([, r]) => r);
  const facts = { rbac: { readable: true as const, objects }, nodes: null };
  const allow = new Set<never>();
  const withAccess = assessAll(csrs, decoded, facts, { allow, options: DEFAULT_POLICY });
  const without = assessAll(csrs, decoded, facts, { allow, options: DEFAULT_POLICY, withoutAccess: true });
  t.strictSame(without.map((a) => [a.findings, a.blockers]), withAccess.map((a) => [a.findings, a.blockers]));
  t.strictSame(without.map((a) => [a.access, a.broadest]), [[null, null], [null, null], [null, null]]);
  t.equal(withAccess[0]!.broadest?.binding, 'dev-view');
  t.ok(withAccess[1]!.blockers.some((f) => f.id === 'privileged-group'));
});
