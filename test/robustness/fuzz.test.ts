// The fuzz test, in-process: valid requests, certificates, CSR objects and a key, mutated with a fixed seed, through
// main(argv, io) with an in-memory Io. No input may crash the parser or the CLI: every case exits 0 or 1 with nothing
// or exactly one "error: ..." line on stderr, and no TypeError, RangeError or missing value reaches the user.
//
//   KUBECTL_CSR_FUZZ_CASES=1000000 npx tap test/robustness/fuzz.test.ts --timeout=0   a long run
//   KUBECTL_CSR_FUZZ_SEED=N                                                            another sequence of cases
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzCase, loadSeeds, prepareCase } from './fuzz-cases.js';
import { outcomeProblems } from './outcome-problems.js';
import { NO_KUBECONFIG, runMain } from './run-main.js';

const CASES = Number(process.env.KUBECTL_CSR_FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.KUBECTL_CSR_FUZZ_SEED ?? 20261128);
/**
 * One case is one small input and takes milliseconds: a case near this bound is a way to hang the tool. Generous,
 * because a test process starved on a busy machine once stalled 2.6 s on a case that takes 5 ms.
 */
const CASE_BOUND_MS = 5_000;

t.test(`${CASES} mutated inputs through main() (seed ${SEED})`, async (t) => {
  const seeds = loadSeeds();
  const home = mkdtempSync(join(tmpdir(), 'kubectl-csr-fuzz-'));
  const keyFile = join(home, 'fuzz.key');
  const failures: string[] = [];
  const outcomes = { ok: 0, inputError: 0, pastTheInput: 0 };
  let slowest = { ms: 0, label: '' };
  // Untimed: the first main() loads and compiles every module it reaches (through the test's TypeScript loader), which
  // is no case's doing and took longer than CASE_BOUND_MS on a loaded machine.
  await runMain(prepareCase(fuzzCase(seeds, SEED, 0), keyFile).argv, Buffer.alloc(0), home);
  const started = Date.now();
  for (let i = 0; i < CASES; i++) {
    const c = fuzzCase(seeds, SEED, i);
    const { argv, stdin } = prepareCase(c, keyFile);
    const caseStarted = performance.now();
    let problems: string[];
    try {
      const r = await runMain(argv, stdin, home);
      problems = outcomeProblems(r);
      // approve and request must stop at their input or go on to the missing kubeconfig, never anywhere else.
      const inputName = c.command === 'request' ? keyFile : '<stdin>';
      if (r.code === 0) outcomes.ok++;
      else if (r.stderr === NO_KUBECONFIG) outcomes.pastTheInput++;
      else if (r.stderr.replace(/^(warning: [^\n]+\n)*/, '').startsWith(`error: ${inputName}: `)) outcomes.inputError++;
      else problems.push(`stderr names neither the input nor the kubeconfig: ${JSON.stringify(r.stderr)}`);
      if (c.command !== 'inspect' && r.code === 0) problems.push(`${c.command} succeeded without a cluster`);
    } catch (err) {
      problems = [`main() threw: ${err instanceof Error ? err.stack : String(err)}`];
    }
    const ms = performance.now() - caseStarted;
    if (ms > slowest.ms) slowest = { ms, label: `#${i} ${c.label}` };
    if (ms > CASE_BOUND_MS) problems.push(`took ${Math.round(ms)} ms`);
    if (problems.length) failures.push(`#${i} ${c.command} ${c.label}: ${problems.join('; ')}`);
  }
  const seconds = (Date.now() - started) / 1000;
  t.comment(`${CASES} cases in ${seconds.toFixed(1)} s; slowest ${Math.round(slowest.ms)} ms (${slowest.label})`);
  t.comment(`outcomes: ${JSON.stringify(outcomes)}`);
  t.strictSame(failures.slice(0, 20), [], `no case breaks the rules (${failures.length} do)`);
  // The mutations must not be so blunt that every case dies at the first byte: some still parse, some approve and
  // request cases get past their input.
  t.ok(outcomes.ok >= CASES * 0.01, `${outcomes.ok} cases still decoded`);
  t.ok(outcomes.pastTheInput >= CASES * 0.01, `${outcomes.pastTheInput} approve and request cases got past their input`);
});
