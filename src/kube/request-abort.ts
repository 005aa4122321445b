// A connection's signal (a watcher's scope, issue 27) ends every request made over it, whichever way it is sent
// (http.ts over node:https or HTTP/2, plain-request.ts on a kept TLS socket), with one listener per signal: Node's
// `signal` option adds an abort listener and an end-of-stream watch to each request, 3% of the approver's CPU in a storm.

/** What a signal ends: destroyed with an AbortError, as Node's `signal` option destroys a request. */
export interface Ending {
  destroy(err?: Error): unknown;
}

/** A request of either node:https transport, which says when it is over. */
type Abortable = Ending & { once(event: 'close', listener: () => void): unknown };

/** The requests in flight under each signal, ended together when it aborts. */
const underSignal = new WeakMap<AbortSignal, Set<Ending>>();

/** Ends the request when the signal aborts (at once if it has); returns what forgets it once it is over. */
export function endOnAbort(signal: AbortSignal, r: Ending): () => void {
  if (signal.aborted) {
    r.destroy(abortError(signal));
    return () => {};
  }
  let live = underSignal.get(signal);
  if (!live) {
    const requests = new Set<Ending>();
    underSignal.set(signal, requests);
    signal.addEventListener('abort', () => {
      for (const request of requests) request.destroy(abortError(signal));
      requests.clear();
    }, { once: true });
    live = requests;
  }
  const requests = live;
  requests.add(r);
  return () => requests.delete(r);
}

/** endOnAbort for a request that says when it is over. */
export function abortOnSignal(signal: AbortSignal, r: Abortable): void {
  if (!signal.aborted) r.once('close', endOnAbort(signal, r));
  else endOnAbort(signal, r);
}

export function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}
