// Runs scripts/build-control-plane.sh (which skips the build when the cache has the binaries) and returns the
// directory of the binaries.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function buildControlPlane(): string {
  const started = Date.now();
  const out = execFileSync('bash', [join(root, 'scripts', 'build-control-plane.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (seconds > 5) process.stderr.write(`control plane built in ${seconds}s\n`);
  return out.toString().trim();
}
