// Starts one real control plane (etcd, kube-apiserver, kube-controller-manager) on loopback with free ports, the way
// envtest and Kubernetes' integration tests do, plus the CSR signing, approving and cleaner controllers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { makePki, type ControlPlanePki } from './pki.js';
import { makeIdentities, rbacManifest, tokenFile, type Identity, type IdentityName } from './identities.js';
import { freePort, killNow, signalGroup, startProcess, stopProcess, tail, type Managed } from './processes.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { release as releaseOf, selectedVersion, type KubeRelease } from './versions.js';

export interface ControlPlaneInfo {
  dir: string;
  server: string;
  caCert: string;
  /** What /version reports. */
  version: string;
  /** The release the binaries were built from (test/e2e/harness/versions.ts). */
  built: string;
  kubectl: string;
  /** Path of a kubeconfig for each test identity. */
  kubeconfigs: Record<IdentityName, string>;
  identities: Record<IdentityName, { user: string; groups: string[] }>;
}

export interface ControlPlane extends ControlPlaneInfo {
  /** Process-group ids of etcd, kube-apiserver and kube-controller-manager. */
  pids: number[];
  stop(): Promise<void>;
  /** Synchronous kill for exit handlers. */
  killNow(): void;
  /** Stops kube-apiserver (SIGTERM, as a rolling upgrade does) and starts it again on the same port and etcd. */
  restartApiServer(): Promise<void>;
  /** The two halves of restartApiServer, for an outage of a chosen length. */
  stopApiServer(): Promise<void>;
  /** Starts kube-apiserver again; resolves when /readyz answers ok. */
  startApiServer(): Promise<void>;
  /** SIGSTOP etcd, as a stalled disk or a frozen VM stalls it: the API server keeps answering, and hangs on it. */
  pauseEtcd(): void;
  resumeEtcd(): void;
}

export interface StartOptions {
  /** Working directory for keys, data and logs. */
  dir: string;
  /** Where etcd, kube-apiserver, kube-controller-manager and kubectl are (scripts/build-control-plane.sh). */
  binDir: string;
  /** The release in binDir, and the flags it needs (default: the selected one, versions.ts). */
  release?: KubeRelease;
  readyTimeoutMs?: number;
  /** Let this process exit while the control plane runs on (the demo). */
  keepRunning?: boolean;
  /** More kube-apiserver flags, after the harness's own (the last of a flag wins): the storm's `--profiling=true`. */
  apiServerArgs?: string[];
}

