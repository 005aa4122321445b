// One watch of any resource, as client-go's reflector opens it: from a resourceVersion, with bookmarks and a server-side
// timeout, read as newline-delimited JSON events until the server closes the stream or the signal aborts. The CSR
// client and the approver's caches (object-cache.ts) watch through it. Where plain-request.ts serves the connection,
// the GET is written and its body read by hand (plain-watch.ts); elsewhere through node:https and readline.
import { createInterface } from 'node:readline';
import { ConnectionError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeStream, streamError, type KubeRequest } from './http.js';
import { connectionError } from './net-error.js';
import { plainWatch, WatchLines } from './plain-watch.js';

/** An event of a watch; a 410 Gone (and any error the server ends a watch with) is an ERROR event. */
export type ObjectEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; status: number; message: string };

const WATCH_TIMEOUT_SECONDS = 300;

export async function* watchStream<T>(
  conn: Connection,
  path: string,
  query: { resourceVersion: string; fieldSelector?: string; labelSelector?: string },
  signal?: AbortSignal,
  onOpen?: () => void,
  /** What each object is handed on as (the CSR client's adds its kind). */
  shape: (object: T) => T = (object) => object,
): AsyncGenerator<ObjectEvent<T>> {
  const req: KubeRequest = {
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
  };
  const plain = await plainWatch(conn, req, signal);
  if (plain && !(plain instanceof WatchLines)) throw await streamError(conn, plain.status, plain.text);
  const res = plain ? undefined : await kubeStream(conn, req, signal);
  const lines = res && createInterface({ input: res, crlfDelay: Infinity });
  onOpen?.();
  try {
    if (plain) {
      // Its lines taken as they come, without a stream or an iterator between them and this generator.
      for (;;) {
        const line = plain.next();
        if (line === undefined) {
          if (plain.done()) break;
          await plain.arrival();
          continue;
        }
        const event = eventOf<T>(line, shape);
        if (event) yield event;
      }
    } else {
      for await (const line of lines!) {
        const event = eventOf<T>(line, shape);
        if (event) yield event;
      }
    }
  } catch (err) {
    // A stream cut by the server going away (ECONNRESET, "aborted") is a connection error like a refused one.
    if (signal?.aborted || conn.signal?.aborted || err instanceof SyntaxError || !(err instanceof Error)) throw err;
    throw err instanceof ConnectionError ? err : connectionError(conn.server, err);
  } finally {
    plain?.close();
    lines?.close();
    res?.destroy();
  }
}

/** A line of the stream as an event; undefined for a blank one. */
function eventOf<T>(line: string, shape: (object: T) => T): ObjectEvent<T> | undefined {
  if (line.trim() === '') return undefined;
  const event = JSON.parse(line) as { type: string; object: unknown };
  if (event.type === 'ERROR') {
    const status = event.object as { code?: number; message?: string } | null;
    return { type: 'ERROR', status: status?.code ?? 0, message: status?.message ?? 'watch error' };
  }
  return { type: event.type as 'ADDED', object: shape(event.object as T) };
}
