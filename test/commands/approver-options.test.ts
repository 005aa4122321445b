// approver run's flags: kubelet-csr-approver's provider checks as its flags set them, and the usage errors.
import t from 'tap';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { DEFAULT_POLICY } from '../../src/policy/policy-options.js';
import type { ClusterFacts } from '../../src/policy/cluster-facts.js';
import type { Csr } from '../../src/kube/csr.js';
import { approverOptions, type ApproverArgs } from '../../src/commands/approver/options.js';

const key = generateKey('ecdsa-p256');
const facts: ClusterFacts = {
  rbac: { readable: true, objects: { clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [] } },
  nodes: new Map([['w1', { addresses: ['10.0.0.5', 'w1', 'w1.int.example'] }]]),
};

function serving(dns: string[], ip: string[]): { csr: Csr; req: ReturnType<typeof parseRequestPem> } {
  const pem = createRequest({ key, commonName: 'system:node:w1', organizations: ['system:nodes'], dns, ip });
  const csr: Csr = {
    metadata: { name: 'x' },
    spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'], username: 'system:node:w1', groups: ['system:nodes', 'system:authenticated'] },
  };
  return { csr, req: parseRequestPem(pem) };
}

const ARGS: ApproverArgs = {
  signer: 'kubernetes.io/kubelet-serving', dryRun: false, skipDenyStep: false, logFormat: 'text', leaderElect: false, leaderElectLeaseDuration: '15s',
  leaderElectRenewDeadline: '10s', leaderElectRetryPeriod: '2s', leaderElectId: 'kubectl-csr-approver', metricsBindAddress: '0', healthProbeBindAddress: '0',
  providerIpPrefixes: '0.0.0.0/0,::/0', allowedDnsNames: 1, bypassDnsResolution: false, bypassHostnameCheck: false, ignoreNonSystemNode: false,
};
const ids = (args: Partial<ApproverArgs>, dns: string[], ip: string[]) => {
  const { csr, req } = serving(dns, ip);
  return evaluate(csr, req, facts, approverOptions({ ...ARGS, ...args }).policy.options).map((f) => `${f.severity}:${f.id}`);
};

t.test('the defaults: one DNS name, any address, SANs checked against the Node', async (t) => {
  t.same(ids({}, ['w1'], ['10.0.0.5']), []);
  t.same(ids({}, ['w1', 'w1.int.example'], ['10.0.0.5']), ['block:too-many-dns-names']);
  t.same(ids({ allowedDnsNames: 2 }, ['w1', 'w1.int.example'], ['10.0.0.5']), []);
  t.same(ids({}, ['other'], ['10.0.0.5']), ['block:san-not-node-address']);
});

t.test('--provider-regex, --provider-ip-prefixes, --bypass-hostname-check', async (t) => {
  t.same(ids({ providerRegex: '^w\\d+$' }, ['w1'], []), []);
  t.same(ids({ providerRegex: '^node-' }, ['w1'], []), ['block:dns-name-not-allowed']);
  t.same(ids({ providerIpPrefixes: '10.0.0.0/24' }, [], ['10.0.0.5']), []);
  t.same(ids({ providerIpPrefixes: '192.168.0.0/16,fc00::/7' }, [], ['10.0.0.5']), ['block:ip-not-in-prefixes']);
  t.same(ids({ bypassHostnameCheck: true }, ['anything.example'], ['10.0.0.5']), [], 'DNS names need not be Node addresses');
  t.same(ids({ bypassHostnameCheck: true }, ['w1'], ['10.9.9.9']), ['block:san-not-node-address'], 'IP SANs still must');
});

t.test('--max-expiration-sec sets the policy maximum; bad values are usage errors in kubelet-csr-approver words', async (t) => {
  t.equal(approverOptions({ ...ARGS, maxExpirationSec: 86400 }).policy.options.maxDurationSeconds, 86400);
  t.equal(approverOptions(ARGS).policy.options.maxDurationSeconds, DEFAULT_POLICY.maxDurationSeconds);
  t.throws(() => approverOptions({ ...ARGS, maxExpirationSec: 367 * 86400 + 1 }), { message: 'the maximum expiration seconds cannot be lower than 0 nor greater than 367 days (--max-expiration-sec)', exitCode: 2 });
  t.throws(() => approverOptions({ ...ARGS, maxExpirationSec: 600, maxDuration: '30d' }), { message: '--max-expiration-sec and --max-duration say the same thing: give one' });
  t.throws(() => approverOptions({ ...ARGS, allowedDnsNames: 0 }), { message: 'the number of allowed DNS names must be at least 1 and no more than 1000 (--allowed-dns-names)', exitCode: 2 });
  t.throws(() => approverOptions({ ...ARGS, providerRegex: '(' }), { message: /^invalid --provider-regex "\(": / });
  t.throws(() => approverOptions({ ...ARGS, providerIpPrefixes: '10.0.0.0/33' }), { message: 'invalid --provider-ip-prefixes: cannot parse "10.0.0.0/33" as an IP prefix like 192.168.0.0/16 or fc00::/7' });
});

t.test('leader election timings are checked as client-go checks them', async (t) => {
  const e = approverOptions({ ...ARGS, leaderElect: true, leaderElectLeaseDuration: '3s', leaderElectRenewDeadline: '2s', leaderElectRetryPeriod: '500ms' }).election!;
  t.same([e.leaseDurationMs, e.renewDeadlineMs, e.retryPeriodMs, e.id, e.namespace], [3000, 2000, 500, 'kubectl-csr-approver', null]);
  t.throws(() => approverOptions({ ...ARGS, leaderElect: true, leaderElectRenewDeadline: '15s' }), { message: 'leaseDuration must be greater than renewDeadline' });
  t.throws(() => approverOptions({ ...ARGS, leaderElect: true, leaderElectRetryPeriod: '9s' }), { message: 'renewDeadline must be greater than retryPeriod*JitterFactor' });
  t.throws(() => approverOptions({ ...ARGS, logFormat: 'yaml' }), { message: 'invalid --log-format "yaml": use text or json' });
  t.throws(() => approverOptions({ ...ARGS, metricsBindAddress: 'localhost' }), { message: 'invalid bind address "localhost": use host:port, :port, or 0 to turn it off' });
});
