// What installs the approver: `approver manifest` is accepted by the real API server (kubectl apply
// --dry-run=server: every object validated and admitted, nothing stored) and says what a pod needs.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { runCli } from '../helpers/run-cli.js';
import { cluster } from './cluster.js';
import { approverManifest, yamlObjects } from './approver-fixture.js';

const plane = cluster();
const IMAGE = 'registry.example/kubectl-csr:test';

const manifest = (args: string[]) => approverManifest(IMAGE, args);
const objects = yamlObjects;

t.test('the manifest passes kubectl apply --dry-run=server', async (t) => {
  const kubectl = plane.kubectl ?? 'kubectl';
  const out = execFileSync(kubectl, ['--kubeconfig', plane.kubeconfigs.admin, 'apply', '--dry-run=server', '-f', '-'], { input: await manifest(['--leader-elect-namespace', 'kube-system']), encoding: 'utf8' });
  t.same(out.trim().split('\n').map((l) => l.replace(/ (created|configured|unchanged) \(server dry run\)$/, '')), [
    'serviceaccount/kubectl-csr-approver',
    'clusterrole.rbac.authorization.k8s.io/kubectl-csr-approver',
    'clusterrolebinding.rbac.authorization.k8s.io/kubectl-csr-approver',
    'role.rbac.authorization.k8s.io/kubectl-csr-approver-leader-election',
    'rolebinding.rbac.authorization.k8s.io/kubectl-csr-approver-leader-election',
    'role.rbac.authorization.k8s.io/kubectl-csr-approver-events',
    'rolebinding.rbac.authorization.k8s.io/kubectl-csr-approver-events',
    'deployment.apps/kubectl-csr-approver',
    'poddisruptionbudget.policy/kubectl-csr-approver',
  ]);
});

t.test('the manifest: two replicas, probes, non-root and read-only, flags handed on', async (t) => {
  const docs = objects(await manifest(['--provider-regex', '^node-', '--skip-deny-step', '--leader-elect-lease-duration', '20s'])) as any[];
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  t.equal(deployment.spec.replicas, 2);
  t.same(container.args, ['approver', 'run', '--leader-elect', '--leader-elect-namespace=kube-system', '--metrics-bind-address=:8080', '--health-probe-bind-address=:8081', '--log-format=json', '--skip-deny-step', '--leader-elect-lease-duration=20s', '--provider-regex=^node-']);
  t.same([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path], ['/healthz', '/readyz']);
  t.same([pod.securityContext.runAsNonRoot, container.securityContext.readOnlyRootFilesystem, container.securityContext.allowPrivilegeEscalation], [true, true, false]);
  t.equal(docs.find((d) => d.kind === 'PodDisruptionBudget').spec.minAvailable, 1);
  const bad = await runCli(['approver', 'manifest', '--provider-ip-prefixes', 'nonsense']);
  t.same([bad.code, bad.stderr], [2, 'error: invalid --provider-ip-prefixes: cannot parse "nonsense" as an IP prefix like 192.168.0.0/16 or fc00::/7\n']);
});
