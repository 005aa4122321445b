// Whether a PodCertificateRequest's pod is still there: a request whose pod is gone is mounted by no one.
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson } from './http.js';

/** The UID of pod NAMESPACE/NAME, null when there is no such pod; undefined when we may not read it (403). */
export async function podUid(conn: Connection, namespace: string, name: string): Promise<string | null | undefined> {
  try {
    const pod = await kubeJson<{ metadata?: { uid?: string } }>(conn, { method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}` });
    return pod.metadata?.uid ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    if (err instanceof ApiError && err.status === 403) return undefined;
    throw err;
  }
}
