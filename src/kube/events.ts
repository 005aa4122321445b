// Events (core/v1) about a CSR, as client-go's record.EventRecorder writes them: a CSR is cluster-scoped, so its
// events go to the `default` namespace with involvedObject naming it (KUBERNETES.md).
import { randomBytes } from 'node:crypto';
import type { Connection } from './connection.js';
import type { Csr } from './csr.js';
import { kubeJson } from './http.js';

export interface CsrEvent {
  type: 'Normal' | 'Warning';
  /** CamelCase, as Event reasons are. */
  reason: string;
  message: string;
}

/** The component name that `kubectl describe` shows in the From column. */
export const EVENT_SOURCE = 'kubectl-csr-approver';
const NAMESPACE = 'default';
/** core/v1 Event validation refuses a note (message) longer than this. */
const MAX_MESSAGE = 1024;

export async function recordCsrEvent(conn: Connection, csr: Csr, event: CsrEvent, host: string, now: Date): Promise<void> {
  const name = csr.metadata.name!;
  // client-go names an event after its object and a unique suffix (fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())).
  const suffix = `${now.getTime().toString(16)}${randomBytes(2).toString('hex')}`;
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${suffix}`, namespace: NAMESPACE },
    involvedObject: { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', name, uid: csr.metadata.uid, resourceVersion: csr.metadata.resourceVersion },
    type: event.type,
    reason: event.reason,
    message: event.message.length > MAX_MESSAGE ? `${event.message.slice(0, MAX_MESSAGE - 3)}...` : event.message,
    source: { component: EVENT_SOURCE, host },
    reportingComponent: EVENT_SOURCE,
    reportingInstance: host,
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  };
  await kubeJson(conn, { method: 'POST', path: `/api/v1/namespaces/${NAMESPACE}/events`, body });
}
