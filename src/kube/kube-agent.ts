// The https.Agent of every request to an API server (http.ts), in place of Node's global agent, for two costs that a
// storm of CSRs pays on each new connection (issue 25, BENCHMARKS.md):
// - Node's global agent closes a connection idle for 5 s; with its last-in-first-out choice of a free socket, the
//   connections at the bottom of the pool idle out between bursts and the next burst opens them again. Kept IDLE_MS
//   here, under the API server's own 90 s (k8s.io/apiserver secure_serving.go IdleTimeout), so that the server does
//   not close a connection as it is being reused.
// - tls.connect builds a TLS context for each connection from its options (OpenSSL's SSL_CTX_new and the trust store:
//   125-300 µs each). A context depends only on the options that name the connection's pool (Agent.getName: the
//   server, ca, cert, key and the like), so connections of one pool share one.
import type { IncomingMessage } from 'node:http';
import { Agent, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext } from 'node:tls';
import { defaultTrustChanges } from './tls-trust.js';
import { IDLE_MS, KEEP_ALIVE_PROBE_MS, SERVER_HINT_MARGIN_MS } from './tls-sockets.js';

export { IDLE_MS } from './tls-sockets.js';

/** Contexts kept, the oldest dropped first: one per server and credentials, which change only when certificates rotate. */
const CONTEXTS_KEPT = 8;

export class KubeAgent extends Agent {
  private readonly contexts = new Map<string, SecureContext>();
  /** How many TLS contexts this agent has made: a test checks that connections share them. */
  contextsMade = 0;

  constructor(private readonly idleMs = IDLE_MS) {
    // No `timeout` option: with it, Node's client clears each socket's idle timer as a response ends and keepSocketAlive
    // arms it again, and each request listens for it; here the timer is armed once per socket (keepSocketAlive) and
    // left running, refreshed by the socket's reads and writes, and Node's agent closes the socket when it fires only if
    // the socket is free, as it did with the option.
    super({ keepAlive: true, keepAliveMsecs: KEEP_ALIVE_PROBE_MS });
  }

  /**
   * Node's keepSocketAlive without reading the response's headers as an object (they are parsed for it alone, on each
   * request that does not read them itself: the approval PUT): a Keep-Alive hint is looked for in the raw headers.
   */
  override keepSocketAlive(duplex: Duplex): boolean {
    const socket = duplex as Socket;
    socket.setKeepAlive(true, KEEP_ALIVE_PROBE_MS);
    socket.unref();
    let idleMs = this.idleMs;
    const hint = keepAliveHint((socket as Socket & { _httpMessage?: { res?: IncomingMessage } | null })._httpMessage?.res?.rawHeaders);
    if (hint !== undefined) {
      const serverMs = hint * 1000 - SERVER_HINT_MARGIN_MS;
      if (serverMs <= 0) return false;
      idleMs = Math.min(idleMs, serverMs);
    }
    if (socket.timeout !== idleMs) socket.setTimeout(idleMs);
    return true;
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

/** The seconds of a `Keep-Alive: timeout=N` response header (kube-apiserver sends none), as Node's agent reads it. */
function keepAliveHint(rawHeaders: string[] | undefined): number | undefined {
  if (!rawHeaders) return undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 10 && name.toLowerCase() === 'keep-alive') {
      const seconds = /^timeout=(\d+)/.exec(rawHeaders[i + 1]!)?.[1];
      return seconds === undefined ? undefined : Number.parseInt(seconds, 10);
    }
  }
  return undefined;
}

let shared: KubeAgent | undefined;

/** The one agent of the process (made on first use: nothing runs at import time). */
export function kubeAgent(): KubeAgent {
  return (shared ??= new KubeAgent());
}
