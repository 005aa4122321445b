// Requests over one HTTP/2 connection per server and credentials, as client-go sends them (net/http negotiates h2
// by ALPN, and every request of a clientset is a stream of one connection). For the in-cluster approver (issue 25):
// a storm's 64 approvals in flight over 64 HTTP/1.1 keep-alive connections cost the approver a TLS record, a write
// and a read wake-up per request each; as streams of one connection, the frames of many requests share them.
// A server that does not offer h2 in ALPN is sent HTTP/1.1 from then on (`null`: the caller's path). Watches stay
// on HTTP/1.1 (watch-stream.ts): their bytes would share the connection's flow-control window with the answers.
import { connect as http2Connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { RequestOptions } from 'node:https';

/** An answer read whole. */
export interface H2Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The stream of a request, for a caller that ends it (a deadline, a signal): destroy(err) rejects the answer with err. */
export type H2Exchange = { stream: Pick<ClientHttp2Stream, 'destroy' | 'once'>; answer: Promise<H2Answer> };

/** Closed after this long without a stream, as kube-agent.ts's IDLE_MS: under the API server's own 90 s. */
const IDLE_MS = 60_000;

interface Entry {
  server: string;
  /** The session once ALPN chose h2; null when the server speaks only HTTP/1.1. */
  ready: Promise<ClientHttp2Session | null>;
  session?: ClientHttp2Session;
  streams: number;
  idle?: NodeJS.Timeout;
}

/** One per server URL and options object (connection.ts hands out the same object until the credentials are read again). */
const sessions = new Map<string, { options: RequestOptions; entry: Entry }>();
/** Servers that answered ALPN without h2: asked again only when the process starts again. */
const http1Only = new Set<string>();

/**
 * Sends the request as a stream of the server's HTTP/2 connection, made on first use; null when this server (or these
 * options) take HTTP/1.1: a proxy's agent, basic auth, or no h2 in the server's ALPN answer.
 */
export async function h2Request(server: string, options: RequestOptions, method: string, pathAndQuery: string, headers: OutgoingHttpHeaders, payload: string | undefined): Promise<H2Exchange | null> {
  if (options.agent !== undefined || options.auth !== undefined || http1Only.has(server)) return null;
  const session = await sessionFor(server, options);
  if (session === null) return null;
  const entry = sessions.get(server)!.entry;
  const stream = session.request({ ...headers, ':method': method, ':path': pathAndQuery }, { endStream: payload === undefined });
  started(entry);
  stream.once('close', () => ended(entry, session));
  const answer = new Promise<H2Answer>((resolve, reject) => {
    let head: IncomingHttpHeaders | undefined;
    const chunks: string[] = [];
    stream.setEncoding('utf8');
    stream.once('response', (h) => (head = h));
    stream.on('data', (c: string) => chunks.push(c));
    let settled = false;
    stream.once('end', () => {
      settled = true;
      if (head) resolve({ status: Number(head[':status']), headers: head, text: chunks.join('') });
      else reject(streamEnded(stream));
    });
    stream.once('error', (err: Error) => {
      settled = true;
      reject(err);
    });
    // A stream closed without 'end' or 'error' (RST_STREAM with NO_ERROR before an answer): still an outcome.
    stream.once('close', () => {
      if (!settled) reject(streamEnded(stream));
    });
  });
  if (payload !== undefined) stream.end(payload);
  return { stream, answer };
}

function streamEnded(stream: ClientHttp2Stream): Error {
  return Object.assign(new Error(`stream closed before an answer (HTTP/2 code ${stream.rstCode ?? 0})`), { code: 'ECONNRESET' });
}

async function sessionFor(server: string, options: RequestOptions): Promise<ClientHttp2Session | null> {
  const kept = sessions.get(server);
  const usable = kept && !(kept.entry.session?.closed || kept.entry.session?.destroyed);
  if (kept && usable && kept.options === options) return kept.entry.ready;
  // New credentials (a token file read again): the old connection finishes its streams and closes.
  if (kept) close(kept.entry);
  const entry: Entry = { server, ready: open(server, options), streams: 0 };
  sessions.set(server, { options, entry });
  entry.ready.then(
    (session) => {
      if (session === null) {
        http1Only.add(server);
        forget(server, entry);
        return;
      }
      entry.session = session;
      const drop = () => forget(server, entry);
      session.once('close', drop);
      session.once('goaway', drop);
      session.once('error', drop);
      session.unref(); // a stream in flight refs it (started)
      idleLater(entry);
    },
    () => forget(server, entry),
  );
  return entry.ready;
}

function forget(server: string, entry: Entry): void {
  if (sessions.get(server)?.entry === entry) sessions.delete(server);
}

/**
 * After a request timed out on it: no new stream goes to this connection (it may be a dead one that no error ends,
 * client-go's health-check pings find those); the streams on it go on until they end.
 */
export function retire(server: string): void {
  const kept = sessions.get(server);
  if (kept) close(kept.entry);
}

/** No new stream is given to it; it closes once its streams have ended. */
function close(entry: Entry): void {
  forget(entry.server, entry);
  clearTimeout(entry.idle);
  entry.ready.then((session) => session?.close(), () => undefined);
}

function started(entry: Entry): void {
  if (entry.streams++ === 0) {
    clearTimeout(entry.idle);
    entry.session?.ref();
  }
}

function ended(entry: Entry, session: ClientHttp2Session): void {
  if (--entry.streams === 0) {
    session.unref();
    idleLater(entry);
  }
}

function idleLater(entry: Entry): void {
  clearTimeout(entry.idle);
  entry.idle = setTimeout(() => close(entry), IDLE_MS);
  entry.idle.unref();
}

/** A TLS connection that offers h2 and HTTP/1.1; the session over it when the server chose h2. */
function open(server: string, options: RequestOptions): Promise<ClientHttp2Session | null> {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const tls: ConnectionOptions = {
    host,
    port: Number(url.port || 443),
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    passphrase: options.passphrase,
    pfx: options.pfx,
    rejectUnauthorized: options.rejectUnauthorized,
    // As node:https does: SNI with the host name, never an IP address, unless tls-server-name says otherwise.
    servername: options.servername ?? (isIP(host) ? undefined : host),
    ALPNProtocols: ['h2', 'http/1.1'],
  };
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(tls);
    const failed = (err: Error) => reject(err);
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.off('error', failed);
      if (socket.alpnProtocol !== 'h2') {
        socket.destroy();
        resolve(null);
        return;
      }
      const session = http2Connect(server, { createConnection: () => socket, settings: { enablePush: false } });
      // An error before the session is set up reaches its streams; after that, 'error' only drops it (sessionFor).
      session.on('error', () => {});
      resolve(session);
    });
  });
}

/** RST_STREAM's cancel, for a stream its caller gives up on. */
export const CANCEL = constants.NGHTTP2_CANCEL;
