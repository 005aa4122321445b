// A smaller share of the fuzz cases through the built binary, as users run it: each gives what main() gives
// in-process (the same exit code and stderr), follows the same rules, and stays within the time and memory bounds.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RSS_BOUND_KIB, TIME_BOUND_MS } from './corpus-case.js';
import { fuzzCase, loadSeeds, prepareCase } from './fuzz-cases.js';
import { outcomeProblems } from './outcome-problems.js';
import { runMain } from './run-main.js';
import { runMeasured } from './run-measured.js';

const CASES = Number(process.env.KUBECTL_CSR_FUZZ_CLI_CASES ?? 200);
// Another seed than the in-process run, so that these are other cases.
const SEED = Number(process.env.KUBECTL_CSR_FUZZ_SEED ?? 20261128) + 1;

t.test(`${CASES} mutated inputs through the binary (seed ${SEED})`, async (t) => {
  const seeds = loadSeeds();
  const home = mkdtempSync(join(tmpdir(), 'kubectl-csr-fuzz-cli-'));
  const failures: string[] = [];
  let slowest = 0;
  let peakKiB = 0;
  const started = Date.now();
  for (let i = 0; i < CASES; i++) {
    const c = fuzzCase(seeds, SEED, i);
    const { argv, stdin } = prepareCase(c, join(home, `case-${i}.key`));
    const expected = await runMain(argv, stdin, home);
    const r = await runMeasured(argv, { cwd: home, env: { KUBECONFIG: `${home}/no-such-kubeconfig` }, input: stdin, timeoutMs: 3 * TIME_BOUND_MS });
    const problems = outcomeProblems(r);
    if (r.code !== expected.code || r.stderr !== expected.stderr) {
      problems.push(`in-process gave ${expected.code} ${JSON.stringify(expected.stderr)}, the binary ${r.code} ${JSON.stringify(r.stderr)}`);
    }
    if (r.ms > TIME_BOUND_MS) problems.push(`took ${Math.round(r.ms)} ms`);
    if (!(r.maxRssKiB > 0 && r.maxRssKiB < RSS_BOUND_KIB)) problems.push(`peak RSS ${r.maxRssKiB} KiB`);
    slowest = Math.max(slowest, r.ms);
    peakKiB = Math.max(peakKiB, r.maxRssKiB);
    if (problems.length) failures.push(`#${i} ${c.command} ${c.label}: ${problems.join('; ')}`);
  }
  t.comment(`${CASES} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest ${Math.round(slowest)} ms; peak RSS ${Math.round(peakKiB / 1024)} MiB`);
  t.strictSame(failures.slice(0, 20), [], `no case breaks the rules (${failures.length} do)`);
});
