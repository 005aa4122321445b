// `npm run bench`: kubectl-csr measured side by side with kubectl, openssl and Node.js's bare start, in one run, on
// this machine, against a real local control plane (the e2e tests' harness). Prints one table of medians and ratios,
// the growth curve from 1 000 to 10 000 CSRs, and the targets of issues 8 and 16, and writes them to BENCHMARKS.md.
//
//   npm run bench                        build if needed, then every section (about fifteen minutes on two cores)
//   npm run bench -- --quick             fewer runs, to try the benchmark itself; BENCHMARKS.md is not written
//   npm run bench -- --only list,fetch   some sections: startup, request, workflow, list, approve, fetch (not written)
//   npm run bench -- --out FILE          write the report elsewhere
//   npm run bench -- --quick --scales 100,300,600   smaller clusters, to try the list and approve sections quickly
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { credentialsFrom } from '../../test/e2e/api.js';
import { buildControlPlane } from '../../test/e2e/harness/build.js';
import { startControlPlane, type ControlPlane } from '../../test/e2e/harness/control-plane.js';
import { onExit } from '../../test/e2e/harness/processes.js';
import { bulkApproval } from './bulk-approval.js';
import { FULL, QUICK, type BenchContext } from './context.js';
import { fetchLatency } from './fetch-latency.js';
import { growthCurve } from './growth.js';
import { listing, setScales } from './listing.js';
import { machine } from './machine.js';
import { benchmarksMarkdown, readExisting } from './markdown.js';
import { request, startup } from './offline.js';
import { resultsTable, targetsTable, type Row } from './report.js';
import { startupTable } from './startup-table.js';
import { targets } from './targets.js';
import { findTools } from './tools.js';
import { headline, workflow } from './workflow.js';
import { runMain } from './run-main.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECTIONS = ['startup', 'request', 'workflow', 'list', 'approve', 'fetch'] as const;
type Section = (typeof SECTIONS)[number];

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' }, scales: { type: 'string' } } });
  const only = values.only ? (values.only.split(',') as Section[]) : [...SECTIONS];
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  // A partial or quick run is for trying things out: it must not replace the report of a whole run.
  const out = values.out ? resolve(values.out) : values.quick || values.only || values.scales ? null : join(root, 'BENCHMARKS.md');
  if (values.scales) setScales(values.scales.split(',').map(Number));

  log('building dist/kubectl-csr (skipped when up to date)');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 2, 'inherit'] });
  const tools = findTools(log);
  const binDir = buildControlPlane();
  const embeddedNode = execFileSync(process.execPath, [join(root, 'scripts', 'node-runtime.mjs')]).toString().trim();

  const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-bench-'));
  let plane: ControlPlane | undefined;
  const cleanup = () => {
    plane?.killNow();
    rmSync(work, { recursive: true, force: true });
  };
  onExit(cleanup);

  const started = new Date();
  const before = machine(embeddedNode, join(binDir, 'kubectl'));
  const rows: Row[] = [];
  try {
    if (only.some((s) => s !== 'startup' && s !== 'request')) {
      const t = Date.now();
      plane = await startControlPlane({ dir: join(work, 'cluster'), binDir });
      log(`control plane ${plane.version} ready in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    }
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const home = join(work, 'home'); // kubectl's discovery cache starts empty, and warms up in the warm-up runs
    const ctx: BenchContext = {
      bin: join(root, 'dist', 'kubectl-csr'),
      bundle: join(root, 'dist', 'kubectl-csr.cjs'),
      kubectl: join(binDir, 'kubectl'),
      embeddedNode,
      systemNode: process.execPath,
      work,
      creds: plane ? credentialsFrom(plane.kubeconfigs.admin) : null,
      clusterEnv: { ...env, HOME: home, KUBECONFIG: plane?.kubeconfigs.admin ?? '' },
      offlineEnv: env,
      tools,
      runs: values.quick ? QUICK : FULL,
      log,
    };
    const sections: Record<Section, () => Row[] | Promise<Row[]>> = {
      startup: () => startup(ctx),
      request: () => request(ctx),
      workflow: () => workflow(ctx),
      list: () => listing(ctx, only.includes('approve')),
      approve: () => bulkApproval(ctx),
      fetch: () => fetchLatency(ctx),
    };
    for (const s of only) {
      log(`section ${s}`);
      rows.push(...(await sections[s]()));
    }
  } finally {
    // Also when a section fails: the control plane's processes would keep this one alive.
    await plane?.stop();
    plane = undefined;
  }

  const { targets: goals, limits } = targets(rows);
  const table = resultsTable(rows);
  const goalsTable = targetsTable(goals);
  const growth = growthCurve(rows);
  const startupFigures = startupTable(rows);
  process.stdout.write(`\n${table}\n${startupFigures ? `${startupFigures}\n` : ''}${growth ? `${growth}\n` : ''}${goalsTable}`);
  if (limits.length) process.stdout.write(`\n${limits.map((l) => `- ${l}`).join('\n')}\n`);
  if (out) {
    const after = machine(embeddedNode, join(binDir, 'kubectl'));
    const report = { started, finished: new Date(), before, after, runs: values.quick ? QUICK : FULL, table, goalsTable, startup: startupFigures, growth, headline: headline(rows), limits, hyperfine: tools.hyperfine !== null };
    writeFileSync(out, benchmarksMarkdown(report, readExisting(out)));
    log(`wrote ${out}`);
  }
  return 0;
}

runMain(main, log);
