// The goals of issue 8, each checked against this run's own figures, and when one is missed, by how much and what
// stands in the way (what BENCHMARKS.md must say).
import { APPROVE_COUNT, CSR_APPROVE_NAMES, CSR_APPROVE_PENDING, KUBECTL_APPROVE } from './bulk-approval.js';
import { CSR_FETCH } from './fetch-latency.js';
import { CSR_LIST, KUBECTL_GET, LIST_COUNT } from './listing.js';
import { EMBEDDED_NODE, HELP, OPENSSL_EC, OPENSSL_RSA, REQUEST_EC, REQUEST_RSA } from './offline.js';
import { ms, type Row, type Target } from './report.js';

const MIB = 1024;

export function targets(rows: Row[]): { targets: Target[]; limits: string[] } {
  const find = (command: string) => rows.find((r) => r.command === command);
  const out: Target[] = [];
  const limits: string[] = [];

  const ratioTarget = (goal: string, mine: string, theirs: string, max: number, limit: string) => {
    const a = find(mine);
    const b = find(theirs);
    if (!a || !b) return;
    const ratio = a.median / b.median;
    const met = ratio <= max;
    out.push({ goal, measured: `${ratio.toFixed(2)}× (${ms(a.median)} vs ${ms(b.median)})`, met, miss: `${pct(ratio / max - 1)} over` });
    if (!met) limits.push(`**${goal}**: ${limit}`);
  };

  ratioTarget(`\`--help\` ≤ 1.3× \`node -e 0\` (embedded runtime)`, HELP, EMBEDDED_NODE, 1.3, LIMITS.help);
  ratioTarget(`\`list\` of ${LIST_COUNT} ≤ 1.0× \`kubectl get csr\``, CSR_LIST, KUBECTL_GET, 1.0, LIMITS.list);

  const kubectl = find(KUBECTL_APPROVE);
  for (const mine of [CSR_APPROVE_NAMES, CSR_APPROVE_PENDING]) {
    const a = find(mine);
    if (!kubectl || !a) continue;
    const speedup = kubectl.median / a.median;
    const met = speedup >= 5;
    out.push({
      goal: `bulk approval of ${APPROVE_COUNT} ≥ 5× faster than kubectl (\`${mine.replace(/^kubectl-csr /, '')}\`)`,
      measured: `${speedup.toFixed(2)}× (${ms(a.median)} vs ${ms(kubectl.median)})`,
      met,
      miss: `${pct(1 - speedup / 5)} short`,
    });
    if (!met && !limits.some((l) => l.includes('bulk approval'))) limits.push(`**bulk approval**: ${LIMITS.approve}`);
  }

  const fetch = find(CSR_FETCH);
  if (fetch) {
    const met = fetch.median <= 50;
    out.push({ goal: 'certificate on disk ≤ 50 ms after issuance (`fetch`)', measured: `${ms(fetch.median)} (median; ${fetch.note})`, met, miss: `${ms(fetch.median - 50)} over` });
    if (!met) limits.push(`**fetch latency**: ${LIMITS.fetch}`);
  }

  ratioTarget('`request` (RSA 2048) ≤ 1.0× the openssl pipeline', REQUEST_RSA, OPENSSL_RSA, 1.0, LIMITS.requestRsa);
  ratioTarget('`request` (ECDSA P-256) ≤ 1.0× the openssl pipeline', REQUEST_EC, OPENSSL_EC, 1.0, LIMITS.requestEc);

  const list = find(CSR_LIST);
  if (list && list.peakRssKib !== null) {
    const mib = list.peakRssKib / MIB;
    const met = mib <= 100;
    out.push({ goal: `peak RSS of \`list\` of ${LIST_COUNT} ≤ 100 MiB`, measured: `${mib.toFixed(1)} MiB`, met, miss: `${(mib - 100).toFixed(1)} MiB over` });
    if (!met) limits.push(`**list peak RSS**: ${LIMITS.rss}`);
  }
  return { targets: out, limits };
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** What stands in the way of each target, as measured while working on issue 8 (BENCHMARKS.md, "Levers"). */
const LIMITS = {
  help:
    'the floor is the runtime itself: the binary starts the same Node.js as `node -e 0`, reads its small main script ' +
    'and writes a text the build rendered; what is left above the floor is that, and scheduling noise.',
  list:
    'kubectl asks the API server for its own table rendering (`as=Table`) and prints it; kubectl-csr needs every ' +
    "object whole (about 1.7 KB of JSON each) to decode spec.request for the SUBJECT column, which kubectl does not " +
    'have: decoding 1 000 PKCS#10 requests in JavaScript (base64, PEM, DER) is about 50 ms. Before any of that, the ' +
    'Node.js runtime starts (the `node -e 0` row) and loads the 2.8 MB bundle through its code cache (about 20 ms), ' +
    'where the Go binary is running already. CPU profile of one run: start-up 45 ms, connection and two pages of ' +
    '500 objects 70 ms, decoding 55 ms, the table 15 ms, garbage collection 20 ms.',
  approve:
    'the API server and the benchmark share two cores: 200 PUTs of /approval cost the server the same CPU whoever ' +
    'sends them, so parallel requests only remove the round-trip waits.',
  fetch:
    'the watch event reaches kubectl-csr and the benchmark at the same time; what is left is JSON parsing, the PEM ' +
    'check and an atomic write, plus scheduling on a busy machine.',
  requestRsa:
    'both sides spend most of their time in OpenSSL looking for two 1024-bit primes, whose cost varies a lot from ' +
    'key to key (see the spread of the runs); kubectl-csr adds the start of a Node.js runtime.',
  requestEc:
    'a P-256 key costs well under a millisecond, so both figures are start-up: two openssl processes start in a few ' +
    'milliseconds each, where kubectl-csr starts a Node.js runtime (the `node -e 0` row), then yargs and the request ' +
    'code from its code cache, before it makes the key.',
  rss:
    'the Node.js runtime alone is about 40 MiB (the `node -e 0` row); the bundle and its code cache add about 20 MiB, ' +
    'and the 1 000 objects, their decoded requests and the garbage collector\'s room the rest.',
};
