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

export async function runMain(argv: string[], stdin: Buffer, home: string): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    readStdin: async () => stdin,
    env: { KUBECONFIG: `${home}/no-such-kubeconfig`, HOME: home },
    cwd: home,
  };
  const code = await main(argv, io, () => new Date('2026-06-01T00:00:00Z'));
  return { code, stdout, stderr };
}
