// A GET of one JSON document straight over a TLS socket, for the pages of `list` (issue 26): node:https and its HTTP
// machinery cost a bare Node.js script 18 M of the 161 M instructions of one such GET (callgrind, main thread), more
// than any other part of `list --signer none` that was left. Only the plain case is read here: an answer framed by
// Content-Length or chunked, to a user whose credentials are files and flags, without a proxy, a deadline or a trace.
// Anything else (a refused connection, a certificate that does not verify, a body cut short, a framing it does not
// read) answers undefined, and the caller asks again through http.ts, which reports it in kubectl's words and retries
// as client-go does: the same outcome, one request later. An answer read whole that is not a 2xx (a 403, a 429) is
// handed to http.ts as its first attempt (kubeText's `answered`), not asked for again: one GET in the audit log.
import { connect, type TLSSocket } from 'node:tls';
import type { RequestOptions } from 'node:https';
import type { Connection } from './connection.js';
import type { Answer } from './http.js';
import { urlFor, USER_AGENT, type KubeRequest } from './request-url.js';

/** Whether plainGet() may serve this connection at all. */
export function plainGetServes(conn: Connection): boolean {
  return conn.plainCredentials === true && !conn.trace && conn.requestTimeoutMs === null && !conn.requests && !conn.proxyUrl;
}

/** The answer to the GET, read whole, or undefined: ask again through http.ts. */
export async function plainGet(conn: Connection, req: KubeRequest & { method: 'GET' }): Promise<Answer | undefined> {
  if (!plainGetServes(conn) || conn.signal?.aborted) return undefined;
  const options = await conn.httpsOptions();
  if (options.agent) return undefined;
  const url = urlFor(conn, req);
  const head = requestHead(url, options, req.accept ?? 'application/json');
  if (head === undefined) return undefined;
  const socket = idleSocket(conn.server, options) ?? openSocket(url, options);
  return exchange(socket, head, conn.signal).then((read) => {
    if (read?.reusable) keepIdle(conn.server, options, socket);
    else socket.destroy();
    return read?.answer;
  });
}

