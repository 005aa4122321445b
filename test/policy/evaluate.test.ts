// The policy checks are pure: (CSR, decoded request, cluster facts) → findings. Each finding id, exactly.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { JUDGED_KEPT } from '../../src/policy/identity-checks.js';
import { blocking } from '../../src/policy/finding.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import type { ClusterFacts } from '../../src/policy/cluster-facts.js';
import type { RbacObjects } from '../../src/kube/rbac-objects.js';
import type { Csr } from '../../src/kube/csr.js';

const ecKey = generateKey('ecdsa-p256');
type Spec = { cn: string; o?: string[]; dns?: string[]; ip?: string[]; signer?: string; usages?: string[]; seconds?: number; user?: string; groups?: string[]; weak?: boolean };

function input(spec: Spec) {
  const key = spec.weak ? generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey : ecKey;
  const pem = createRequest({ key, commonName: spec.cn, organizations: spec.o ?? [], dns: spec.dns ?? [], ip: spec.ip ?? [] });
  const csr: Csr = {
    metadata: { name: 'x' },
    spec: {
      request: Buffer.from(pem).toString('base64'),
      signerName: spec.signer ?? 'kubernetes.io/kube-apiserver-client',
      usages: spec.usages ?? ['digital signature', 'client auth'],
      ...(spec.seconds ? { expirationSeconds: spec.seconds } : {}),
      username: spec.user ?? 'alice',
      groups: spec.groups ?? ['system:authenticated'],
    },
  };
  return { csr, req: parseRequestPem(pem) };
}

