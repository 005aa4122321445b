// The approver's Helm chart (deploy/helm/kubectl-csr-approver) with a helm built from Go modules (test/helm,
// scripts/build-helm.sh, cached like the control plane): `helm lint --strict` passes, `helm template` renders the same
// objects as `kubectl csr approver manifest` given the same settings, and the API server accepts what it renders
// (kubectl apply --dry-run=server: validated and admitted, nothing stored).
import t from 'tap';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildHelm } from './harness/build.js';
import { cluster } from './cluster.js';
import { approverManifest, yamlObjects } from './approver-fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chart = join(root, 'deploy', 'helm', 'kubectl-csr-approver');
const IMAGE = 'registry.example/kubectl-csr:test';
const plane = cluster();
const run = promisify(execFile);

// The first run builds helm (ten minutes or more on a busy machine); later runs find it in the cache.
t.setTimeout(1_800_000);
const helm = join(await buildHelm(), 'helm');

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** The objects by kind/namespace/name: helm orders them by kind for installing, the manifest by dependency. */
function byName(text: string): Map<string, K8sObject> {
  const objects = yamlObjects(text) as K8sObject[];
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
}

async function template(namespace: string, sets: string[]): Promise<string> {
  const { stdout } = await run(helm, ['template', 'kubectl-csr-approver', chart, '--namespace', namespace, ...sets.flatMap((s) => ['--set', s])]);
  return stdout;
}

t.test('helm lint --strict passes', async (t) => {
  const { stdout } = await run(helm, ['lint', '--strict', chart]);
  t.match(stdout, /^1 chart\(s\) linted, 0 chart\(s\) failed$/m);
  t.notMatch(stdout, /\[(WARNING|ERROR)\]/);
});

const cases: { name: string; namespace: string; sets: string[]; args: string[] }[] = [
  { name: 'defaults', namespace: 'kube-system', sets: [], args: [] },
  {
    name: 'another namespace, signer and policy flags',
    namespace: 'csr-approver',
    sets: ['signer=example.com/serving', 'extraArgs={--skip-deny-step,--provider-regex=^node-[0-9]+$,--max-expiration-sec=86400}'],
    args: ['--signer', 'example.com/serving', '--skip-deny-step', '--provider-regex', '^node-[0-9]+$', '--max-expiration-sec', '86400'],
  },
];

for (const c of cases) {
  t.test(`helm template renders what approver manifest prints: ${c.name}`, async (t) => {
    const rendered = byName(await template(c.namespace, [`image=${IMAGE}`, ...c.sets]));
    const printed = byName(await approverManifest(IMAGE, ['--leader-elect-namespace', c.namespace, ...c.args]));
    t.same([...rendered.keys()].sort(), [...printed.keys()].sort(), 'the same objects');
    t.equal(rendered.size, 9);
    for (const [name, object] of printed) t.strictSame(rendered.get(name), object, name);
  });
}

t.test('what the chart renders passes kubectl apply --dry-run=server', async (t) => {
  const input = await template('kube-system', [`image=${IMAGE}`]);
  const out = execFileSync(plane.kubectl ?? 'kubectl', ['--kubeconfig', plane.kubeconfigs.admin, 'apply', '--dry-run=server', '-f', '-'], { input, encoding: 'utf8' });
  const applied = out.trim().split('\n').map((l) => l.replace(/ (created|configured|unchanged) \(server dry run\)$/, ''));
  t.same(applied.sort(), [
    'clusterrole.rbac.authorization.k8s.io/kubectl-csr-approver',
    'clusterrolebinding.rbac.authorization.k8s.io/kubectl-csr-approver',
    'deployment.apps/kubectl-csr-approver',
    'poddisruptionbudget.policy/kubectl-csr-approver',
    'role.rbac.authorization.k8s.io/kubectl-csr-approver-events',
    'role.rbac.authorization.k8s.io/kubectl-csr-approver-leader-election',
    'rolebinding.rbac.authorization.k8s.io/kubectl-csr-approver-events',
    'rolebinding.rbac.authorization.k8s.io/kubectl-csr-approver-leader-election',
    'serviceaccount/kubectl-csr-approver',
  ]);
});
