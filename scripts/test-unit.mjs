// `npm run test:unit`: every test that needs no binary, no control plane and no Go, with tap's coverage, and a floor
// per layer that the run must meet. Arguments (test files or folders, tap flags) replace the default set.
//
// A unit test lives in the folder that mirrors its src/ folder (ARCHITECTURE.md "Tests") and runs in-process. The
// in-process fuzz test is one too; here it runs KUBECTL_CSR_FUZZ_CASES (default 300) of the 10 000 cases npm test runs.
//
// tap gives every test file a process of its own, and each costs more CPU before its first test than most files take
// for all their tests. The default set runs one process per tap job instead (PROCESSES): a generated file
// (.tap/unit/NN-NAME.mjs) imports the test files of its folders one after the other, and their tests run in that order
// on tap's root test. `npm test` still runs each file on its own. Named files run as tap runs them, one process each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * The unit tests' processes, one per tap job (package.json "jobs": 2), split so that both take about as long. Each
 * process pays about 1 s of CPU before its first test (tap, its processinfo hooks, ours) and loads its modules once:
 * commands, cli and the fuzz test all go through main(). Measured CPU on 2026-12-06 (load ~10): one process
 * per folder, pki 14 s (6 of them openssl's), commands 8-9.6, kube 6, fuzz 4.3-5, cli 3.5, output 2.7-3.4, util 2,
 * policy 1.6-2.4, and 51-56 s for the whole run; these two, main 15 s and pki 12.4-13.9, and 34-36 s for the run.
 */
const PROCESSES = {
  main: ['test/commands', 'test/cli', 'test/robustness/fuzz.test.ts', 'test/policy', 'test/output', 'test/kube'],
  pki: ['test/pki', 'test/util', 'test/input'],
};

/**
 * Lines covered, in percent, below which the run fails: set a little under what the suite reaches, so that a change
 * that drops tests or adds untested code is noticed. A file that no unit test loads counts with all its lines missed.
 * commands/ and cli/ are reached in-process through main() against the in-memory cluster of test/fakes/ (issue 22),
 * the approver's run included (test/commands/run-approver.test.ts). cli/ is the yargs side only since the verbs declare
 * their flags in commands/ (VERB-flags.ts); what no unit test loads there is what only the binary runs (completion
 * lookups; the precomputed help is in src/startup/).
 */
const FLOORS = { 'src/pki': 95, 'src/policy': 95, 'src/output': 75, 'src/kube': 70, 'src/commands': 85, 'src/cli': 85 };

const args = process.argv.slice(2);
const chosen = args.some((a) => !a.startsWith('-'));
const summaryFile = join(root, '.tap', 'report', 'coverage-summary.json');
const groupDir = join(root, '.tap', 'unit');
rmSync(summaryFile, { force: true });
rmSync(groupDir, { recursive: true, force: true });
buildTapPlugins();
const tap = spawnSync(
  join(root, 'node_modules', '.bin', 'tap'),
  [
    '--no-disable-coverage',
    '--allow-incomplete-coverage',
    '--coverage-report=json-summary',
    '--coverage-report=text-summary',
    '--coverage-exclude=test/**',
    '--coverage-exclude=scripts/**',
    ...args.flatMap((a) => (!a.startsWith('-') && statSync(a, { throwIfNoEntry: false })?.isDirectory() ? testFiles(a) : [a])),
    ...(chosen ? [] : groups()),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, KUBECTL_CSR_FUZZ_CASES: process.env.KUBECTL_CSR_FUZZ_CASES ?? '300' } },
);
let code = tap.status ?? 1;
if (!chosen) code = checkFloors() || code;
process.exitCode = code;

/**
 * tap builds its Test class from the plugins package.json names, when they differ from those it was built with (on the
 * first run after `npm ci`), but that run still starts its test processes with the old plugins' hooks: ts-node's,
 * which load the TypeScript compiler into each. Built here first, that run does not.
 */
function buildTapPlugins() {
  const builtFile = join(root, 'node_modules', '@tapjs', 'test', 'test-built', 'dist', 'esm', 'index.js');
  const built = readFileSync(builtFile, 'utf8').match(/^export const signature = `([^`]*)`/m)?.[1].split('\n');
  if (!built) return;
  const plugins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).tap.plugin ?? [];
  const stale = plugins.some((p) => (p.startsWith('!') ? built.includes(p.slice(1)) : !built.includes(p)));
  if (stale) spawnSync(join(root, 'node_modules', '.bin', 'tap'), ['build'], { cwd: root, stdio: 'inherit' });
}

/** The `.test.ts` files under `dir`, in order. */
function testFiles(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map((f) => join(dir, String(f)).split(sep).join('/'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
}

/** The generated file of each process, the one with the most test files first. */
function groups() {
  return Object.entries(PROCESSES)
    .map(([name, dirs]) => [name, dirs, dirs.flatMap((d) => (d.endsWith('.test.ts') ? [d] : testFiles(d)))])
    .filter(([, , files]) => files.length)
    .sort(([, , a], [, , b]) => b.length - a.length)
    .map(([name, dirs, files], i) => group(`${String(i + 1).padStart(2, '0')}-${name}`, dirs.join(', '), files));
}

/** Writes .tap/unit/NAME.mjs, which runs `files` (the tests of `what`) in one process, and returns its path. */
function group(name, what, files) {
  mkdirSync(groupDir, { recursive: true });
  const file = join(groupDir, `${name}.mjs`);
  const urls = files.map((f) => [f, pathToFileURL(join(root, f)).href]);
  writeFileSync(
    file,
    `// Written by scripts/test-unit.mjs: the tests of ${what}, in one process.
import t from 'tap';

// Each file adds its tests to tap's root test, which runs them in order once this subtest ends. The subtest also keeps
// the root test from ending early: it ends when idle, once a file has registered a teardown.
t.test('load the test files of ${what}', async (t) => {
  for (const [name, url] of ${JSON.stringify(urls)}) {
    await import(url);
    t.pass(name);
  }
});
`,
  );
  return relative(root, file);
}

function checkFloors() {
  if (!existsSync(summaryFile)) {
    console.error('test:unit: tap wrote no coverage summary');
    return 1;
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  let failed = 0;
  for (const [folder, floor] of Object.entries(FLOORS)) {
    let total = 0;
    let covered = 0;
    const unloaded = [];
    for (const file of sourceFiles(join(root, folder))) {
      const lines = summary[file]?.lines;
      if (lines) {
        total += lines.total;
        covered += lines.covered;
      } else {
        total += codeLines(file);
        unloaded.push(relative(root, file));
      }
    }
    const pct = total ? (100 * covered) / total : 100;
    const verdict = pct >= floor ? 'ok' : 'BELOW THE FLOOR';
    console.log(`coverage ${folder}: ${pct.toFixed(1)}% of ${total} lines (floor ${floor}%) ${verdict}`);
    if (unloaded.length) console.log(`  loaded by no unit test: ${unloaded.join(', ')}`);
    if (pct < floor) failed = 1;
  }
  return failed;
}

function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.ts') && !f.split(sep).includes('node_modules'));
}

/** What istanbul would count as lines, roughly: lines that are neither blank nor only a comment. */
function codeLines(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;
}
