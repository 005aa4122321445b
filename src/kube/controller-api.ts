// The ControllerApi of kube/api.ts over HTTPS: the Lease of leader election and the Events of the approver's
// decisions, written over the same connection as the CSRs, and the caches of the policy's facts.
import type { ControllerApi } from './api.js';
import { cachedClusterFacts } from './cached-facts.js';
import type { Connection } from './connection.js';
import { recordCsrEvent } from './events.js';
import { LeaseLock } from './lease.js';

const EVENT_TIMEOUT_MS = 30_000;

export function controllerApi(connection: Connection): ControllerApi {
  return {
    namespace: connection.namespace,
    lease: (namespace, name) => new LeaseLock(connection, namespace, name),
    // An Event is posted after its decision, off its path: never without a deadline, even when the kubeconfig sets none.
    recordEvent: (csr, event, host, now, signal) => recordCsrEvent({ ...connection, signal, requestTimeoutMs: connection.requestTimeoutMs ?? EVENT_TIMEOUT_MS }, csr, event, host, now),
    watchFacts: (signal, log, listMemory) => cachedClusterFacts(connection, signal, log, listMemory),
  };
}
