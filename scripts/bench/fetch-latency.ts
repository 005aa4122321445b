// Fetch latency: from the moment the certificate appears in a CSR's status to the moment the waiting command has the
// file on disk. The waiter starts first; then the benchmark approves the CSR and kube-controller-manager signs it.
// The benchmark watches the CSR itself and stamps the MODIFIED event that carries status.certificate (the API gives
// condition times to the second only), and stamps the file's arrival in the directory with fs.watch; both stamps come
// from this process's monotonic clock. Every waiter writes the file whole (a temporary file, then a rename), so its
// arrival means the certificate is usable.
import { watch as watchDir, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Credentials } from '../../test/e2e/api.js';
import { api } from '../../test/e2e/api.js';
import { approveCsr, createCsrs, CSRS, deleteSection } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import type { Row } from './report.js';
import { median, timeOnce, type Where } from './timing.js';

export interface Waiter {
  name: string;
  /** The command that waits for CSR `csr` and writes its certificate to `file` (relative to the run directory). */
  argv(csr: string, file: string): string[];
}

export interface LatencyRun {
  waiter: string;
  /** Certificate in status → file on disk, milliseconds. */
  latencyMs: number;
  peakRssKib: number | null;
}

/**
 * Long enough for any waiter to be started and watching (or polling) before the approval; plus up to a second at
 * random, so that the approval falls anywhere in a 1 s polling period rather than always at the same point of it.
 */
const SETTLE_MS = 2000;
const PHASE_MS = 1000;
const SIGNED_SIGNER = 'kubernetes.io/kube-apiserver-client';

export async function measureLatency(
  creds: Credentials,
  waiter: Waiter,
  run: number,
  workDir: string,
  where: Where,
  gnuTime: string | null,
): Promise<LatencyRun> {
  const csr = `bench-fetch-${waiter.name.replace(/[^a-z0-9]+/g, '-')}-${run}`.replace(/-+$/, '');
  const dir = join(workDir, csr);
  mkdirSync(dir, { recursive: true });
  const file = 'cert.pem';
  await createCsrs(creds, [{ name: csr, signer: SIGNED_SIGNER, section: 'fetch' }]);
  const created = await api(creds, 'GET', `${CSRS}/${csr}`);
  const issued = watchForCertificate(creds, csr, created.body.metadata.resourceVersion);
  const arrived = fileArrival(dir, file);
  const waiting = timeOnce(waiter.argv(csr, file), { ...where, cwd: dir }, gnuTime);
  try {
    await sleep(SETTLE_MS + Math.random() * PHASE_MS);
    await approveCsr(creds, csr);
    const [certificate, fileAt] = await withTimeout(Promise.all([issued.result, arrived.result]), 60_000, `${waiter.name}: certificate of ${csr}`);
    const result = await waiting;
    if (result.code !== 0) throw new Error(`${waiter.name} exited ${result.code}: ${result.stderr.trim()}`);
    const pem = Buffer.from(certificate.base64, 'base64').toString('utf8');
    if (readFileSync(join(dir, file), 'utf8').trim() !== pem.trim()) throw new Error(`${waiter.name} wrote something else than the certificate`);
    return { waiter: waiter.name, latencyMs: fileAt - certificate.at, peakRssKib: result.peakRssKib };
  } finally {
    issued.close();
    arrived.close();
  }
}

/** Resolves with the time the watch delivers the first version of the CSR that carries a certificate. */
function watchForCertificate(creds: Credentials, name: string, resourceVersion: string) {
  let close = () => {};
  const result = new Promise<{ at: number; base64: string }>((resolve, reject) => {
    const url = new URL(`${CSRS}?watch=1&resourceVersion=${resourceVersion}&fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`, creds.server);
    const req = request(url, { ca: creds.ca, headers: { Authorization: `Bearer ${creds.token}`, Accept: 'application/json' } }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const event = JSON.parse(line) as { type: string; object: { status?: { certificate?: string } } };
          if (event.object.status?.certificate) resolve({ at, base64: event.object.status.certificate });
        }
      });
      res.on('error', reject);
    });
    req.on('error', (err) => (err.name === 'AbortError' ? undefined : reject(err)));
    req.end();
    close = () => req.destroy();
  });
  return { result, close: () => close() };
}

/** Resolves with the time `file` shows up in `dir`. */
function fileArrival(dir: string, file: string) {
  let close = () => {};
  const result = new Promise<number>((resolve) => {
    const watcher = watchDir(dir, (_event, name) => {
      if (name === file && existsSync(join(dir, file))) resolve(performance.now());
    });
    close = () => watcher.close();
  });
  return { result, close: () => close() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))),
  ]);
}

export const CSR_FETCH = 'kubectl-csr fetch (watch)';
export const POLL_LOOP = 'kubectl get every 1 s (cmctl-style poll)';
export const KUBECTL_WAIT = "kubectl wait --for=jsonpath='{.status.certificate}', then get";

/** The three waiters, taking turns run after run; a row each with the median latency. */
export async function fetchLatency(ctx: BenchContext): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  // Each shell waiter writes a temporary file and renames it, as kubectl-csr does: the file is whole when it appears.
  const get = `"$KUBECTL" get csr "$1" -o jsonpath='{.status.certificate}'`;
  const waiters: Waiter[] = [
    { name: CSR_FETCH, argv: (csr, file) => [ctx.bin, 'fetch', csr, '-O', file, '--timeout', '60s'] },
    {
      name: POLL_LOOP,
      argv: (csr, file) => ['sh', '-c', `until c=$(${get}) && [ -n "$c" ]; do sleep 1; done; printf %s "$c" | base64 -d > "$2.tmp" && mv "$2.tmp" "$2"`, 'sh', csr, file],
    },
    {
      name: KUBECTL_WAIT,
      argv: (csr, file) => [
        'sh', '-c',
        `"$KUBECTL" wait --for=jsonpath='{.status.certificate}' "csr/$1" --timeout=60s >/dev/null && ${get} | base64 -d > "$2.tmp" && mv "$2.tmp" "$2"`,
        'sh', csr, file,
      ],
    },
  ];
  const env = { ...ctx.clusterEnv, KUBECTL: ctx.kubectl };
  const runs = new Map(waiters.map((w) => [w.name, [] as LatencyRun[]]));
  try {
    for (let run = 0; run < ctx.runs.fetch; run++) {
      for (const w of waiters) {
        const r = await measureLatency(creds, w, run, join(ctx.work, 'fetch'), { env, cwd: ctx.work }, ctx.tools.gnuTime);
        runs.get(w.name)!.push(r);
        ctx.log(`  run ${run + 1}/${ctx.runs.fetch} ${w.name}: ${r.latencyMs.toFixed(1)} ms`);
      }
    }
  } finally {
    await deleteSection(creds, 'fetch');
  }
  return waiters.map((w) => {
    const r = runs.get(w.name)!;
    const rss = r.flatMap((x) => (x.peakRssKib === null ? [] : [x.peakRssKib]));
    return {
      section: 'fetch latency',
      command: w.name,
      median: median(r.map((x) => x.latencyMs)),
      runs: r.length,
      cpu: null,
      peakRssKib: rss.length ? median(rss) : null,
      note: `max ${Math.max(...r.map((x) => x.latencyMs)).toFixed(0)} ms`,
      ...(w.name === CSR_FETCH ? {} : { versus: CSR_FETCH, ratio: 'slower' as const }),
    };
  });
}
