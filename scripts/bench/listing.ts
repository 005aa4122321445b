// Listing at cluster scale: `kubectl csr list` and `list -o name` against `kubectl get csr` and `get csr -o name`,
// with 1 000, 5 000 and 10 000 CSRs in the cluster (for a signer no controller signs, so that they stay pending and
// nothing changes them while they are listed). The CSRs are added between the steps, not made again; every other one
// asks for O=system:masters, so that the bulk approval at the largest scale (bulk-approval.ts) can take them as they
// are, its policy refusing half of them.
import { countCsrs, createCsrs, deleteSection, UNSIGNED_SIGNER } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import type { Row } from './report.js';
import { timeCommands, type Command } from './timing.js';

/** Cluster sizes measured; `--scales` (to try the benchmark itself, with --quick) sets others. */
export let SCALES: readonly number[] = [1000, 5000, 10000];
export function setScales(scales: number[]): void {
  SCALES = scales;
}
export const KUBECTL_GET = 'kubectl get csr';
export const CSR_LIST = 'kubectl-csr list';
export const KUBECTL_NAMES = 'kubectl get csr -o name';
export const CSR_NAMES = 'kubectl-csr list -o name';
/** A list the server filters down to nothing (a signer no CSR has): what each tool costs before any CSR. */
export const KUBECTL_NONE = 'kubectl get csr --field-selector spec.signerName=none';
export const CSR_NONE = 'kubectl-csr list --signer none';

export const listSection = (count: number) => `list (${count} CSRs)`;

/** The label value of the list's CSRs; `keep` leaves them in the cluster for the bulk approval. */
export const LIST_SECTION = 'list';

export async function listing(ctx: BenchContext, keep = false): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  const rows: Row[] = [];
  let made = 0;
  try {
    for (const count of SCALES) {
      const started = Date.now();
      const names = Array.from({ length: count - made }, (_, i) => `bench-list-${String(made + i).padStart(5, '0')}`);
      await createCsrs(creds, names.map((name, i) => ({ name, signer: UNSIGNED_SIGNER, section: LIST_SECTION, organizations: (made + i) % 2 ? ['system:masters'] : ['bench'] })));
      made = count;
      const { total } = await countCsrs(creds);
      ctx.log(`${names.length} more CSRs in ${((Date.now() - started) / 1000).toFixed(1)}s; ${total} in the cluster`);
      const commands: Command[] = [
        { name: KUBECTL_GET, argv: [ctx.kubectl, 'get', 'csr'] },
        { name: CSR_LIST, argv: [ctx.bin, 'list'] },
        { name: KUBECTL_NAMES, argv: [ctx.kubectl, 'get', 'csr', '-o', 'name'] },
        { name: CSR_NAMES, argv: [ctx.bin, 'list', '-o', 'name'] },
        { name: KUBECTL_NONE, argv: [ctx.kubectl, 'get', 'csr', '--field-selector', 'spec.signerName=none'] },
        { name: CSR_NONE, argv: [ctx.bin, 'list', '--signer', 'none'] },
      ];
      // Fewer runs where each takes longest; the targets are at 1 000 and 5 000.
      const runs = count > 5000 ? Math.ceil(ctx.runs.list / 2) : ctx.runs.list;
      const t = timeCommands(commands, { env: ctx.clusterEnv, cwd: ctx.work }, { runs, warmup: ctx.runs.warmup, rssRuns: ctx.runs.rss, tools: ctx.tools, log: ctx.log });
      const versus: Record<string, string> = { [CSR_LIST]: KUBECTL_GET, [CSR_NAMES]: KUBECTL_NAMES, [CSR_NONE]: KUBECTL_NONE };
      for (const c of commands) {
        rows.push({
          section: listSection(count),
          command: c.name,
          ...t.get(c.name)!,
          ...(versus[c.name] ? { versus: versus[c.name], ratio: 'slower' as const } : {}),
        });
      }
    }
  } finally {
    if (!keep) await deleteSection(creds, LIST_SECTION);
  }
  return rows;
}
