// `kubectl csr approver manifest`: what runs the approver in a cluster, least privilege, ready for `kubectl apply -f -`.
// deploy/helm/kubectl-csr-approver renders the same objects (test/e2e/approver-install.test.ts compares them).
import type { Io } from '../../io.js';
import { ExitCode } from '../../errors.js';
import { VERSION } from '../../version.js';

export interface ManifestOptions {
  namespace: string;
  image: string;
  /** The flags the Deployment's container runs `approver run` with, besides those the manifest sets itself. */
  runArgs: string[];
  signer: string;
}

export const APPROVER_NAME = 'kubectl-csr-approver';
export const DEFAULT_IMAGE = `ghcr.io/kubectl-csr/kubectl-csr:${VERSION}`;
export const DEFAULT_NAMESPACE = 'kube-system';
const METRICS_PORT = 8080;
const PROBE_PORT = 8081;

export function printManifest(opts: ManifestOptions, io: Io): ExitCode {
  io.stdout.write(manifestYaml(opts));
  return ExitCode.ok;
}

export function manifestYaml(opts: ManifestOptions): string {
  const name = APPROVER_NAME;
  const ns = opts.namespace;
  const labels = `{app.kubernetes.io/name: ${name}}`;
  const args = ['approver', 'run', '--leader-elect', `--leader-elect-namespace=${ns}`, `--metrics-bind-address=:${METRICS_PORT}`, `--health-probe-bind-address=:${PROBE_PORT}`, '--log-format=json', ...opts.runArgs];
  return `apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}
---
# What the approver reads and decides, and nothing else: CSRs, their approval for one signer, the Nodes whose
# addresses a serving certificate may name, and RBAC (the policy checks who a certificate would make privileged);
# Nodes, RBAC and ServiceAccounts are listed and watched into caches, not read again for each batch of CSRs.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}, labels: ${labels}}
rules:
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests]
  verbs: [get, list, watch]
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests/approval]
  verbs: [update]
- apiGroups: [certificates.k8s.io]
  resources: [signers]
  resourceNames: [${JSON.stringify(opts.signer)}]
  verbs: [approve]
- apiGroups: ['']
  resources: [nodes]
  verbs: [list, watch]
# ServiceAccounts: the policy follows escalation through the accounts a certificate's identity could become.
- apiGroups: ['']
  resources: [serviceaccounts]
  verbs: [list, watch]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles, clusterrolebindings, roles, rolebindings]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}, labels: ${labels}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects:
- {kind: ServiceAccount, name: ${name}, namespace: ${ns}}
---
# The leader election Lease, in the approver's namespace only.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${name}-leader-election, namespace: ${ns}, labels: ${labels}}
rules:
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}-leader-election, namespace: ${ns}, labels: ${labels}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}-leader-election}
subjects:
- {kind: ServiceAccount, name: ${name}, namespace: ${ns}}
---
# Events about CSRs (cluster-scoped objects) are recorded in the default namespace.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${name}-events, namespace: default, labels: ${labels}}
rules:
- apiGroups: ['']
  resources: [events]
  verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}-events, namespace: default, labels: ${labels}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}-events}
subjects:
- {kind: ServiceAccount, name: ${name}, namespace: ${ns}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}
spec:
  replicas: 2
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec:
      serviceAccountName: ${name}
      priorityClassName: system-cluster-critical
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
        seccompProfile: {type: RuntimeDefault}
      # Two replicas on two nodes: losing one node leaves a standby that takes the Lease over.
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: ${labels}}}
      # A serving certificate is what lets a new node's kubelet answer: the approver runs on control-plane nodes too.
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      containers:
      - name: approver
        image: ${opts.image}
        args:
${args.map((a) => `        - ${JSON.stringify(a)}`).join('\n')}
        env:
        - name: POD_NAMESPACE
          valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
        ports:
        - {name: metrics, containerPort: ${METRICS_PORT}}
        - {name: probes, containerPort: ${PROBE_PORT}}
        livenessProbe:
          httpGet: {path: /healthz, port: probes}
          periodSeconds: 10
        readinessProbe:
          httpGet: {path: /readyz, port: probes}
          periodSeconds: 5
        resources:
          requests: {cpu: 10m, memory: 64Mi}
          limits: {memory: 256Mi}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}
spec:
  minAvailable: 1
  selector: {matchLabels: ${labels}}
`;
}