export async function startControlPlane(opts: StartOptions): Promise<ControlPlane> {
  const { dir, binDir } = opts;
  const release = opts.release ?? releaseOf(selectedVersion());
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const pki = makePki(dir);
  const identities = makeIdentities();
  writeFileSync(join(dir, 'tokens.csv'), tokenFile(identities), { mode: 0o600 });
  const [etcdClient, etcdPeer, apiPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const server = `https://127.0.0.1:${apiPort}`;
  const admin = identities.find((i) => i.name === 'admin')!;
  const kubeconfigs = writeKubeconfigs(dir, server, pki.caCert, identities);
  const processes: Managed[] = [];
  const stopAll = async () => {
    for (const p of [...processes].reverse()) {
      signalGroup(p, 'SIGCONT'); // a paused etcd would not see the SIGTERM
      await stopProcess(p);
    }
  };
  try {
    processes.push(startEtcd(dir, binDir, etcdClient, etcdPeer));
    const apiServer = () => startApiServer(dir, binDir, pki, apiPort, etcdClient, [...release.apiServerArgs, ...(opts.apiServerArgs ?? [])]);
    processes.push(apiServer());
    const timeout = opts.readyTimeoutMs ?? 180_000;
    await waitFor(processes, `${server}/readyz`, admin.token, pki.caCert, timeout);
    await waitFor(processes, `${server}/healthz`, admin.token, pki.caCert, timeout);
    processes.push(startControllerManager(dir, binDir, pki, kcmPort, kubeconfigs.admin, release.controllerManagerArgs));
    await waitFor(processes, `https://127.0.0.1:${kcmPort}/healthz`, undefined, undefined, timeout);
    const kubectl = join(binDir, 'kubectl');
    writeFileSync(join(dir, 'rbac.yaml'), rbacManifest());
    execFileSync(kubectl, ['--kubeconfig', kubeconfigs.admin, 'apply', '-f', join(dir, 'rbac.yaml')], { stdio: 'pipe' });
    if (opts.keepRunning) processes.forEach((p) => p.child.unref());
    const apiServerIndex = processes.findIndex((p) => p.name === 'kube-apiserver');
    const stopApiServer = () => stopProcess(processes[apiServerIndex]!);
    const startAgain = async () => {
      processes[apiServerIndex] = apiServer();
      await waitFor(processes, `${server}/readyz`, admin.token, pki.caCert, timeout);
    };
    const version = JSON.parse(await get(`${server}/version`, admin.token, pki.caCert)).gitVersion as string;
    return {
      dir,
      server,
      caCert: pki.caCert,
      version,
      built: release.version,
      kubectl,
      kubeconfigs,
      identities: Object.fromEntries(identities.map((i) => [i.name, { user: i.user, groups: i.groups }])) as ControlPlaneInfo['identities'],
      pids: processes.map((p) => p.child.pid!),
      stop: stopAll,
      // A paused etcd is resumed first: a stopped process group ignores SIGTERM until then.
      killNow: () => processes.forEach((p) => (signalGroup(p, 'SIGCONT'), killNow(p))),
      restartApiServer: async () => {
        await stopApiServer();
        await startAgain();
      },
      stopApiServer,
      startApiServer: startAgain,
      pauseEtcd: () => signalGroup(processes[0]!, 'SIGSTOP'),
      resumeEtcd: () => signalGroup(processes[0]!, 'SIGCONT'),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function startEtcd(dir: string, binDir: string, client: number, peer: number): Managed {
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  return startProcess('etcd', join(binDir, 'etcd'), [
    '--name=default', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=default=${peerUrl}`,
    '--unsafe-no-fsync', '--log-level=warn',
  ], join(dir, 'logs', 'etcd.log'));
}

function startApiServer(dir: string, binDir: string, pki: ControlPlanePki, port: number, etcd: number, extra: string[]): Managed {
  return startProcess('kube-apiserver', join(binDir, 'kube-apiserver'), [
    `--etcd-servers=http://127.0.0.1:${etcd}`,
    '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.servingCert}`, `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=Node,RBAC',
    // As on a real cluster: a node may create a PodCertificateRequest only for a pod bound to it.
    '--enable-admission-plugins=NodeRestriction',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${pki.serviceAccountPub}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--enable-priority-and-fairness=false', '--profiling=false', '--v=1',
    ...extra,
  ], join(dir, 'logs', 'kube-apiserver.log'));
}

function startControllerManager(dir: string, binDir: string, pki: ControlPlanePki, port: number, kubeconfig: string, extra: string[]): Managed {
  return startProcess('kube-controller-manager', join(binDir, 'kube-controller-manager'), [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1', `--secure-port=${port}`, `--cert-dir=${join(dir, 'kcm-certs')}`,
    // The PodCertificateRequest cleaner (15 minutes) and the publisher of the kube-apiserver-serving trust bundle
    // start only where their API is served (the gates in versions.ts).
    '--controllers=csrsigning,csrapproving,csrcleaner,podcertificaterequest-cleaner-controller,kube-apiserver-serving-clustertrustbundle-publisher-controller',
    `--cluster-signing-cert-file=${pki.caCert}`, `--cluster-signing-key-file=${pki.caKey}`,
    '--leader-elect=false', '--use-service-account-credentials=false', '--profiling=false', '--v=1',
    ...extra,
  ], join(dir, 'logs', 'kube-controller-manager.log'));
}

function writeKubeconfigs(dir: string, server: string, caCert: string, identities: Identity[]): Record<IdentityName, string> {
  const ca = readFileSync(caCert).toString('base64');
  const paths = {} as Record<IdentityName, string>;
  for (const identity of identities) {
    const path = join(dir, `${identity.name}.kubeconfig`);
    writeFileSync(path, kubeconfigYaml({ name: identity.name, server, caData: ca, token: identity.token }), { mode: 0o600 });
    paths[identity.name] = path;
  }
  return paths;
}

async function waitFor(processes: Managed[], url: string, token: string | undefined, caCert: string | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const dead = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${tail(dead.log)}`);
    try {
      await get(url, token, caCert);
      return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const logs = processes.map((p) => `--- ${p.name}\n${tail(p.log, 15)}`).join('\n');
  throw new Error(`${url} not ready after ${timeoutMs / 1000}s (${last})\n${logs}`);
}

/** GET with a bearer token; without a CA it skips verification (only for the controller-manager's self-signed port). */
export function get(url: string, token?: string, caCert?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        ca: caCert ? readFileSync(caCert) : undefined,
        rejectUnauthorized: caCert !== undefined,
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${res.statusCode}: ${body.slice(0, 200)}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
