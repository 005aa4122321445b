// Events (core/v1) about a CSR, as client-go's record.EventRecorder writes them: a CSR is cluster-scoped, so its
// events go to the `default` namespace with involvedObject naming it (KUBERNETES.md).
import { rfc3339 } from '../util/time-text.js';
import { randomBytes } from 'node:crypto';
import { ApiError, isFault } from './api-error.js';
import type { Connection } from './connection.js';
import type { Csr } from './csr.js';
import { kubeText } from './http.js';
import { sleep } from '../util/sleep.js';

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
/**
 * A fault (no answer, 429, 5xx), or a 403 (RBAC still loading after an API server start, seen with /readyz already
 * ok), is tried again after these waits, under the same name: never two Events. client-go's recorder retries only
 * transport errors and drops an Event the server refused; here the Event is what explains a decision, so a 403 gets
 * the same few tries before it is said lost.
 */
const RETRY_MS = [500, 1000, 2000, 4000, 8000];

/** What an Event says of its CSR: a queued Event keeps this, not the whole object (a storm queues thousands). */
export interface EventSubject {
  metadata: Pick<Csr['metadata'], 'name' | 'uid' | 'resourceVersion'>;
}

export async function recordCsrEvent(conn: Connection, csr: EventSubject, event: CsrEvent, host: string, now: Date): Promise<void> {
  const name = csr.metadata.name!;
  // client-go names an event after its object and a unique suffix (fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())).
  const suffix = `${now.getTime().toString(16)}${randomBytes(2).toString('hex')}`;
  const time = rfc3339(now);
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
  for (let attempt = 0; ; attempt++) {
    try {
      // The answer (the Event as stored) is not needed: unread, it is drained without being decoded, and the POST goes
      // on the approval PUTs' kept TLS sockets (plain-request.ts) without node:https's machinery.
      await kubeText(conn, { method: 'POST', path: `/api/v1/namespaces/${NAMESPACE}/events`, body, unread: true });
      return;
    } catch (err) {
      // AlreadyExists after a fault: the earlier POST was stored and only its answer lost.
      if (attempt > 0 && err instanceof ApiError && err.status === 409) return;
      const again = isFault(err) || (err instanceof ApiError && err.status === 403);
      if (!again || attempt >= RETRY_MS.length) throw err;
      await sleep(RETRY_MS[attempt]!, conn.signal);
    }
  }
}
