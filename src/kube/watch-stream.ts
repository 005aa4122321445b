// One watch of any resource, as client-go's reflector opens it: from a resourceVersion, with bookmarks and a server-side
// timeout, read as newline-delimited JSON events until the server closes the stream or the signal aborts. The CSR
// client and the approver's caches (object-cache.ts) watch through it.
import { createInterface } from 'node:readline';
import { ConnectionError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeStream } from './http.js';
import { connectionError } from './net-error.js';

/** An event of a watch; a 410 Gone (and any error the server ends a watch with) is an ERROR event. */
export type ObjectEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; status: number; message: string };

const WATCH_TIMEOUT_SECONDS = 300;

export async function* watchStream<T>(
  conn: Connection,
  path: string,
  query: { resourceVersion: string; fieldSelector?: string; labelSelector?: string },
  signal?: AbortSignal,
  onOpen?: () => void,
): AsyncGenerator<ObjectEvent<T>> {
  const res = await kubeStream(
    conn,
    {
      method: 'GET',
      path,
      query: {
        watch: 1,
        resourceVersion: query.resourceVersion,
        allowWatchBookmarks: true,
        // As client-go's reflector: the server ends the watch after this, so a stream that went quiet without
        // closing (a frozen server, a dropped NAT entry) is opened again.
        timeoutSeconds: WATCH_TIMEOUT_SECONDS,
        fieldSelector: query.fieldSelector,
        labelSelector: query.labelSelector,
      },
    },
    signal,
  );
  onOpen?.();
  const lines = createInterface({ input: res, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as { type: string; object: unknown };
      if (event.type === 'ERROR') {
        const status = event.object as { code?: number; message?: string } | null;
        yield { type: 'ERROR', status: status?.code ?? 0, message: status?.message ?? 'watch error' };
      } else {
        yield { type: event.type as 'ADDED', object: event.object as T };
      }
    }
  } catch (err) {
    // A stream cut by the server going away (ECONNRESET, "aborted") is a connection error like a refused one.
    if (signal?.aborted || conn.signal?.aborted || err instanceof SyntaxError || !(err instanceof Error)) throw err;
    throw err instanceof ConnectionError ? err : connectionError(conn.server, err);
  } finally {
    lines.close();
    res.destroy();
  }
}
