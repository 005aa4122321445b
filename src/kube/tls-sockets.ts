// Keep-alive TLS connections to the API server for the requests written on them by hand (plain-get.ts,
// plain-request.ts, plain-watch.ts), and one exchange on such a connection: the request's bytes in one write, the
// answer read by http1-answer.ts (a watch's body handed on as it arrives). Kept as kube-agent.ts keeps node:https's: free for IDLE_MS (less where the server says so), the
// most recently used taken first, without holding the process open, and closed when the server closes them. Each
// connection's listeners are set once, when it opens, and serve whichever exchange holds it: adding and removing
// them per request was a part of what Node's agent cost the approver's approval PUT (issue 25).
import { isIP, type OnReadOpts } from 'node:net';
import type { RequestOptions } from 'node:https';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { AnswerReader, type BodyUse, type ReadAnswer } from './http1-answer.js';
import { defaultTrustChanges } from './tls-trust.js';

/** Idle connections are closed after this: as client-go's keep-alive (90 s) would, less a margin under the server's. */
export const IDLE_MS = 60_000;
/** Node's Agent default: TCP keep-alive probes after a second idle. */
export const KEEP_ALIVE_PROBE_MS = 1000;
/** Node's Agent.agentKeepAliveTimeoutBuffer: a server's Keep-Alive timeout less this, so that it does not close first. */
export const SERVER_HINT_MARGIN_MS = 1000;
/** Node's Agent maxFreeSockets. */
const MAX_FREE = 256;

/** How an exchange ended: the answer read whole, or the error Node's http client would have met. */
export type Outcome = { answer: ReadAnswer['answer']; error?: undefined } | { answer?: undefined; error: Error };

/** One request in flight on a connection; cancel() ends it with that error and closes the connection. */
export interface Exchange {
  outcome: Promise<Outcome>;
  cancel(err: Error): void;
}

interface Holder {
  data(chunk: Buffer): void;
  error(err: Error): void;
  close(): void;
}

/** A connection and whatever holds it now; none while it is free. */
class Kept {
  holder: Holder | undefined;
  idleMs = IDLE_MS;

  readonly socket: TLSSocket;

  constructor(
    url: URL,
    options: RequestOptions,
    readonly pool: Kept[],
  ) {
    const socket = open(url, options, (chunk) => (this.holder ? this.holder.data(chunk) : this.socket.destroy()));
    this.socket = socket;
    socket.on('error', (err: Error) => this.holder?.error(err));
    socket.on('close', () => (this.holder ? this.holder.close() : this.leave()));
    // Armed once and left running, refreshed by reads and writes; a connection under a request has its deadline.
    socket.on('timeout', () => this.holder || socket.destroy());
    socket.setTimeout(IDLE_MS);
  }

  leave(): void {
    const at = this.pool.indexOf(this);
    if (at >= 0) this.pool.splice(at, 1);
  }
}

/** The free connections of each server and TLS options. */
const pools = new Map<string, Kept[]>();
/** A pool's name for each options object (connection.ts keeps one for FILE_REREAD_MS): what makes two connections alike. */
const names = new WeakMap<RequestOptions, string>();

function poolName(server: string, options: RequestOptions): string {
  let name = names.get(options);
  if (name === undefined) {
    const { ca, cert, key, passphrase, servername, rejectUnauthorized } = options;
    name = JSON.stringify([server, pemText(ca), pemText(cert), pemText(key), passphrase ?? '', servername ?? null, rejectUnauthorized ?? null, defaultTrustChanges()]);
    names.set(options, name);
  }
  return name;
}

/** A `ca`, `cert` or `key` option as text: a string, a Buffer, or a list of them (a key's may be an object). */
function pemText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(pemText).join('\n');
  return typeof value === 'string' || Buffer.isBuffer(value) ? value.toString() : JSON.stringify(value);
}

/**
 * Writes `bytes` on a free connection to url's server (one opened if none is free) and reads the answer; the
 * connection is kept for the next request when the answer leaves it fit. keepBody: as AnswerReader's; lasting: a watch's answer.
 */
