// What following escalation as a graph (src/policy/rbac/escalation-graph.ts) adds to one approve decision (issue 21,
// item 6: at most 150 ms with 5 000 service accounts and 3 000 roles and bindings). The policy is pure, so the decision
// is measured in-process: policy/evaluate.ts on a synthetic cluster's objects, with the graph and without it
// (followEscalation: false, the identity's own rules only), in turns. Each run gets a fresh copy of the objects, so
// that it pays for the indexes as one command's single decision does. Its own command, not part of `npm run bench`:
//
//   node --expose-gc scripts/run-ts.mjs scripts/bench/escalation-graph.ts            21 runs of each
//   node --expose-gc scripts/run-ts.mjs scripts/bench/escalation-graph.ts --runs 5
import { generateKeyPairSync } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Csr } from '../../src/kube/csr.js';
import type { PolicyRule, RbacBinding, RbacObjects, RbacRole, RbacSubject } from '../../src/kube/rbac-objects.js';
import { createRequest } from '../../src/pki/create-request.js';
import { decodeRequestField } from '../../src/kube/csr-request.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { DEFAULT_POLICY, type PolicyOptions } from '../../src/policy/policy-options.js';
import { runMain } from './run-main.js';

const log = (line: string) => process.stderr.write(`bench escalation-graph: ${line}\n`);

