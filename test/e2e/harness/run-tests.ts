// `npm test`: builds the control plane when needed, starts one for the whole run, runs tap against it, and takes
// every process down afterwards, also on failure and on Ctrl-C.
//
//   KUBECTL_CSR_E2E_KUBECONFIG  run the e2e tests against an existing cluster (kind, minikube) instead; tests that
//                               need the harness's extra identities are skipped there, and say so.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { buildControlPlane } from './build.js';
import { onExit } from './processes.js';
import type { ControlPlaneInfo } from './control-plane.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function run(tapArgs: string[]): Promise<number> {
  // The CLI tests run dist/kubectl-csr; build it from the current source first (a few seconds; unchanged bundles skip it).
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-e2e-'));
  let plane: ControlPlane | undefined;
  const cleanup = () => {
    plane?.killNow();
    rmSync(dir, { recursive: true, force: true });
  };
  onExit(cleanup);
  const infoFile = join(dir, 'control-plane.json');
  const external = process.env.KUBECTL_CSR_E2E_KUBECONFIG;
  if (external) {
    writeFileSync(infoFile, JSON.stringify({ external: true, kubeconfigs: { admin: resolve(external) } }));
    process.stderr.write(`e2e: using the existing cluster in ${external}\n`);
  } else {
    let binDir: string;
    try {
      binDir = buildControlPlane();
    } catch {
      process.stderr.write('e2e: cannot build the test control plane (see above); install Go, or set KUBECTL_CSR_E2E_KUBECONFIG to run the e2e tests against an existing cluster\n');
      return 1;
    }
    const started = Date.now();
    plane = await startControlPlane({ dir: join(dir, 'cluster'), binDir });
    process.stderr.write(`e2e: control plane ${plane.version} ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${plane.server}\n`);
    const { stop: _stop, killNow: _kill, pids: _pids, restartApiServer: _restart, ...info } = plane;
    writeFileSync(infoFile, JSON.stringify({ external: false, ...info } satisfies ControlPlaneInfo & { external: boolean }));
  }
  const code = await new Promise<number>((resolveCode) => {
    const tap = spawn(join(root, 'node_modules', '.bin', 'tap'), tapArgs, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KUBECTL_CSR_E2E_INFO: infoFile },
    });
    tap.on('exit', (c, signal) => resolveCode(c ?? (signal ? 128 : 1)));
  });
  await plane?.stop();
  return code;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`e2e: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
