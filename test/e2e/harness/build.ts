// Runs the scripts that build the Go tools the tests use into the cache (each skips the build when the cache has the
// binaries) and returns the directory of the binaries.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectedVersion } from './versions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** etcd, kube-apiserver, kube-controller-manager and kubectl of a release (scripts/build-control-plane.sh). */
export function buildControlPlane(version = selectedVersion()): string {
  return build('build-control-plane.sh', `control plane ${version}`, [version]);
}

/** kubectl-krew and validate-krew-manifest (scripts/build-krew.sh); asynchronous, as a test file runs it. */
export function buildKrew(): Promise<string> {
  return buildAsync('build-krew.sh');
}

/** helm (scripts/build-helm.sh), to lint and render the approver's chart; asynchronous, as buildKrew. */
export function buildHelm(): Promise<string> {
  return buildAsync('build-helm.sh');
}

function buildAsync(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts', script)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`scripts/${script} exited with ${code}`))));
  });
}

function build(script: string, what: string, args: string[] = []): string {
  const started = Date.now();
  const out = execFileSync('bash', [join(root, 'scripts', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (seconds > 5) process.stderr.write(`${what} built in ${seconds}s\n`);
  return out.toString().trim();
}
