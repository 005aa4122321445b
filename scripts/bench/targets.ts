// The goals of issues 8 and 16, each checked against this run's own figures, and when one is missed, by how much and
// what stands in the way (what BENCHMARKS.md must say).
import { approveSection, CSR_APPROVE_PENDING, KUBECTL_APPROVE } from './bulk-approval.js';
import { CSR_FETCH } from './fetch-latency.js';
import { CSR_LIST, CSR_NONE, KUBECTL_GET, KUBECTL_NONE, listSection } from './listing.js';
import { EMBEDDED_NODE, HELP, OPENSSL_RSA, REQUEST_RSA, VERSION } from './offline.js';
import { ms, type Row, type Target } from './report.js';
import { BY_HAND, WITH_PLUGIN } from './workflow.js';

const MIB = 1024;

export function targets(rows: Row[]): { targets: Target[]; limits: string[] } {
  const find = (command: string, section?: string) => rows.find((r) => r.command === command && (section === undefined || r.section === section));
  const out: Target[] = [];
  const limits: string[] = [];

  const ratioTarget = (goal: string, a: Row | undefined, b: Row | undefined, max: number, limit: string) => {
    if (!a || !b) return;
    const ratio = a.median / b.median;
    const met = ratio <= max;
    out.push({ goal, measured: `${ratio.toFixed(2)}× (${ms(a.median)} vs ${ms(b.median)})`, met, miss: `${pct(ratio / max - 1)} over` });
    if (!met) limits.push(`**${goal}**: ${limit}`);
  };
  const speedupTarget = (goal: string, a: Row | undefined, b: Row | undefined, min: number, limit: string) => {
    if (!a || !b) return;
    const speedup = b.median / a.median;
    const met = speedup > min;
    out.push({ goal, measured: `${speedup.toFixed(2)}× faster (${ms(a.median)} vs ${ms(b.median)})`, met, miss: `${pct(1 - speedup / min)} short` });
    if (!met) limits.push(`**${goal}**: ${limit}`);
  };

  speedupTarget(
    "the seed's workflow: `request --approve --kubeconfig-out` faster than by hand, until the kubeconfig authenticates",
    find(WITH_PLUGIN),
    find(BY_HAND),
    1,
    LIMITS.workflow,
  );
  ratioTarget(`\`--help\` ≤ 1.3× \`node -e 0\` (embedded runtime)`, find(HELP), find(EMBEDDED_NODE), 1.3, LIMITS.help);
  ratioTarget(`\`version\` ≤ 1.3× \`node -e 0\` (embedded runtime)`, find(VERSION), find(EMBEDDED_NODE), 1.3, LIMITS.help);
  ratioTarget(
    '`list --signer none` (1000 CSRs, none returned) ≤ 1.0× `kubectl get csr` with a selector that matches nothing',
    find(CSR_NONE, listSection(1000)),
    find(KUBECTL_NONE, listSection(1000)),
    1.0,
    LIMITS.list,
  );
  for (const count of [1000, 5000]) {
    const section = listSection(count);
    ratioTarget(`\`list\` of ${count} ≤ 1.0× \`kubectl get csr\``, find(CSR_LIST, section), find(KUBECTL_GET, section), 1.0, listLimit(rows, count));
  }
  // Issue 26: "list of 1 000 and of 5 000 … RSS ≤ 1.3×", both sizes.
  for (const count of [1000, 5000]) {
    const mine = find(CSR_LIST, listSection(count));
    const theirs = find(KUBECTL_GET, listSection(count));
    if (!mine?.peakRssKib || !theirs?.peakRssKib) continue;
    const ratio = mine.peakRssKib / theirs.peakRssKib;
    const met = ratio <= 1.3;
    out.push({
      goal: `peak RSS of \`list\` of ${count} ≤ 1.3× \`kubectl get csr\``,
      measured: `${ratio.toFixed(2)}× (${(mine.peakRssKib / MIB).toFixed(1)} vs ${(theirs.peakRssKib / MIB).toFixed(1)} MiB)`,
      met,
      miss: `${pct(ratio / 1.3 - 1)} over`,
    });
    if (!met) limits.push(`**list peak RSS at ${count}**: ${LIMITS.rss}`);
  }
  speedupTarget(
    'bulk approval of 5000 (half refused by policy) faster than `kubectl certificate approve` via xargs',
    find(CSR_APPROVE_PENDING, approveSection(5000)),
    find(KUBECTL_APPROVE, approveSection(5000)),
    1,
    LIMITS.approve,
  );
  const fetch = find(CSR_FETCH);
  if (fetch) {
    const met = fetch.median <= 50;
    out.push({ goal: 'certificate on disk ≤ 50 ms after issuance (`fetch`)', measured: `${ms(fetch.median)} (median; ${fetch.note})`, met, miss: `${ms(fetch.median - 50)} over` });
    if (!met) limits.push(`**fetch latency**: ${LIMITS.fetch}`);
  }
  ratioTarget('`request` (RSA 2048) ≤ 1.0× the openssl pipeline', find(REQUEST_RSA), find(OPENSSL_RSA), 1.0, LIMITS.requestRsa);
  return { targets: out, limits };
}

