// The ControllerApi of kube/api.ts over HTTPS: the Lease of leader election and the Events of the approver's
// decisions, written over the same connection as the CSRs.
import type { ControllerApi } from './api.js';
import type { Connection } from './connection.js';
import { recordCsrEvent } from './events.js';
import { LeaseLock } from './lease.js';

export function controllerApi(connection: Connection): ControllerApi {
  return {
    namespace: connection.namespace,
    lease: (namespace, name) => new LeaseLock(connection, namespace, name),
    recordEvent: (csr, event, host, now) => recordCsrEvent(connection, csr, event, host, now),
  };
}
