// What every yargs command module receives: the dependencies, and a way to hand back the work to run.
// Handlers do not run the work themselves: main() runs it after parsing, so that errors surface in one place.
import { homedir } from 'node:os';
import type { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { KubeFlags } from '../kube/kubeconfig.js';
import type { Cluster } from '../kube/api.js';
import type { Connection } from '../kube/connection.js';

export type { Cluster } from '../kube/api.js';

export interface Deps {
  io: Io;
  now: () => Date;
  /** -v: from 6, the HTTPS connection traces each request on stderr as kubectl does. */
  verbosity?: number;
  /** Connects to the cluster the flags name; by default over HTTPS (kube/), an in-memory cluster in tests. */
  connect?: (flags: KubeFlags) => Promise<Cluster>;
}

export interface CommandContext {
  deps: Deps;
  run(work: () => Promise<ExitCode>): void;
}

/**
 * Connects lazily: the Kubernetes client is loaded only by commands that talk to a cluster, so that
 * `inspect -f` and `--help` never pay for it.
 */
export function connector(deps: Deps, flags: KubeFlags): () => Promise<Cluster> {
  let cluster: Promise<Cluster> | undefined;
  return () => (cluster ??= deps.connect ? deps.connect(flags) : connectOverHttps(deps, flags));
}

async function connectOverHttps(deps: Deps, flags: KubeFlags): Promise<Cluster> {
  const [{ connect }, { CsrClient }] = await Promise.all([import('../kube/connection.js'), import('../kube/csr-client.js')]);
  const make = (connection: Connection): Cluster => ({
    client: new CsrClient(connection),
    connection: {
      ...connection,
      // Loaded when a command runs the policy checks, not on every connection.
      readFacts: async (nodeNames, rbac) => (await import('../kube/read-cluster-facts.js')).readClusterFacts(connection, nodeNames, rbac),
    },
    certificates: async () => new (await import('../kube/certificates-client.js')).CertificatesClient(connection),
    controller: async () => (await import('../kube/controller-api.js')).controllerApi(connection),
    scoped: ({ signal, requests, defaultTimeoutMs, http2 }) => make({ ...connection, signal, requests, requestTimeoutMs: connection.requestTimeoutMs ?? defaultTimeoutMs, http2 }),
  });
  const connection = await connect(flags, deps.io.env, deps.io.env.HOME ?? homedir());
  const level = deps.verbosity ?? 0;
  if (level >= 6) connection.trace = { level, write: (s) => deps.io.stderr.write(s), pid: process.pid, now: () => new Date() };
  return make(connection);
}