export function exchange(server: string, url: URL, options: RequestOptions, bytes: string, keepBody: (status: number) => BodyUse, lasting = false): Exchange {
  const name = poolName(server, options);
  let free = pools.get(name);
  if (!free) {
    free = [];
    pools.set(name, free);
  }
  let kept = free.pop();
  // One the server has closed, and whose close is not yet seen: not used again.
  while (kept && (kept.socket.destroyed || !kept.socket.writable)) {
    kept.socket.destroy();
    kept = free.pop();
  }
  kept ??= new Kept(url, options, free);
  // An answer that lasts (a watch's) does not refresh the idle timer with each read, a part of a watch's CPU per
  // event: the timer does nothing while the connection is held, and keep() arms it again.
  if (lasting && kept.socket.timeout) kept.socket.setTimeout(0);
  return begin(kept, bytes, new AnswerReader(keepBody));
}

function begin(kept: Kept, bytes: string, reader: AnswerReader): Exchange {
  const { socket } = kept;
  let settle!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const end = (result: Outcome, fit: boolean) => {
    if (kept.holder !== holder) return;
    kept.holder = undefined;
    if (fit) keep(kept);
    else socket.destroy();
    settle(result);
  };
  const failed = (err: Error) => end({ error: err }, false);
  const whole = (read: ReadAnswer) => {
    // As kube-agent.ts's keepSocketAlive: the idle time of each answer's Keep-Alive hint, or IDLE_MS without one.
    kept.idleMs = read.keepAliveSeconds === undefined ? IDLE_MS : Math.min(IDLE_MS, read.keepAliveSeconds * 1000 - SERVER_HINT_MARGIN_MS);
    end({ answer: read.answer }, read.reusable && kept.idleMs > 0);
  };
  const holder: Holder = {
    data(chunk) {
      const state = reader.read(chunk);
      if (state === 'done') whole(reader.answer()!);
      else if (state === 'failed') failed(parseError(reader.failure));
    },
    // As Node's http client: a socket error before the answer's head is the request's; after it, the body was cut.
    error: (err) => failed(reader.headRead ? reset('aborted') : err),
    close() {
      const read = reader.endOfStream();
      if (read) whole(read);
      else failed(reset(reader.headRead ? 'aborted' : 'socket hang up'));
    },
  };
  kept.holder = holder;
  socket.ref();
  socket.write(bytes);
  return { outcome, cancel: failed };
}

/** Back to the free connections, the most recently used taken first; its idle timer already runs. */
function keep(kept: Kept): void {
  const { socket } = kept;
  const free = kept.pool;
  if (free.length >= MAX_FREE) {
    socket.destroy();
    return;
  }
  socket.unref();
  if (socket.timeout !== kept.idleMs) socket.setTimeout(kept.idleMs);
  free.push(kept);
}

/**
 * What every connection reads into (`onread`): an answer is read as it arrives, and what is kept of it copied, so one
 * buffer serves them all, and the bytes skip the stream's machinery (a Buffer, a push and a 'data' event per read).
 */
let readBuffer: Buffer | undefined;

/**
 * A TLS connection with the options node:https's agent gives tls.connect: the same trust, certificate and server name.
 * `read` gets each read's bytes, valid only until it returns.
 */
function open(url: URL, options: RequestOptions, read: (chunk: Buffer) => void): TLSSocket {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const { ca, cert, key, passphrase, rejectUnauthorized } = options;
  // As the agent names the server (calculateServerName): no SNI for an IP address.
  const servername = options.servername ?? (isIP(host) ? '' : host);
  const buffer = (readBuffer ??= Buffer.allocUnsafe(64 * 1024));
  // tls.connect's documented `onread` (as net.Socket's), absent from its types.
  const onread: OnReadOpts = {
    buffer,
    callback: (n, into) => {
      read((into as Buffer).subarray(0, n));
      return true; // read on
    },
  };
  const socket = connect({ host, port: Number(url.port || 443), ca, cert, key, passphrase, servername, rejectUnauthorized, onread } as ConnectionOptions);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_PROBE_MS);
  return socket;
}

/** Node's connResetException: what its http client says of a connection that ends before the answer is whole. */
function reset(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

/** As Node's http client says of an answer its parser does not take. */
function parseError(why: string): Error {
  return Object.assign(new Error(`Parse Error: ${why}`), { code: 'HPE_INVALID' });
}
