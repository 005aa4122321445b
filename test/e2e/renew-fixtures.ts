// What the renew e2e tests share: the admin's CLI, users made as the README makes them, and independent readers of
// what a renewal left (js-yaml for the file, openssl for certificates, the API server for identities).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';
import { api, credentialsFrom, type Credentials } from './api.js';
import { cluster } from './cluster.js';

export const plane = cluster();
export const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
export const admin = () => ({ KUBECONFIG: plane.kubeconfigs.admin });
export const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
export const adminCreds = () => credentialsFrom(plane.kubeconfigs.admin);

export function workdir(name: string): string {
  return mkdtempSync(join(tmpdir(), `kubectl-csr-renew-${name}-`));
}

export const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = admin()) => runCli(args, { cwd, env, timeoutMs: 120_000 });
/** The cluster entry and the certificate and key of one user of a kubeconfig, read with js-yaml, not our code. */
export function credentialsOf(file: string, userName: string): Credentials {
  const config = yaml.load(readFileSync(file, 'utf8')) as any;
  const user = config.users.find((u: any) => u.name === userName).user;
  const context = config.contexts.find((c: any) => c.context.user === userName).context;
  const clusterEntry = config.clusters.find((c: any) => c.name === context.cluster).cluster;
  const material = (data: string, ref: string) => (user[data] ? Buffer.from(user[data], 'base64') : readFileSync(join(dirname(file), user[ref])));
  return {
    server: clusterEntry.server,
    ca: Buffer.from(clusterEntry['certificate-authority-data'], 'base64'),
    cert: material('client-certificate-data', 'client-certificate'),
    key: material('client-key-data', 'client-key'),
  };
}

export async function whoAmI(creds: Credentials) {
  const res = await api(creds, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  if (res.status !== 201) throw new Error(`SelfSubjectReview: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.status.userInfo as { username: string; groups: string[] };
}

/** Serial and validity, from openssl (independent of the code under test). */
export function certFacts(pem: string | Buffer): { serial: string; notAfter: Date; notBefore: Date } {
  const out = execFileSync('openssl', ['x509', '-noout', '-serial', '-startdate', '-enddate'], { input: pem }).toString();
  const field = (name: string) => out.match(new RegExp(`^${name}=(.*)$`, 'm'))![1]!;
  return { serial: field('serial'), notBefore: new Date(field('notBefore')), notAfter: new Date(field('notAfter')) };
}

export async function csrNames(prefix: string): Promise<string[]> {
  const res = await api(adminCreds(), 'GET', CSR_PATH);
  return (res.body.items as { metadata: { name: string } }[]).map((c) => c.metadata.name).filter((n) => n.startsWith(prefix));
}

/** A user made the way the README says: request --duration --approve --kubeconfig-out. */
export async function newUser(cwd: string, cn: string, duration = '10m'): Promise<{ kubeconfig: string; config: any }> {
  const res = await cli(['request', cn, '-g', 'dev', '-g', 'ops', '--duration', duration, '--approve', '--kubeconfig-out', `${cn}.kubeconfig`], cwd);
  if (res.code !== 0) throw new Error(`request ${cn}: ${res.stderr}`);
  const kubeconfig = join(cwd, `${cn}.kubeconfig`);
  return { kubeconfig, config: yaml.load(readFileSync(kubeconfig, 'utf8')) };
}
