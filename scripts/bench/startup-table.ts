// BENCHMARKS.md's start-up table (issue 26): the commands a user or a script runs most, each beside the embedded
// runtime's bare start (`node -e 0`, the floor of anything the binary does) and beside what kubectl does for the same
// (a Go binary, no runtime to start), all from this one run.
import { CSR_LIST, CSR_NONE, KUBECTL_GET, KUBECTL_NONE, listSection } from './listing.js';
import { EMBEDDED_NODE, HELP, KUBECTL_VERSION, VERSION } from './offline.js';
import { markdownTable, ms, type Row } from './report.js';

/** The list rows are those of the cluster with 1 000 CSRs. */
const LIST_AT = 1000;

export function startupTable(rows: Row[]): string | null {
  const find = (command: string, section?: string) => rows.find((r) => r.command === command && (section === undefined || r.section === section));
  const node = find(EMBEDDED_NODE);
  if (!node) return null;
  const section = listSection(LIST_AT);
  const lines: [string, Row | undefined, string, Row | undefined][] = [
    ['`version`', find(VERSION), '`kubectl version --client`', find(KUBECTL_VERSION)],
    ['`--help`', find(HELP), '-', undefined],
    [`\`list --signer none\` (${LIST_AT} CSRs in the cluster, none returned)`, find(CSR_NONE, section), '`kubectl get csr --field-selector spec.signerName=none`', find(KUBECTL_NONE, section)],
    [`\`list\` of ${LIST_AT}`, find(CSR_LIST, section), '`kubectl get csr`', find(KUBECTL_GET, section)],
  ];
  const ratio = (a: Row, b: Row | undefined) => (b ? `${(a.median / b.median).toFixed(2)}×` : '-');
  const body = lines.flatMap(([what, mine, theirsName, theirs]) =>
    mine ? [[what, ms(mine.median), ratio(mine, node), theirsName, theirs ? ms(theirs.median) : '-', ratio(mine, theirs)]] : [],
  );
  if (body.length === 0) return null;
  return markdownTable(['kubectl-csr', 'median', `÷ \`node -e 0\` (${ms(node.median)})`, 'kubectl', 'median', '÷ kubectl'], body);
}
