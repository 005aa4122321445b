// Listing: `kubectl csr list` against `kubectl get csr`, with 1 000 CSRs in the cluster (for a signer no controller
// signs, so that they stay pending and nothing changes them while they are listed).
import { countCsrs, createCsrs, deleteSection, UNSIGNED_SIGNER } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import type { Row } from './report.js';
import { timeCommands, type Command } from './timing.js';

export const LIST_COUNT = 1000;
export const KUBECTL_GET = 'kubectl get csr';
export const CSR_LIST = 'kubectl-csr list';

export async function listing(ctx: BenchContext): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  const started = Date.now();
  const names = Array.from({ length: LIST_COUNT }, (_, i) => `bench-list-${String(i).padStart(4, '0')}`);
  await createCsrs(creds, names.map((name) => ({ name, signer: UNSIGNED_SIGNER, section: 'list' })));
  const { total } = await countCsrs(creds);
  ctx.log(`created ${LIST_COUNT} CSRs in ${((Date.now() - started) / 1000).toFixed(1)}s; ${total} in the cluster`);
  try {
    const commands: Command[] = [
      { name: KUBECTL_GET, argv: [ctx.kubectl, 'get', 'csr'] },
      { name: CSR_LIST, argv: [ctx.bin, 'list'] },
    ];
    const t = timeCommands(commands, { env: ctx.clusterEnv, cwd: ctx.work }, { runs: ctx.runs.list, warmup: ctx.runs.warmup, rssRuns: ctx.runs.rss, tools: ctx.tools, log: ctx.log });
    return commands.map((c) => ({
      section: 'list',
      command: c.name,
      note: `${total} CSRs in the cluster`,
      ...t.get(c.name)!,
      ...(c.name === CSR_LIST ? { versus: KUBECTL_GET, ratio: 'slower' as const } : {}),
    }));
  } finally {
    await deleteSection(creds, 'list');
  }
}
