// The warnings' budget (issue 23 item 3), in-process against the in-memory cluster: an approval says an identity's
// warnings in one line (their ids, where the details are), -v=2 adds each finding's line, and deny, a no-op re-approve
// and a cron renew of the same identity say nothing; a block still refuses in full.
import t from 'tap';
import type { RbacObjects } from '../../src/kube/rbac-objects.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn } from '../fakes/run-command.js';

/** Group dev may read Secrets, run Pods and exec into them in the ordinary namespace team-a. */
const TEAM_A: RbacObjects = {
  clusterRoles: [],
  roles: [
    {
      metadata: { name: 'dev', namespace: 'team-a' },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] },
        { verbs: ['create'], apiGroups: [''], resources: ['pods', 'pods/exec'] },
      ],
    },
  ],
  clusterRoleBindings: [],
  roleBindings: [{ metadata: { name: 'dev', namespace: 'team-a' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dev' }, subjects: [{ kind: 'Group', name: 'dev' }] }],
};

const warningLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning: '));

t.test('approve: one summary line per identity, before the approval; nothing on a no-op re-approve', async (t) => {
  const fake = new FakeCluster({ rbac: TEAM_A });
  fake.add(csrFor('jane-1', { cn: 'jane', groups: ['dev'] }));
  fake.add(csrFor('jane-2', { cn: 'jane', groups: ['dev'] }));
  const r = await runIn(fake, ['approve', 'jane-1', 'jane-2']);
  t.equal(r.code, 0, r.stderr);
  t.strictSame(warningLines(r.stderr), [
    'warning: CN=jane,O=dev: 4 warnings (rbac-namespace-secrets, rbac-namespace-workloads); details: kubectl csr inspect jane-1 jane-2, or -v=2',
  ]);
  t.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/jane-1 approved\ncertificatesigningrequest.certificates.k8s.io/jane-2 approved\n');
  const again = await runIn(fake, ['approve', 'jane-1']);
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stderr, '', 'already approved: a no-op says nothing');
});

t.test('-v=2: each warning finding on its own line after the summary', async (t) => {
  const fake = new FakeCluster({ rbac: TEAM_A });
  fake.add(csrFor('jane', { groups: ['dev'] }));
  const r = await runIn(fake, ['approve', 'jane', '-v=2']);
  t.equal(r.code, 0, r.stderr);
  const lines = warningLines(r.stderr);
  t.equal(lines[0], 'warning: CN=jane,O=dev: 2 warnings (rbac-namespace-secrets, rbac-namespace-workloads); details: kubectl csr inspect jane, or -v=2');
  t.strictSame(lines.slice(1).map((l) => l.replace(/\] .*/, ']')), ['warning: jane: [rbac-namespace-secrets]', 'warning: jane: [rbac-namespace-workloads]']);
  t.match(lines[1], /team-a/, 'the details name the namespace');
});

t.test('deny says no warning; a block still refuses with every finding named', async (t) => {
  const fake = new FakeCluster({ rbac: TEAM_A });
  fake.add(csrFor('jane', { groups: ['dev'] }));
  const denied = await runIn(fake, ['deny', 'jane']);
  t.equal(denied.code, 0, denied.stderr);
  t.strictSame(warningLines(denied.stderr), []);
  fake.add(csrFor('root', { groups: ['system:masters', 'dev'] }));
  const refused = await runIn(fake, ['approve', 'root']);
  t.equal(refused.code, 6);
  t.strictSame(warningLines(refused.stderr), [], 'refused: the refusal says why');
  t.match(refused.stderr, /^error: refusing to approve "root": \[privileged-group\] O=system:masters /m);
});

t.test('request --approve: the summary; the warnings of an identity with none: nothing', async (t) => {
  const fake = new FakeCluster({ rbac: TEAM_A, signer: true });
  const dir = t.testdir();
  const r = await runIn(fake, ['request', 'jane', '--group', 'dev', '--approve', '--key-out', `${dir}/jane.key`], { cwd: dir });
  t.equal(r.code, 0, r.stderr);
  t.strictSame(warningLines(r.stderr), ['warning: CN=jane,O=dev: 2 warnings (rbac-namespace-secrets, rbac-namespace-workloads); details: kubectl csr inspect jane, or -v=2']);
  const quiet = await runIn(fake, ['request', 'ann', '--approve', '--key-out', `${dir}/ann.key`], { cwd: dir });
  t.equal(quiet.code, 0, quiet.stderr);
  t.strictSame(warningLines(quiet.stderr), []);
});
