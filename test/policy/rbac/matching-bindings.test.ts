// Subject matching as the API server's RBAC authorizer does it: User by name, Group by membership (each O, and
// system:authenticated for everyone), ServiceAccount by its username.
import t from 'tap';
import { certificateIdentity, matchingBindings } from '../../../src/policy/rbac/matching-bindings.js';
import type { RbacBinding, RbacObjects } from '../../../src/kube/rbac-objects.js';

const crb = (name: string, role: string, subjects: RbacBinding['subjects']): RbacBinding => ({ metadata: { name }, roleRef: { kind: 'ClusterRole', name: role }, subjects });
const rb = (ns: string, name: string, kind: string, role: string, subjects: RbacBinding['subjects']): RbacBinding => ({
  metadata: { name, namespace: ns },
  roleRef: { kind, name: role },
  subjects,
});

const objects: RbacObjects = {
  clusterRoles: [{ metadata: { name: 'view' }, rules: [] }, { metadata: { name: 'sudo' }, rules: [] }],
  roles: [{ metadata: { name: 'deployer', namespace: 'team' }, rules: [] }],
  clusterRoleBindings: [
    crb('ops-sudo', 'sudo', [{ kind: 'Group', name: 'ops' }, { kind: 'User', name: 'jane' }]),
    crb('everyone-view', 'view', [{ kind: 'Group', name: 'system:authenticated' }]),
    crb('other', 'sudo', [{ kind: 'Group', name: 'dev' }, { kind: 'User', name: 'bob' }]),
    crb('dangling', 'missing', [{ kind: 'Group', name: 'ops' }]),
    crb('sa', 'sudo', [{ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }]),
  ],
  roleBindings: [
    rb('team', 'deployers', 'Role', 'deployer', [{ kind: 'Group', name: 'ops' }]),
    rb('team', 'viewers', 'ClusterRole', 'view', [{ kind: 'User', name: 'jane' }]),
    rb('ci', 'sa-local', 'ClusterRole', 'view', [{ kind: 'ServiceAccount', name: 'builder' }]),
    rb('team', 'other-ns-role', 'Role', 'deployer', [{ kind: 'Group', name: 'dev' }]),
  ],
};

const summary = (cn: string, o: string[]) =>
  matchingBindings(certificateIdentity({ commonName: cn, organizations: o }), objects).map((m) => `${m.bindingName} -> ${m.roleName}${m.role ? '' : ' (missing)'} via ${m.via}`);

t.test('CN as user, each O as group, and system:authenticated', async (t) => {
  t.same(summary('jane', ['ops']), [
    'ClusterRoleBinding ops-sudo -> ClusterRole sudo via O=ops',
    'ClusterRoleBinding ops-sudo -> ClusterRole sudo via CN=jane',
    'ClusterRoleBinding everyone-view -> ClusterRole view via system:authenticated',
    'ClusterRoleBinding dangling -> ClusterRole missing (missing) via O=ops',
    'RoleBinding team/deployers -> Role team/deployer via O=ops',
    'RoleBinding team/viewers -> ClusterRole view via CN=jane',
  ]);
  t.same(summary('nobody', []), ['ClusterRoleBinding everyone-view -> ClusterRole view via system:authenticated']);
  t.same(summary('x', ['system:authenticated']), ['ClusterRoleBinding everyone-view -> ClusterRole view via O=system:authenticated']);
});

t.test('a ServiceAccount subject matches the CN system:serviceaccount:NS:NAME', async (t) => {
  t.same(summary('system:serviceaccount:ci:builder', []), [
    'ClusterRoleBinding everyone-view -> ClusterRole view via system:authenticated',
    'ClusterRoleBinding sa -> ClusterRole sudo via CN=system:serviceaccount:ci:builder',
    'RoleBinding ci/sa-local -> ClusterRole view via CN=system:serviceaccount:ci:builder',
  ]);
  t.same(summary('builder', []), ['ClusterRoleBinding everyone-view -> ClusterRole view via system:authenticated']);
});

t.test('the match carries the binding, its namespace and the role object', async (t) => {
  const [first, , , , rolebinding] = matchingBindings(certificateIdentity({ commonName: 'jane', organizations: ['ops'] }), objects);
  t.equal(first!.namespace, null);
  t.equal(first!.role, objects.clusterRoles[1]);
  t.same(first!.subject, { kind: 'Group', name: 'ops' });
  t.equal(rolebinding!.namespace, 'team');
  t.equal(rolebinding!.role, objects.roles[0]);
});