/** The request line and headers, as node:https would send them; undefined for options it does not know. */
function requestHead(url: URL, options: RequestOptions, accept: string): string | undefined {
  const headers: [string, string][] = [['Host', url.host]];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const one of [value ?? []].flat()) headers.push([name, String(one)]);
  }
  if (options.auth) headers.push(['Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`]);
  headers.push(['Accept', accept], ['User-Agent', USER_AGENT]);
  // A header that would need escaping, or would split the request, is left to node:https, which refuses it.
  if (headers.some(([name, value]) => /[^\x21-\x7e]/.test(name) || /[^\x20-\x7e\t]/.test(value))) return undefined;
  return `GET ${url.pathname}${url.search} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

/** A TLS connection with the options http.ts's agent gives tls.connect: the same trust, certificate and server name. */
function openSocket(url: URL, options: RequestOptions): TLSSocket {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const { ca, cert, key, passphrase, servername, rejectUnauthorized } = options;
  return connect({ host, port: Number(url.port || 443), ca, cert, key, passphrase, servername, rejectUnauthorized });
}

interface ReadAnswer {
  answer: Answer;
  /** The server keeps the connection open for another request. */
  reusable: boolean;
}

/**
 * Writes the request and reads the answer; undefined for anything but a whole answer. The body's bytes are kept as
 * they arrive and decoded once it is whole: decoded a chunk at a time (as http.ts does), a page of 500 CSRs was a
 * megabyte of strings in V8's young generation, copied by each scavenge while the page was read and making the young
 * generation grow; bytes are held outside V8's heap.
 */
function exchange(socket: TLSSocket, head: string, signal: AbortSignal | undefined): Promise<ReadAnswer | undefined> {
  return new Promise((resolve) => {
    const reader = new AnswerReader();
    const done = (answer: ReadAnswer | undefined) => {
      socket.off('data', onData).off('error', onFail).off('close', onClose);
      signal?.removeEventListener('abort', onFail);
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      const state = reader.read(chunk);
      if (state === 'failed') done(undefined);
      else if (state === 'done') done(reader.answer());
    };
    // Only a connection the server closed cleanly ends a body framed by its close; an error or an abort cuts it short.
    const onFail = () => done(undefined);
    const onClose = (hadError: boolean) => done(hadError ? undefined : reader.endOfStream());
    socket.on('data', onData).on('error', onFail).on('close', onClose);
    signal?.addEventListener('abort', onFail, { once: true });
    socket.write(head);
  });
}

/** Reads an HTTP/1.1 answer as its bytes arrive: status line and headers, then a body of Content-Length or chunks. */
class AnswerReader {
  private head: Buffer = Buffer.alloc(0);
  private status = 0;
  private retryAfter: string | undefined;
  private keepAlive = true;
  private framing: { kind: 'length'; left: number } | { kind: 'chunked'; left: number; line: string; after: 'size' | 'data' | 'crlf' | 'trailer' } | { kind: 'close' } | undefined;
  private readonly body: Buffer[] = [];
  private complete = false;

  read(chunk: Buffer): 'more' | 'done' | 'failed' {
    if (this.complete) return 'failed'; // bytes after the answer: not a connection to use again
    let body = chunk;
    if (this.framing === undefined) {
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) return this.head.length > 64 * 1024 ? 'failed' : 'more';
      if (!this.readHead(this.head.toString('latin1', 0, end))) return 'failed';
      body = this.head.subarray(end + 4);
      this.head = Buffer.alloc(0);
    }
    return this.readBody(body);
  }

  /** What the answer is once the connection ends: whole only when its body ran to the end of the stream. */
  endOfStream(): ReadAnswer | undefined {
    if (this.complete) return this.answer();
    if (this.framing?.kind !== 'close') return undefined;
    this.finish();
    this.keepAlive = false;
    return this.answer();
  }

  answer(): ReadAnswer | undefined {
    if (!this.complete) return undefined;
    // As a streaming TextDecoder reads the same bytes: a byte order mark is kept, and bad sequences become U+FFFD.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(this.body));
    return { answer: { status: this.status, retryAfter: this.retryAfter, text }, reusable: this.keepAlive };
  }

  private readHead(head: string): boolean {
    const [statusLine, ...lines] = head.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine!);
    if (!status) return false;
    this.status = Number(status[1]);
    // 1xx, 204, 205 and 304 have no body to wait for; no list answers with them.
    if (this.status < 200 || this.status === 204 || this.status === 205 || this.status === 304) return false;
    let length: number | undefined;
    let chunked = false;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return false;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) return false;
        length = Number(value);
      } else if (name === 'transfer-encoding') {
        if (value !== 'chunked') return false;
        chunked = true;
      } else if (name === 'connection' && value.split(',').some((v) => v.trim() === 'close')) {
        this.keepAlive = false;
      } else if (name === 'content-encoding' && value !== 'identity') {
        return false;
      } else if (name === 'retry-after') {
        this.retryAfter ??= line.slice(colon + 1).trim();
      }
    }
    if (head.startsWith('HTTP/1.0')) this.keepAlive = false;
    if (chunked) this.framing = { kind: 'chunked', left: 0, line: '', after: 'size' };
    else if (length !== undefined) this.framing = { kind: 'length', left: length };
    else this.framing = { kind: 'close' };
    return true;
  }

  private readBody(bytes: Buffer): 'more' | 'done' | 'failed' {
    const framing = this.framing!;
    if (framing.kind === 'close') {
      this.keep(bytes);
      return 'more';
    }
    if (framing.kind === 'length') {
      if (bytes.length > framing.left) return 'failed';
      this.keep(bytes);
      framing.left -= bytes.length;
      return framing.left === 0 ? this.finish() : 'more';
    }
    let at = 0;
    while (at < bytes.length) {
      if (framing.after === 'data') {
        const take = Math.min(framing.left, bytes.length - at);
        this.keep(bytes.subarray(at, at + take));
        at += take;
        framing.left -= take;
        if (framing.left === 0) framing.after = 'crlf';
        continue;
      }
      // A size line, the CRLF after a chunk's data, or the trailer: lines, read a byte at a time (they are short).
      const byte = bytes[at++]!;
      framing.line += String.fromCharCode(byte);
      if (framing.line.length > 4096) return 'failed';
      if (!framing.line.endsWith('\r\n')) continue;
      const line = framing.line.slice(0, -2);
      framing.line = '';
      if (framing.after === 'crlf') {
        if (line !== '') return 'failed';
        framing.after = 'size';
      } else if (framing.after === 'size') {
        const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(line);
        if (!size) return 'failed';
        framing.left = parseInt(size[1]!, 16);
        framing.after = framing.left === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        return at === bytes.length ? this.finish() : 'failed';
      }
    }
    return 'more';
  }

  private keep(bytes: Buffer): void {
    if (bytes.length > 0) this.body.push(bytes);
  }

  private finish(): 'done' {
    this.complete = true;
    return 'done';
  }
}

/** One connection left open after a page, for the next page of the same list (the server keeps it 90 s). */
let idle: { server: string; options: RequestOptions; socket: TLSSocket } | undefined;

function idleSocket(server: string, options: RequestOptions): TLSSocket | undefined {
  const kept = idle;
  if (!kept || kept.server !== server || kept.options !== options || kept.socket.destroyed) return undefined;
  idle = undefined;
  kept.socket.ref();
  kept.socket.off('error', forget).off('close', forget);
  return kept.socket;
}

/** Kept without holding the process open, and forgotten when the server closes it. */
function keepIdle(server: string, options: RequestOptions, socket: TLSSocket): void {
  idle?.socket.destroy();
  idle = { server, options, socket };
  socket.unref();
  socket.on('error', forget).on('close', forget);
}

function forget(this: TLSSocket): void {
  if (idle?.socket === this) idle = undefined;
  this.destroy();
}
