// npm run demo: a local control plane (built first if needed) and the whole kubectl-csr workflow, each command
// printed before it runs. The control plane keeps running afterwards with a kubeconfig to play with;
// `npm run demo -- stop` takes it down.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane } from '../test/e2e/harness/control-plane.js';
import { buildControlPlane } from '../test/e2e/harness/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.demo');
const pidFile = join(demo, 'pids');

async function stop(): Promise<void> {
  if (!existsSync(pidFile)) {
    console.log('no demo control plane is running');
    return;
  }
  const groups = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  const signal = (pid: number, sig: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false; // already gone
    }
  };
  // Reverse start order: the controller manager and the API server before etcd, which they wait for.
  [...groups].reverse().forEach((pid) => signal(pid, 'SIGTERM'));
  // kube-apiserver shuts down gracefully; give it ten seconds, then make sure.
  for (let i = 0; i < 40 && groups.some((pid) => signal(pid, 0)); i++) await new Promise((r) => setTimeout(r, 250));
  groups.forEach((pid) => signal(pid, 'SIGKILL'));
  rmSync(demo, { recursive: true, force: true });
  console.log('demo control plane stopped and .demo/ removed');
}

async function run(): Promise<void> {
  if (existsSync(pidFile)) await stop();
  mkdirSync(demo, { recursive: true });
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const binDir = buildControlPlane();
  console.log('starting etcd, kube-apiserver and kube-controller-manager on loopback...');
  const plane = await startControlPlane({ dir: join(demo, 'cluster'), binDir, keepRunning: true });
  writeFileSync(pidFile, plane.pids.join('\n') + '\n');
  console.log(`control plane ${plane.version} is up at ${plane.server}\n`);

  // kubectl finds the plugin as kubectl-csr on PATH, exactly as after a krew install.
  const env = { ...process.env, PATH: `${join(root, 'dist')}:${binDir}:${process.env.PATH}`, KUBECONFIG: plane.kubeconfigs.admin, NO_COLOR: '1' };
  const work = join(demo, 'work');
  mkdirSync(work, { recursive: true });
  const step = (title: string, command: string, args: string[]) => {
    console.log(`# ${title}\n$ ${[command, ...args].join(' ')}`);
    const res = spawnSync(command, args, { cwd: work, env, stdio: 'inherit' });
    console.log(res.status === 0 ? '' : `(exit code ${res.status})\n`);
  };
  step('A user asks for a certificate: a key is made locally (0600) and a CSR is submitted', 'kubectl', ['csr', 'request', 'jane', '-g', 'dev', '-g', 'ops', '--duration', '24h']);
  step('What is waiting', 'kubectl', ['csr', 'list', '--pending']);
  step('Look before approving', 'kubectl', ['csr', 'inspect', 'jane']);
  step('Approve it', 'kubectl', ['csr', 'approve', 'jane']);
  step('Hand it out: the certificate and a ready-to-use kubeconfig', 'kubectl', ['csr', 'fetch', 'jane', '--key', 'jane.key', '--kubeconfig-out', 'jane.kubeconfig']);
  step('The new identity logs in', 'kubectl', ['--kubeconfig', 'jane.kubeconfig', 'auth', 'whoami']);
  step('Refused before the round trip: O=system:masters', 'kubectl', ['csr', 'request', 'mallory', '-g', 'system:masters']);
  step('A group that RBAC makes all-powerful', 'kubectl', ['create', 'clusterrolebinding', 'platform-admins', '--clusterrole', 'cluster-admin', '--group', 'platform-admins']);
  step('A request for that group...', 'kubectl', ['csr', 'request', 'eve', '-g', 'platform-admins']);
  step('...is refused by the policy checks (exit 6), naming the finding', 'kubectl', ['csr', 'approve', 'eve']);
  step('Another pending request', 'kubectl', ['csr', 'request', 'bob', '-g', 'dev']);
  step('Bulk approval, looked at first with --dry-run', 'kubectl', ['csr', 'approve', '--pending', '--dry-run']);
  step('Deny what fails the checks; the message carries the finding ids', 'kubectl', ['csr', 'deny', '--pending', '--failing']);
  step('Approve the rest', 'kubectl', ['csr', 'approve', '--pending', '--yes']);
  step('All of it, as kubectl sees it', 'kubectl', ['get', 'csr']);
  step('Or in one command: a user, approved, with a kubeconfig', 'kubectl', ['csr', 'request', 'sam', '--approve', '--kubeconfig-out', 'sam.kubeconfig']);

  console.log(`The control plane is still running. To play with it:
  export PATH="${join(root, 'dist')}:${binDir}:$PATH"
  export KUBECONFIG="${plane.kubeconfigs.admin}"
  kubectl csr list
Files from the walk-through are in ${work}.
Stop everything with: npm run demo -- stop`);
}

(process.argv[2] === 'stop' ? stop() : run()).catch((err: unknown) => {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
