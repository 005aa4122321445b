// `npm run test:matrix`: the e2e suites that use certificates.k8s.io, on every Kubernetes minor the harness knows
// (test/e2e/harness/versions.ts) whose control plane is in the cache, one control plane per minor, one after the
// other; then one table, suites down, minors across, "passed/total" in each cell (skips counted apart), as Markdown
// for CONTRIBUTING.md. A minor whose binaries are not built is reported, not built: a control plane takes tens of minutes
// on two cores (scripts/build-control-plane.sh vX.Y.Z builds one).
//
//   npm run test:matrix [-- FILE...]   the suites to run (default: MATRIX_SUITES)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownVersions, minorOf } from '../test/e2e/harness/versions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The e2e files that create, read or decide certificates.k8s.io objects (krew and the terminal test do not). */
const MATRIX_SUITES = [
  'smoke', 'workflow', 'names', 'formats', 'approve-watch', 'renew', 'request-manifest', 'kubeconfig-out', 'access',
  'policy', 'rbac-escalation', 'secrets', 'credential-id', 'uid-whoami', 'trust-bundles', 'pod-certificates', 'kubeconfig-ca',
].map((s) => `test/e2e/${s}.test.ts`).filter((f) => existsSync(join(root, f)));

interface Counts {
  pass: number;
  fail: number;
  skip: number;
}

function cacheDir(version: string): string {
  const base = process.env.KUBECTL_CSR_KUBE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubectl-csr');
  return join(base, `kube-${version}`);
}

function built(version: string): boolean {
  return ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl'].every((b) => existsSync(join(cacheDir(version), b)));
}

/** Top-level test points of one file's raw TAP: `ok 3 - name # SKIP reason`; nested subtests are indented. */
function countTap(tap: string): Counts {
  const counts: Counts = { pass: 0, fail: 0, skip: 0 };
  for (const line of tap.split('\n')) {
    const m = /^(not ok|ok) \d+\b(.*)$/.exec(line);
    if (!m) continue;
    if (/#\s*(SKIP|TODO)\b/i.test(m[2]!)) counts.skip++;
    else if (m[1] === 'ok') counts.pass++;
    else counts.fail++;
  }
  return counts;
}

/** tap --output-dir keeps each file's TAP under its path: test/e2e/x.test.ts → DIR/test/e2e/x.test.ts.tap. */
function readCounts(outDir: string, suites: string[]): Map<string, Counts | undefined> {
  return new Map(suites.map((s) => {
    const file = join(outDir, `${s}.tap`);
    return [s, existsSync(file) ? countTap(readFileSync(file, 'utf8')) : undefined];
  }));
}

function runVersion(version: string, suites: string[], outDir: string): Promise<number> {
  return new Promise((resolveCode) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'run-ts.mjs'), 'test/e2e/harness/run-tests.ts', `--output-dir=${outDir}`, ...suites], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KUBECTL_CSR_KUBE_VERSION: version },
    });
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 128 : 1)));
  });
}

function cell(c: Counts | undefined): string {
  if (!c) return 'did not run';
  const total = c.pass + c.fail;
  return `${c.pass}/${total}${c.fail ? ` (${c.fail} failed)` : ''}${c.skip ? `, ${c.skip} skipped` : ''}`;
}

async function main(): Promise<number> {
  const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = named.length ? named : MATRIX_SUITES;
  const versions = knownVersions();
  const results = new Map<string, Map<string, Counts | undefined>>();
  const notBuilt: string[] = [];
  let failed = false;
  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-matrix-'));
  try {
    for (const version of versions) {
      if (!built(version)) {
        notBuilt.push(version);
        process.stderr.write(`test:matrix: ${version} is not built (scripts/build-control-plane.sh ${version}); skipped\n`);
        continue;
      }
      process.stderr.write(`test:matrix: ${version}: ${suites.length} suites\n`);
      const outDir = join(work, version);
      const code = await runVersion(version, suites, outDir);
      results.set(version, readCounts(outDir, suites));
      if (code !== 0) failed = true;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ran = [...results.keys()];
  const header = ['suite', ...ran.map((v) => `1.${minorOf(v)} (${v})`)];
  const rows = suites.map((s) => [basename(s, '.test.ts'), ...ran.map((v) => cell(results.get(v)!.get(s)))]);
  const totals = ran.map((v) => {
    const all = [...results.get(v)!.values()].filter((c): c is Counts => c !== undefined);
    const pass = all.reduce((n, c) => n + c.pass, 0);
    const fail = all.reduce((n, c) => n + c.fail, 0);
    return `**${pass}/${pass + fail}**`;
  });
  const table = [header, header.map(() => '---'), ...rows, ['all', ...totals]].map((r) => `| ${r.join(' | ')} |`).join('\n');
  process.stdout.write(`\n${table}\n`);
  if (notBuilt.length) process.stdout.write(`\nnot built, not run: ${notBuilt.join(', ')}\n`);
  return failed || ran.length === 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`test:matrix: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
