// Bulk approval: 200 pending CSRs approved by `kubectl certificate approve` given their names, by `kubectl csr
// approve` given the same names, and by `kubectl csr approve --pending --signer S`. Each run gets 200 fresh CSRs;
// the three take turns, so that a busy moment on the machine does not fall on one of them only (kubectl, which
// takes a minute or more a run, in some of the rounds only).
import { countCsrs, createCsrs, deleteSection, LABEL, UNSIGNED_SIGNER } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import type { Row } from './report.js';
import { median, timeOnce } from './timing.js';

export const APPROVE_COUNT = 200;
export const KUBECTL_APPROVE = 'kubectl certificate approve NAME×200';
export const CSR_APPROVE_NAMES = 'kubectl-csr approve NAME×200';
export const CSR_APPROVE_PENDING = 'kubectl-csr approve --pending --signer S --yes';

interface Variant {
  name: string;
  key: string;
  runs: number;
  argv(names: string[]): string[];
}

export async function bulkApproval(ctx: BenchContext): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  const variants: Variant[] = [
    { name: KUBECTL_APPROVE, key: 'kubectl', runs: ctx.runs.approveKubectl, argv: (names) => [ctx.kubectl, 'certificate', 'approve', ...names] },
    { name: CSR_APPROVE_NAMES, key: 'names', runs: ctx.runs.approve, argv: (names) => [ctx.bin, 'approve', ...names] },
    { name: CSR_APPROVE_PENDING, key: 'pending', runs: ctx.runs.approve, argv: () => [ctx.bin, 'approve', '--pending', '--signer', UNSIGNED_SIGNER, '--yes'] },
  ];
  const results = new Map(variants.map((v) => [v.name, { ms: [] as number[], rss: [] as number[] }]));
  const rounds = Math.max(...variants.map((v) => v.runs));
  for (let run = 0; run < rounds; run++) {
    // A variant with fewer runs takes its turns spread over the rounds.
    for (const v of variants.filter((v) => Math.floor(((run + 1) * v.runs) / rounds) > Math.floor((run * v.runs) / rounds))) {
      const names = Array.from({ length: APPROVE_COUNT }, (_, i) => `bench-approve-${v.key}-${run}-${String(i).padStart(3, '0')}`);
      await createCsrs(creds, names.map((name) => ({ name, signer: UNSIGNED_SIGNER, section: 'approve' })));
      try {
        const res = await timeOnce(v.argv(names), { env: ctx.clusterEnv, cwd: ctx.work }, ctx.tools.gnuTime);
        if (res.code !== 0) throw new Error(`${v.name} exited ${res.code}: ${res.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        const { approved } = await countCsrs(creds, `${LABEL}=approve`);
        if (approved !== APPROVE_COUNT) throw new Error(`${v.name} approved ${approved} of ${APPROVE_COUNT} CSRs`);
        results.get(v.name)!.ms.push(res.ms);
        if (res.peakRssKib !== null) results.get(v.name)!.rss.push(res.peakRssKib);
        ctx.log(`  round ${run + 1}/${rounds} ${v.name}: ${res.ms.toFixed(0)} ms`);
      } finally {
        await deleteSection(creds, 'approve');
      }
    }
  }
  return variants.map((v) => {
    const r = results.get(v.name)!;
    return {
      section: `bulk approval (${APPROVE_COUNT})`,
      command: v.name,
      median: median(r.ms),
      runs: r.ms.length,
      cpu: null,
      peakRssKib: r.rss.length ? median(r.rss) : null,
      ...(v.name === KUBECTL_APPROVE ? {} : { versus: KUBECTL_APPROVE, ratio: 'faster' as const }),
    };
  });
}
