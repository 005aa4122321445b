// What the approver's e2e test and its storm benchmark share: Nodes, kubelet-serving CSRs made as the nodes
// themselves, the manifest's service account with a real token, and replicas started as a pod starts them.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequest } from '../../src/pki/create-request.js';
import { generateKey } from '../fixtures/pki/keys.js';
import yaml from 'js-yaml';
import { BIN, runCli } from '../helpers/run-cli.js';
import { api, type Credentials } from './api.js';

export const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
export const SERVING = 'kubernetes.io/kubelet-serving';

/** A Node with these addresses, as a kubelet registers itself. */
export async function makeNode(admin: Credentials, name: string, ip: string): Promise<void> {
  const created = await api(admin, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  if (created.status !== 201) throw new Error(`node ${name}: ${created.status} ${created.body?.message}`);
  const res = await api(admin, 'PUT', `/api/v1/nodes/${name}/status`, { ...created.body, status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] } });
  if (res.status !== 200) throw new Error(`node ${name} status: ${res.status}`);
}

/** A kubelet-serving CSR made as the node (the API server records system:node:NODE as its requestor). */
export async function servingCsr(admin: Credentials, name: string, node: string, ip: string): Promise<{ created: number }> {
  return sendCsr(admin, servingCsrFrom(name, node, ip));
}

/** What a kubelet sends for its serving certificate: its key and request made on its own machine, before it asks. */
export interface NodeCsr {
  name: string;
  body: object;
  asNode: Record<string, string | string[]>;
}

export function servingCsrFrom(name: string, node: string, ip: string): NodeCsr {
  const key = generateKey('ecdsa-p256');
  const request = createRequest({ key, commonName: `system:node:${node}`, organizations: ['system:nodes'], dns: [node], ip: [ip] });
  const asNode = { 'Impersonate-User': `system:node:${node}`, 'Impersonate-Group': ['system:nodes', 'system:authenticated'] };
  const body = {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName: SERVING, usages: ['digital signature', 'server auth'] },
  };
  return { name, body, asNode };
}

/** Creates the CSR as its node; resolves at the create call's answer (Date.now()), from which a decision is timed. */
export async function sendCsr(admin: Credentials, csr: NodeCsr): Promise<{ created: number }> {
  const res = await api(admin, 'POST', CSRS, csr.body, csr.asNode);
  if (res.status !== 201) throw new Error(`create ${csr.name}: ${res.status} ${res.body?.message}`);
  return { created: Date.now() };
}

/**
 * The manifest applied for real, and a token of its service account (TokenRequest, as the kubelet gets one), written
 * where a pod has it: token, ca.crt, namespace. Returns the directory.
 */
export function installApprover(kubectl: string, adminKubeconfig: string, caCert: string, work: string): string {
  const manifest = execFileSync(BIN, ['approver', 'manifest', '--leader-elect-namespace', 'kube-system'], { encoding: 'utf8' });
  execFileSync(kubectl, ['--kubeconfig', adminKubeconfig, 'apply', '-f', '-'], { input: manifest, stdio: ['pipe', 'pipe', 'pipe'] });
  const token = execFileSync(kubectl, ['--kubeconfig', adminKubeconfig, 'create', 'token', 'kubectl-csr-approver', '-n', 'kube-system', '--duration', '2h'], { encoding: 'utf8' });
  const dir = join(work, 'serviceaccount');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'token'), token.trim(), { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), caCert);
  writeFileSync(join(dir, 'namespace'), 'kube-system');
  return dir;
}

export interface Replica {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** The holder identity it elects with, from its first stderr line. */
  identity: () => string | undefined;
}

/** `approver run` with the environment a pod has: no kubeconfig, the service variables, the mounted account. */
export function startReplica(server: string, accountDir: string, home: string, args: string[], extraEnv: Record<string, string> = {}, bin = BIN): Replica {
  const url = new URL(server);
  const env = {
    ...extraEnv,
    PATH: process.env.PATH,
    HOME: home,
    KUBERNETES_SERVICE_HOST: url.hostname,
    KUBERNETES_SERVICE_PORT: url.port,
    KUBECTL_CSR_TEST_SERVICE_ACCOUNT_DIR: accountDir,
  };
  const child = spawn(bin, ['approver', 'run', ...args], { env, cwd: home });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => stdout, err: () => stderr, exited, identity: () => / as (\S+); standing by/.exec(stderr)?.[1] };
}

/** What `approver manifest --image IMAGE ARGS…` prints; throws with its stderr when it fails. */
export async function approverManifest(image: string, args: string[]): Promise<string> {
  const res = await runCli(['approver', 'manifest', '--image', image, ...args]);
  if (res.code !== 0) throw new Error(res.stderr);
  return res.stdout;
}

/** The objects of a multi-document YAML text (helm's and kubectl's), empty documents left out. */
export const yamlObjects = (text: string): unknown[] => yaml.loadAll(text).filter((o) => o !== null && o !== undefined);