const NAMESPACES = 250;
const ACCOUNTS_PER_NAMESPACE = 20;
const TEAMS = 95;

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });
const group = (name: string): RbacSubject => ({ kind: 'Group', name });
const account = (namespace: string, name: string): RbacSubject => ({ kind: 'ServiceAccount', name, namespace });
const bind = (name: string, kind: 'ClusterRole' | 'Role', role: string, subject: RbacSubject, namespace?: string): RbacBinding => ({
  metadata: namespace ? { name, namespace } : { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
  subjects: [subject],
});

/**
 * 250 namespaces of 20 service accounts (5 000), and 3 000 roles and bindings: 200 ClusterRoles (cluster-admin, admin,
 * edit, view and custom read-only ones), 200 ClusterRoleBindings (five accounts bound to cluster-admin, 95 teams to
 * view, a CI group that may create pods everywhere, the rest read-only), 4 Roles per namespace (a deployer, a token
 * minter, a reader, a secret reader) and 1 600 RoleBindings (six per namespace, and 100 that chain each namespace's
 * sa-5 to the token minter of the next).
 */
function syntheticCluster(): RbacObjects {
  const all = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const clusterRoles: RbacRole[] = [
    { metadata: { name: 'cluster-admin' }, rules: [rule(['*'], ['*'], ['*'])] },
    { metadata: { name: 'admin' }, rules: [rule(['', 'apps', 'batch'], ['pods', 'secrets', 'serviceaccounts/token', 'deployments', 'jobs'], all), rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], all)] },
    { metadata: { name: 'edit' }, rules: [rule(['', 'apps', 'batch'], ['pods', 'secrets', 'serviceaccounts/token', 'deployments', 'jobs'], all)] },
    { metadata: { name: 'view' }, rules: [rule(['', 'apps'], ['pods', 'configmaps', 'services', 'deployments'], ['get', 'list', 'watch'])] },
    { metadata: { name: 'ci-pods' }, rules: [rule([''], ['pods'], ['create', 'get'])] },
  ];
  for (let i = clusterRoles.length; i < 200; i++) clusterRoles.push({ metadata: { name: `custom-${i}` }, rules: [rule(['example.com'], [`things${i}`], ['get', 'list'])] });
  const clusterRoleBindings: RbacBinding[] = [];
  for (let i = 0; i < 5; i++) clusterRoleBindings.push(bind(`root-${i}`, 'ClusterRole', 'cluster-admin', account(`ns-${i}`, 'sa-19')));
  for (let i = 0; i < TEAMS; i++) clusterRoleBindings.push(bind(`team-${i}-view`, 'ClusterRole', 'view', group(`team-${i}`)));
  clusterRoleBindings.push(bind('ci-pods', 'ClusterRole', 'ci-pods', group('ci-deployers')));
  for (let i = clusterRoleBindings.length; i < 200; i++) clusterRoleBindings.push(bind(`custom-${i}`, 'ClusterRole', `custom-${i}`, account(`ns-${i % NAMESPACES}`, 'sa-6')));
  const roles: RbacRole[] = [];
  const roleBindings: RbacBinding[] = [];
  const serviceAccounts: { metadata: { name: string; namespace: string } }[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns-${n}`;
    for (let a = 0; a < ACCOUNTS_PER_NAMESPACE; a++) serviceAccounts.push({ metadata: { name: a === 0 ? 'default' : `sa-${a}`, namespace: ns } });
    roles.push(
      { metadata: { name: 'deployer', namespace: ns }, rules: [rule([''], ['pods'], ['create']), rule(['apps'], ['deployments'], ['create', 'patch'])] },
      { metadata: { name: 'token-minter', namespace: ns }, rules: [rule([''], ['serviceaccounts/token'], ['create'])] },
      { metadata: { name: 'reader', namespace: ns }, rules: [rule([''], ['configmaps'], ['get', 'list'])] },
      { metadata: { name: 'secret-reader', namespace: ns }, rules: [rule([''], ['secrets'], ['get'])] },
    );
    roleBindings.push(
      bind('deployer', 'Role', 'deployer', account(ns, 'sa-1'), ns),
      bind('token-minter', 'Role', 'token-minter', account(ns, 'sa-2'), ns),
      bind('team-edit', 'ClusterRole', 'edit', group(`team-${n % TEAMS}`), ns),
      bind('reader', 'Role', 'reader', account(ns, 'sa-3'), ns),
      bind('dev-admin', 'ClusterRole', 'admin', { kind: 'User', name: `dev-${n}` }, ns),
      bind('secret-reader', 'Role', 'secret-reader', account(ns, 'sa-4'), ns),
    );
  }
  for (let n = 0; n < 100; n++) roleBindings.push(bind('chain', 'Role', 'token-minter', account(`ns-${n}`, 'sa-5'), `ns-${n + 1}`));
  return { clusterRoles, roles, clusterRoleBindings, roleBindings, serviceAccounts: { readable: true, items: serviceAccounts } };
}

interface Decision {
  name: string;
  csr: Csr;
}

function decision(name: string, commonName: string, organizations: string[]): Decision {
  const pem = createRequest({ key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, commonName, organizations });
  const csr: Csr = { metadata: { name }, spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'bench' } };
  return { name, csr };
}

interface Timing {
  /** Wall-clock time of the decision. */
  ms: number;
  /** User + system CPU time of this process during it: what the decision costs, whatever else the cores run. */
  cpuMs: number;
  findings: number;
  blocks: number;
}

function timeOnce(d: Decision, objects: RbacObjects, opts: PolicyOptions): Timing {
  const fresh = structuredClone(objects);
  (globalThis as { gc?: () => void }).gc?.(); // the copies of earlier runs are not collected inside this one
  const request = decodeRequestField(d.csr);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const findings = evaluate(d.csr, request, { rbac: { readable: true, objects: fresh }, nodes: null }, opts);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, findings: findings.length, blocks: findings.filter((f) => f.severity === 'block').length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): number {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
  const runs = Number(values.runs);
  const objects = syntheticCluster();
  const counted = objects.clusterRoles.length + objects.roles.length + objects.clusterRoleBindings.length + objects.roleBindings.length;
  const accounts = objects.serviceAccounts?.readable ? objects.serviceAccounts.items.length : 0;
  log(`${accounts} service accounts, ${counted} roles and bindings; ${runs} runs of each; load average ${loadavg()[0]!.toFixed(2)}`);
  const decisions = [
    decision('team member (view everywhere, edit in three namespaces)', 'alice', ['team-7']),
    decision('team member whose namespace holds a cluster-admin account', 'bob', ['team-2']),
    decision('CI group that may create pods in every namespace', 'ci', ['ci-deployers']),
  ];
  const off: PolicyOptions = { ...DEFAULT_POLICY, followEscalation: false };
  const rows: string[] = [];
  for (const d of decisions) {
    timeOnce(d, objects, DEFAULT_POLICY); // warm-up: the code, not the caches (every run has fresh objects)
    timeOnce(d, objects, off);
    const on: Timing[] = [];
    const without: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      on.push(timeOnce(d, objects, DEFAULT_POLICY));
      without.push(timeOnce(d, objects, off));
    }
    const m = (xs: Timing[], k: 'ms' | 'cpuMs') => median(xs.map((x) => x[k]));
    const fmt = (xs: Timing[]) => `${m(xs, 'ms').toFixed(1)} ms (CPU ${m(xs, 'cpuMs').toFixed(1)} ms)`;
    const [a, b] = [on[0]!, without[0]!];
    rows.push(
      `| ${d.name} | ${fmt(without)}, ${b.findings} findings | ${fmt(on)}, ${a.findings} findings (${a.blocks} block) | ` +
        `${(m(on, 'ms') - m(without, 'ms')).toFixed(1)} ms (CPU ${(m(on, 'cpuMs') - m(without, 'cpuMs')).toFixed(1)} ms) |`,
    );
  }
  process.stdout.write(
    [
      `${accounts} service accounts, ${counted} roles and bindings; median of ${runs} runs; load average ${loadavg()[0]!.toFixed(2)} at the end`,
      '',
      '| one approve decision | graph off | graph on | added by the graph |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(() => Promise.resolve().then(main), log);
