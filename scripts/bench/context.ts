// What every section of the benchmark works with.
import type { Credentials } from '../../test/e2e/api.js';
import type { Tools } from './tools.js';

export interface Runs {
  /** hyperfine runs of the start-up commands, and warm-up runs before them. */
  startup: number;
  request: number;
  list: number;
  warmup: number;
  /** Runs of each kubectl-csr bulk approval, each on 200 fresh CSRs. */
  approve: number;
  /**
   * Runs of `kubectl certificate approve`: client-go's client-side rate limit (5 requests a second, bursts of 10) sets
   * its time, 400 requests in about 80 s, so it varies little and a few runs say it.
   */
  approveKubectl: number;
  /** Certificates fetched by each waiter. */
  fetch: number;
  /** Extra runs under GNU time for the peak RSS of the hyperfine-timed commands. */
  rss: number;
}

export interface BenchContext {
  /** The kubectl-csr executable measured: the shipped single binary, dist/kubectl-csr. */
  bin: string;
  /** dist/kubectl-csr.cjs, the same bundle, for `node dist/kubectl-csr.cjs`. */
  bundle: string;
  /** kubectl of the control plane's own version. */
  kubectl: string;
  /** The Node.js runtime the single binary is made of: its bare start is the floor. */
  embeddedNode: string;
  systemNode: string;
  /** Scratch directory, removed at the end. */
  work: string;
  /** The admin's credentials, for making and removing the objects measured; null when no section needs a cluster. */
  creds: Credentials | null;
  /** Environment for commands that talk to the cluster: KUBECONFIG (the admin), HOME (kubectl's discovery cache). */
  clusterEnv: NodeJS.ProcessEnv;
  /** Environment for offline commands. */
  offlineEnv: NodeJS.ProcessEnv;
  tools: Tools;
  runs: Runs;
  log(line: string): void;
}

export const FULL: Runs = { startup: 40, request: 30, list: 15, warmup: 3, approve: 7, approveKubectl: 3, fetch: 8, rss: 5 };
export const QUICK: Runs = { startup: 10, request: 8, list: 5, warmup: 2, approve: 2, approveKubectl: 1, fetch: 3, rss: 2 };

/** The admin's credentials; only the sections that talk to the cluster ask, and main() starts one for them. */
export function adminCredentials(ctx: BenchContext): Credentials {
  if (!ctx.creds) throw new Error('this section needs the control plane');
  return ctx.creds;
}
