// The https.Agent of every request to an API server (http.ts), in place of Node's global agent, for two costs that a
// storm of CSRs pays on each new connection (issue 25, BENCHMARKS.md):
// - Node's global agent closes a connection idle for 5 s; with its last-in-first-out choice of a free socket, the
//   connections at the bottom of the pool idle out between bursts and the next burst opens them again. Kept IDLE_MS
//   here, under the API server's own 90 s (k8s.io/apiserver secure_serving.go IdleTimeout), so that the server does
//   not close a connection as it is being reused.
// - tls.connect builds a TLS context for each connection from its options (OpenSSL's SSL_CTX_new and the trust store:
//   125-300 µs each). A context depends only on the options that name the connection's pool (Agent.getName: the
//   server, ca, cert, key and the like), so connections of one pool share one.
import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext } from 'node:tls';
import { defaultTrustChanges } from './tls-trust.js';

/** Idle connections are closed after this: as client-go's keep-alive (90 s) would, less a margin under the server's. */
export const IDLE_MS = 60_000;
/** Contexts kept, the oldest dropped first: one per server and credentials, which change only when certificates rotate. */
const CONTEXTS_KEPT = 8;

export class KubeAgent extends Agent {
  private readonly contexts = new Map<string, SecureContext>();
  /** How many TLS contexts this agent has made: a test checks that connections share them. */
  contextsMade = 0;

  constructor() {
    super({ keepAlive: true, timeout: IDLE_MS });
  }

  override createConnection(options: RequestOptions & { secureContext?: SecureContext }, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    // tls.connect takes the context in place of the ca, cert and key options, which stay for getName's sake.
    const withContext: RequestOptions & { secureContext: SecureContext } = { ...options, secureContext: options.secureContext ?? this.contextFor(options) };
    return super.createConnection(withContext, callback);
  }

  private contextFor(options: RequestOptions): SecureContext {
    // The pool's name, the passphrase (not in it), and whether Node's default trust (a connection with no ca) is still
    // Node's own roots or the cluster's CA (tls-trust.ts).
    const key = `${this.getName(options)}:${options.passphrase ?? ''}:${defaultTrustChanges()}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createSecureContext(options);
      this.contextsMade++;
      this.contexts.set(key, context);
      if (this.contexts.size > CONTEXTS_KEPT) this.contexts.delete(this.contexts.keys().next().value!);
    }
    return context;
  }
}

let shared: KubeAgent | undefined;

/** The one agent of the process (made on first use: nothing runs at import time). */
export function kubeAgent(): KubeAgent {
  return (shared ??= new KubeAgent());
}
