// Bulk approval at cluster scale: `kubectl csr approve --pending --signer S --yes` over 1 000, 5 000 and 10 000 pending
// CSRs, half of them asking for O=system:masters (refused by policy), against `kubectl certificate approve` of the
// names that pass, through xargs. Each run gets fresh CSRs, made through the API before it is timed: kubectl only the
// names it approves, as kubectl's time depends only on how many it is given. At the largest scale, kubectl-csr takes
// the CSRs the listing section left (the same mix, in a cluster of the same size) rather than 10 000 more.
//
// kubectl is given xargs -P: client-go limits each kubectl to 5 requests a second (bursts of 10; kubectl has no flag
// for it), two requests a name (GET, then PUT /approval), so the plain `… | xargs kubectl certificate approve`
// approves about 2.5 names a second whatever the machine (78 s for 200 names in the issue-8 benchmark): 17 minutes
// for 2 500. Thirty-two kubectl processes at a time is thirty-two times that rate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countCsrs, createCsrs, deleteSection, LABEL, UNSIGNED_SIGNER } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import { LIST_SECTION, SCALES } from './listing.js';
import type { Row } from './report.js';
import { median, timeOnce } from './timing.js';

export const KUBECTL_APPROVE = `kubectl certificate approve (xargs -n 50 -P 32, the names that pass)`;
export const CSR_APPROVE_PENDING = 'kubectl-csr approve --pending --signer S --yes';
export const approveSection = (count: number) => `bulk approval (${count} pending, half refused)`;

const XARGS = ['-n', '50', '-P', '32'];
/** approve's exit code when policy refused some (README "Exit codes"). */
const EXIT_POLICY = 6;

export async function bulkApproval(ctx: BenchContext): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  const rows: Row[] = [];
  // The largest first: it takes the listing's CSRs, which must be gone before the smaller runs.
  for (const count of [...SCALES].reverse()) {
    const runs = count > SCALES[0]! ? 1 : ctx.runs.approve;
    const results = { kubectl: { ms: [] as number[], rss: [] as number[] }, csr: { ms: [] as number[], rss: [] as number[] } };
    for (let run = 0; run < runs; run++) {
      for (const who of ['csr', 'kubectl'] as const) {
        const failing = (i: number) => i % 2 === 1;
        const reuse = who === 'csr' && run === 0 && (await countCsrs(creds, `${LABEL}=${LIST_SECTION}`)).total === count;
        const section = reuse ? LIST_SECTION : 'approve';
        const names = Array.from({ length: count }, (_, i) => `bench-approve-${who}-${run}-${String(i).padStart(5, '0')}`).filter((_, i) => who === 'csr' || !failing(i));
        if (!reuse) {
          const started = Date.now();
          await createCsrs(creds, names.map((name, i) => ({ name, signer: UNSIGNED_SIGNER, section, organizations: who === 'csr' && failing(i) ? ['system:masters'] : ['bench'] })));
          ctx.log(`  ${names.length} CSRs made in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        }
        try {
          let argv: string[];
          let expected: number;
          if (who === 'csr') {
            argv = [ctx.bin, 'approve', '--pending', '--signer', UNSIGNED_SIGNER, '--yes'];
            expected = EXIT_POLICY;
          } else {
            const file = join(ctx.work, 'approve-names.txt');
            writeFileSync(file, names.join('\n') + '\n');
            argv = ['xargs', '-a', file, ...XARGS, ctx.kubectl, 'certificate', 'approve'];
            expected = 0;
          }
          const res = await timeOnce(argv, { env: ctx.clusterEnv, cwd: ctx.work }, ctx.tools.gnuTime);
          if (res.code !== expected) throw new Error(`${argv.slice(0, 4).join(' ')} exited ${res.code}: ${res.stderr.trim().split('\n').slice(-3).join(' / ')}`);
          const { approved } = await countCsrs(creds, `${LABEL}=${section}`);
          if (approved !== count / 2) throw new Error(`${who} approved ${approved} of the ${count / 2} CSRs that pass`);
          results[who].ms.push(res.ms);
          if (res.peakRssKib !== null) results[who].rss.push(res.peakRssKib);
          ctx.log(`  ${count}: ${who === 'csr' ? CSR_APPROVE_PENDING : KUBECTL_APPROVE}: ${res.ms.toFixed(0)} ms`);
        } finally {
          await deleteSection(creds, section);
        }
      }
    }
    for (const [who, name] of [['kubectl', KUBECTL_APPROVE], ['csr', CSR_APPROVE_PENDING]] as const) {
      const r = results[who];
      rows.push({
        section: approveSection(count),
        command: name,
        median: median(r.ms),
        runs: r.ms.length,
        cpu: null,
        peakRssKib: r.rss.length ? median(r.rss) : null,
        ...(who === 'csr' ? { versus: KUBECTL_APPROVE, ratio: 'faster' as const } : {}),
      });
    }
  }
  return rows.reverse();
}
