// Runs main(argv, io) in-process with an in-memory Io: standard input is the given bytes, the environment points at a
// kubeconfig that does not exist, so that nothing can reach a cluster.
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The kubectl-csr error when there is no kubeconfig: what a command says once its input has passed. */
export const NO_KUBECONFIG = 'error: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n';

/**
 * `now` is the real clock by default: fuzz-cli compares this run with the binary's, which reads the real clock, and
 * inspect's validity lines (NOT VALID YET, expired) depend on it.
 */
export async function runMain(argv: string[], stdin: Buffer, home: string, now: () => Date = () => new Date()): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    readStdin: async () => stdin,
    env: { KUBECONFIG: `${home}/no-such-kubeconfig`, HOME: home },
    cwd: home,
  };
  const code = await main(argv, io, now);
  return { code, stdout, stderr };
}
