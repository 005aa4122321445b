// What every section of the benchmark works with.
import type { Credentials } from '../../test/e2e/api.js';
import type { Tools } from './tools.js';

export interface Runs {
  /** hyperfine runs of the start-up commands, and warm-up runs before them. */
  startup: number;
  request: number;
  list: number;
  warmup: number;
  /** Runs of each bulk approval at 1 000 CSRs (one at 5 000 and 10 000), each on fresh CSRs. */
  approve: number;
  /** Runs of the seed's workflow, by hand and with the plugin. */
  workflow: number;
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

export const FULL: Runs = { startup: 15, request: 10, list: 10, warmup: 2, approve: 1, workflow: 5, fetch: 4, rss: 3 };
export const QUICK: Runs = { startup: 10, request: 8, list: 5, warmup: 2, approve: 1, workflow: 2, fetch: 3, rss: 2 };

/** The admin's credentials; only the sections that talk to the cluster ask, and main() starts one for them. */
export function adminCredentials(ctx: BenchContext): Credentials {
  if (!ctx.creds) throw new Error('this section needs the control plane');
  return ctx.creds;
}
