// A watch's GET written by hand on a kept TLS connection (tls-sockets.ts), its chunked body read by http1-answer.ts
// and split into lines here, for a connection that plain-request.ts serves: node:https's response, readline and their
// streams cost the approver's replicas more CPU per event than the TLS record and the JSON.parse together, and a storm
// gives each replica three events per CSR, one TLS record at a time (issue 25, BENCHMARKS.md "The watch's CPU per
// event"). Nothing else changes: the same bytes on the wire, no deadline on a watch, the signal ends it with an
// AbortError, a cut connection is the error node:https gave, and a non-2xx answer comes back whole for http.ts to
// turn into the same ApiError.
import { ConnectionError } from './api-error.js';
import type { Connection } from './connection.js';
import type { Answer } from './http1-answer.js';
import { connectionError } from './net-error.js';
import { plainBytes } from './plain-request.js';
import { abortError, endOnAbort } from './request-abort.js';
import type { KubeRequest } from './request-url.js';
import { exchange, type Exchange } from './tls-sockets.js';

/** A watch whose server answered 2xx: its body's lines as they arrive. */
export class WatchLines {
  private readonly lines: string[] = [];
  private taken = 0;
  /** The start of a line whose end has not come yet, copied out of the read buffer. */
  private partial: Buffer[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly sent: Exchange) {}

  /** The next line read, or undefined when none is waiting; throws once the connection failed and every line is taken. */
  next(): string | undefined {
    if (this.taken < this.lines.length) {
      const line = this.lines[this.taken++];
      if (this.taken === this.lines.length) {
        this.lines.length = 0;
        this.taken = 0;
      }
      return line;
    }
    if (this.failure) throw this.failure;
    return undefined;
  }

  /** Whether the server ended the body (its last chunk) and every line is taken. */
  done(): boolean {
    return this.ended && this.taken === this.lines.length && !this.failure;
  }

  /** Resolves when a line arrives, the body ends or the connection fails. */
  arrival(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Ends the watch from this side: its connection is closed (the server's stream goes nowhere else). */
  close(): void {
    this.sent.cancel(new Error('watch closed'));
  }

  /** The body's bytes, valid only during the call. Lines end at '\n'; a '\r' before it is JSON's whitespace. */
  readonly body = (bytes: Buffer): void => {
    let start = 0;
    for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
      if (this.partial.length === 0) {
        this.lines.push(bytes.toString('utf8', start, nl));
      } else {
        // Decoded whole: a character cut between two chunks is read as one.
        this.partial.push(bytes.subarray(start, nl));
        this.lines.push(Buffer.concat(this.partial).toString('utf8'));
        this.partial = [];
      }
      start = nl + 1;
    }
    if (start < bytes.length) this.partial.push(Buffer.from(bytes.subarray(start)));
    if (start > 0) this.woken();
  };

  /** The body ended: a last line without its newline is a line, as readline reads it. */
  end(): void {
    if (this.partial.length > 0) this.lines.push(Buffer.concat(this.partial).toString('utf8'));
    this.partial = [];
    this.ended = true;
    this.woken();
  }

  fail(err: Error): void {
    this.failure = err;
    this.woken();
  }

  private woken(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * Sends the watch's GET and waits for its answer's head: the lines of a 2xx, or a non-2xx answer read whole. null:
 * nothing was written (a connection plain-request.ts does not serve), and node:https sends it. Before the head, a
 * failure is thrown as node:https's would be (a ConnectionError, or an AbortError when a signal ended it).
 */
export async function plainWatch(conn: Connection, req: KubeRequest, signal?: AbortSignal): Promise<WatchLines | Answer | null> {
  const written = await plainBytes(conn, req);
  if (!written) return null;
  for (const s of [signal, conn.signal]) if (s?.aborted) throw abortError(s);
  let opened: (lines: WatchLines) => void;
  const head = new Promise<WatchLines>((resolve) => (opened = resolve));
  let lines: WatchLines | undefined;
  const sent = exchange(conn.server, written.origin, written.options, written.bytes, (status) => {
    if (status < 200 || status >= 300) return true;
    lines = new WatchLines(sent);
    opened(lines);
    return lines.body;
  }, true);
  // Once the head is read, a signal ends the watch as node:https's response says it: its body cut ('aborted').
  const end = { destroy: (err?: Error) => sent.cancel(lines ? Object.assign(new Error('aborted'), { code: 'ECONNRESET' }) : err!) };
  const forget = [signal, conn.signal].map((s) => s && endOnAbort(s, end));
  void sent.outcome.then(({ error }) => {
    for (const f of forget) f?.();
    if (!lines) return;
    if (error) lines.fail(error);
    else lines.end();
  });
  const first = await Promise.race([head, sent.outcome]);
  if (first instanceof WatchLines) return first;
  const { answer, error } = first;
  if (error) throw error instanceof ConnectionError || error.name === 'AbortError' ? error : connectionError(conn.server, error);
  return answer;
}