/** What limits `list` at this size, with the run's own split into the cost before any CSR and the cost of the CSRs. */
function listLimit(rows: Row[], count: number): string {
  const section = listSection(count);
  const find = (command: string) => rows.find((r) => r.command === command && r.section === section);
  const [all, none, kAll, kNone] = [find(CSR_LIST), find(CSR_NONE), find(KUBECTL_GET), find(KUBECTL_NONE)];
  if (!all || !none || !kAll || !kNone) return LIMITS.list;
  const cpu = (r: Row) => (r.cpu === null ? '' : ` (CPU ${ms(r.cpu)})`);
  return (
    `at ${count} CSRs in this run, a list the server filters down to nothing (\`--signer none\`) takes kubectl-csr ` +
    `${ms(none.median)}${cpu(none)} and kubectl ${ms(kNone.median)}${cpu(kNone)}; the ${count} CSRs add ` +
    `${ms(all.median - none.median)} to kubectl-csr and ${ms(kAll.median - kNone.median)} to kubectl. ${LIMITS.list[0]!.toUpperCase()}${LIMITS.list.slice(1)}`
  );
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** What stands in the way of each target, as measured while working on issues 8 and 16 (BENCHMARKS.md). */
const LIMITS = {
  help:
    'the floor is the runtime itself: the binary starts the same Node.js as `node -e 0`, reads its small main script ' +
    'and writes a text the build rendered (help) or made of its constants (version); what is left above the floor is ' +
    'that, and scheduling noise.',
  list:
    'the fixed part is the runtime: Node.js starts (the `node -e 0` row), compiles the bundle from its code cache ' +
    'and loads its HTTPS stack; the root certificates Node parses on a thread when node:tls loads are no longer waited ' +
    'for (the kubeconfig\'s CA is made Node\'s default trust) and `list` is read without yargs (BENCHMARKS.md, start-up ' +
    'in instructions). kubectl is one Go binary with its HTTP stack linked in. Per CSR, kubectl ' +
    'reads the table the API server renders for it (`as=Table`), where kubectl-csr reads every object whole (about ' +
    '1.7 KB of JSON each) and decodes every request for the SUBJECT column, which kubectl does not have; see "Where ' +
    '`list` spends its time" for a profile.',
  approve:
    'the API server and the benchmark share two cores: each PUT of /approval costs the server the same CPU whoever ' +
    'sends it, so parallel requests only remove the round-trip waits, and kubectl is given 32 processes at a time.',
  fetch:
    'the watch event reaches kubectl-csr and the benchmark at the same time; what is left is JSON parsing, the PEM ' +
    'check and an atomic write, plus scheduling on a busy machine.',
  requestRsa:
    'both sides spend most of their time in OpenSSL looking for two 1024-bit primes, whose cost varies a lot from ' +
    'key to key (see the spread of the runs); kubectl-csr adds the start of a Node.js runtime.',
  workflow:
    'both wait for the same controller to sign; the script runs openssl twice and kubectl nine times, each a process ' +
    'start and (for kubectl) a connection, where kubectl-csr is one process and one connection.',
  rss:
    'about 40 MiB is the runtime (`node -e 0`), then the bundle and its code cache, TLS, and a page of 500 whole ' +
    'objects alive while it becomes rows; V8\'s young generation is kept from doubling once the first page shows that ' +
    'more follow (`src/startup/v8-tuning.ts` tuneForBulk), without which the peak at 5 000 CSRs was about 25 MiB higher.',
};