const objects: RbacObjects = {
  clusterRoles: [
    { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    { metadata: { name: 'everything' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    { metadata: { name: 'view' }, rules: [{ apiGroups: [''], verbs: ['get'], resources: ['pods'] }] },
  ],
  roles: [{ metadata: { name: 'ns-all', namespace: 'team' }, rules: [{ apiGroups: ['*'], verbs: ['*'], resources: ['*'] }] }],
  clusterRoleBindings: [
    { metadata: { name: 'ops-admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'ops' }] },
    { metadata: { name: 'root-user' }, roleRef: { kind: 'ClusterRole', name: 'everything' }, subjects: [{ kind: 'User', name: 'root' }] },
    { metadata: { name: 'viewers' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'dev' }] },
  ],
  roleBindings: [{ metadata: { name: 'team-all', namespace: 'team' }, roleRef: { kind: 'Role', name: 'ns-all' }, subjects: [{ kind: 'Group', name: 'team-leads' }] }],
};
const facts: ClusterFacts = { rbac: { readable: true, objects }, nodes: new Map([['w1', { addresses: ['10.0.0.5', 'w1'] }]]) };
const ids = (spec: Spec, f: ClusterFacts = facts) => {
  const { csr, req } = input(spec);
  return evaluate(csr, req, f, DEFAULT_POLICY).map((x) => `${x.severity}:${x.id}`);
};

t.test('a clean client request has no findings', async (t) => {
  t.same(ids({ cn: 'jane', o: ['dev'] }), []);
});

t.test('privileged groups and users, from RBAC', async (t) => {
  t.same(ids({ cn: 'jane', o: ['ops'] }), ['block:privileged-group']);
  t.same(ids({ cn: 'root' }), ['block:privileged-user']);
  t.same(ids({ cn: 'jane', o: ['team-leads'] }), ['warn:namespace-privileged-group']);
  t.same(ids({ cn: 'jane', o: ['system:masters'] }), ['block:privileged-group', 'block:subject-rejected-by-signer']);
  const { csr, req } = input({ cn: 'jane', o: ['ops'] });
  t.equal(evaluate(csr, req, facts, DEFAULT_POLICY)[0]!.message, 'O=ops is bound to ClusterRole cluster-admin by ClusterRoleBinding ops-admins');
});

t.test('RBAC that cannot be read is a finding, never a guess', async (t) => {
  t.same(ids({ cn: 'jane' }, { rbac: { readable: false, reason: '(Forbidden): nope' }, nodes: null }), ['block:rbac-unreadable']);
  t.same(ids({ cn: 'jane' }, { rbac: null, nodes: null }), [], 'offline: not consulted');
});

t.test('impersonation on the kube-apiserver-client signer', async (t) => {
  t.same(ids({ cn: 'system:node:w1' }), ['block:impersonates-node']);
  t.same(ids({ cn: 'system:serviceaccount:default:x' }), ['block:impersonates-serviceaccount']);
  t.same(ids({ cn: 'system:kube-scheduler' }), ['block:impersonates-control-plane']);
  t.same(ids({ cn: 'jane', o: ['system:serviceaccounts'] }), ['block:impersonates-serviceaccount']);
});

t.test('kubelet signers: the requestor must be the node; serving SANs must be the Node\'s', async (t) => {
  const serving = { cn: 'system:node:w1', o: ['system:nodes'], signer: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'] };
  const asNode = { user: 'system:node:w1', groups: ['system:nodes', 'system:authenticated'] };
  t.same(ids({ ...serving, ...asNode, ip: ['10.0.0.5'], dns: ['w1'] }), []);
  t.same(ids({ ...serving, ...asNode, ip: ['10.0.0.6'] }), ['block:san-not-node-address']);
  t.same(ids({ ...serving, ip: ['10.0.0.5'] }), ['block:requestor-not-node']);
  t.same(ids({ ...serving, ...asNode }), ['block:subject-rejected-by-signer'], 'no SAN at all');
  t.same(ids({ ...serving, ...asNode, cn: 'system:node:w9', ip: ['10.0.0.5'] }).sort(), ['block:requestor-not-node', 'warn:node-not-found']);
  const client = { cn: 'system:node:w1', o: ['system:nodes'], signer: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] };
  t.same(ids({ ...client, user: 'system:bootstrap:abc123', groups: ['system:bootstrappers'] }), ['info:bootstrap-requestor']);
  t.same(ids({ ...client, ...asNode }), []);
});

t.test('serving SANs against the Node\'s addresses: every foreign one named, DNS before IP, case ignored; --bypass-hostname-check', async (t) => {
  const serving = { cn: 'system:node:w2', o: ['system:nodes'], signer: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'], user: 'system:node:w2', groups: ['system:nodes'] };
  const node = { addresses: ['10.0.0.7', 'W2.Example', '2001:DB8::1'] };
  const nodeFacts: ClusterFacts = { ...facts, nodes: new Map([['w2', node]]) };
  const { csr, req } = input({ ...serving, dns: ['w2.example', 'other', 'x.example'], ip: ['10.0.0.7', '2001:db8::1', '10.0.0.8', 'fe80::1'] });
  const message = (bypass: boolean) => evaluate(csr, req, nodeFacts, { ...DEFAULT_POLICY, provider: bypass ? { dnsPattern: null, ipPrefixes: null, allowedDnsNames: 9, bypassHostnameCheck: true } : undefined }).find((f) => f.id === 'san-not-node-address')?.message;
  t.equal(message(false), 'DNS:other, DNS:x.example, IP:10.0.0.8, IP:fe80::1 are not addresses of Node w2');
  t.equal(message(false), 'DNS:other, DNS:x.example, IP:10.0.0.8, IP:fe80::1 are not addresses of Node w2', 'the same Node again');
  t.equal(message(true), 'IP:10.0.0.8, IP:fe80::1 are not addresses of Node w2');
  nodeFacts.nodes!.set('w2', { addresses: ['other', 'x.example', '10.0.0.8', 'FE80::1'] });
  t.equal(message(false), 'DNS:w2.example, IP:10.0.0.7, IP:2001:db8::1 are not addresses of Node w2', 'a Node read again');
});

t.test('usages, signers, durations, keys', async (t) => {
  t.same(ids({ cn: 'jane', usages: ['client auth', 'server auth'] }), ['block:usages-rejected-by-signer']);
  t.same(ids({ cn: 'jane', signer: 'example.com/x', usages: ['cert sign'] }), ['block:usages-excessive', 'warn:unknown-signer']);
  t.same(ids({ cn: 'jane', seconds: 2 * 365 * 24 * 3600 }), ['block:duration-too-long']);
  t.same(ids({ cn: 'jane', weak: true }), ['block:weak-key']);
});

t.test('--allow overrides one finding, not all', async (t) => {
  const { csr, req } = input({ cn: 'root', o: ['ops'] });
  const findings = evaluate(csr, req, facts, DEFAULT_POLICY);
  t.same(blocking(findings, new Set(['privileged-group'])).map((f) => f.id), ['privileged-user']);
  t.same(blocking(findings, new Set(['privileged-group', 'privileged-user'])), []);
});

t.test('an undecodable request blocks', async (t) => {
  const { csr } = input({ cn: 'x' });
  t.same(evaluate(csr, new Error('bad base64'), facts, DEFAULT_POLICY), [{ id: 'undecodable-request', severity: 'block', message: 'spec.request cannot be decoded: bad base64' }]);
});

t.test('a subject Go reads differently is refused, both readings side by side', async (t) => {
  const { craftRequest, derName, attribute, requestPem } = await import('../fixtures/pki/der-name.js');
  const crafted = (rdns: Buffer[][]) => {
    const pem = requestPem(craftRequest(derName(rdns), ecKey));
    const csr: Csr = { metadata: { name: 'x' }, spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } };
    return evaluate(csr, parseRequestPem(pem), { rbac: null, nodes: null }, DEFAULT_POLICY).filter((f) => f.id.startsWith('subject-'));
  };
  t.strictSame(crafted([[attribute('2.5.4.3', 0x0c, Buffer.from('system:kube-controller-manager'))], [attribute('2.5.4.3', 0x1a, Buffer.from('harmless'))]]), [
    { id: 'subject-ignored-type', severity: 'block', message: 'CN VisibleString "harmless" (read generously: CN=system:kube-controller-manager, CN=harmless; read by Go, as the API server does: CN=system:kube-controller-manager)' },
    { id: 'subject-multiple-cn', severity: 'block', message: '2 CN attributes; Go keeps only the last one it reads (read generously: CN=system:kube-controller-manager, CN=harmless; read by Go, as the API server does: CN=system:kube-controller-manager)' },
  ]);
  t.strictSame(crafted([[attribute('2.5.4.3', 0x0c, Buffer.from('jane'))], [attribute('2.5.4.10', 0x1e, Buffer.from('\0r\0t\0\0', 'latin1'))]]), [
    { id: 'subject-altered-value', severity: 'block', message: 'O BMPString ends in U+0000, which Go drops (read generously: CN=jane, O=rt\\00; read by Go, as the API server does: CN=jane, O=rt)' },
  ]);
  t.strictSame(crafted([[attribute('2.5.4.3', 0x0c, Buffer.from([0xc3]))]]), [
    { id: 'subject-rejected-by-go', severity: 'block', message: 'CN UTF8String: invalid UTF-8 string (read generously: CN=\ufffd; Go refuses the request)' },
  ]);
  t.strictSame(crafted([[attribute('2.5.4.3', 0x0c, Buffer.from('jane'))]]), []);
});

t.test('RBAC findings are judged once per identity and RBAC read: a new read is judged afresh', async (t) => {
  const same = ids({ cn: 'jane', o: ['dev'] });
  t.same(ids({ cn: 'jane', o: ['dev'] }), same, 'the same identity again: the same findings');
  t.same(ids({ cn: 'jane', o: ['dev'], dns: ['x.example'] }), same, 'another CSR of the same identity');
  t.same(ids({ cn: 'jane', o: ['ops'] }), ['block:privileged-group'], 'another group is another identity');
  t.same(ids({ cn: 'jane', o: ['dev', 'ops'] }), ['block:privileged-group'], 'one more group is another identity');
  // The approver's caches give a new read when RBAC changes: dev made cluster-admin.
  const changed: RbacObjects = { ...objects, clusterRoleBindings: [...objects.clusterRoleBindings, { metadata: { name: 'dev-admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'dev' }] }] };
  t.same(ids({ cn: 'jane', o: ['dev'] }, { ...facts, rbac: { readable: true, objects: changed } }), ['block:privileged-group'], 'the new read');
  t.same(ids({ cn: 'jane', o: ['dev'] }), same, 'the old read, as before');
  t.same(ids({ cn: 'jane', o: ['dev'] }, { ...facts, rbac: { readable: true, objects: changed } }), ['block:privileged-group'], 'the new read again');
});

t.test('past JUDGED_KEPT identities the judged are forgotten, and judged again alike', async (t) => {
  const fresh: ClusterFacts = { ...facts, rbac: { readable: true, objects: { ...objects } } };
  const first = ids({ cn: 'root' }, fresh);
  t.same(first, ['block:privileged-user']);
  const wrong: string[] = [];
  for (let i = 0; i <= JUDGED_KEPT; i++) {
    const got = ids({ cn: `user-${i}`, o: i % 2 ? ['ops'] : ['dev'] }, fresh).join();
    if (got !== (i % 2 ? 'block:privileged-group' : '')) wrong.push(`user-${i}: ${got}`);
  }
  t.same(wrong, [], `${JUDGED_KEPT + 1} identities, each judged right`);
  t.same(ids({ cn: 'root' }, fresh), first, 'root once more, after the forgetting');
});
