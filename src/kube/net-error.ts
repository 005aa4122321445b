// A request that the server did not answer, in kubectl's words: a socket or TLS error, a deadline passed. Apart from
// http.ts, which loads node:https: the requests written by hand on a TLS socket (plain-request.ts) say the same.
import { ExitCode } from '../errors.js';
import { ConnectionError } from './api-error.js';

/** --request-timeout passed, as client-go says it (a deadline for the whole request, as Go's http.Client.Timeout). */
export function deadlineError(server: string, timeoutMs: number): ConnectionError {
  return new ConnectionError(`Unable to connect to the server ${server}: context deadline exceeded (--request-timeout=${timeoutMs / 1000}s)`, ExitCode.timeout, 'timeout');
}

/** An HTTP/2 stream or connection ended under a request (GOAWAY, RST_STREAM, the session gone): as a reset socket. */
const HTTP2_RESETS = new Set(['ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_STREAM_CANCEL']);

/** A socket or TLS error as a ConnectionError in kubectl's words, with its kind for a count of faults. */
export function connectionError(server: string, err: Error): ConnectionError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const kind =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ECONNRESET' || code === 'EPIPE' || err.message === 'aborted' || code === 'ERR_STREAM_PREMATURE_CLOSE' || HTTP2_RESETS.has(code)
        ? 'connection reset'
        : code === 'ETIMEDOUT'
          ? 'timeout'
          : 'connection error';
  return new ConnectionError(describeNetError(server, err), ExitCode.error, kind);
}

/** Node's TLS and socket errors in kubectl's words, naming the server. */
export function describeNetError(server: string, err: Error): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const host = new URL(server).host;
  if (code === 'ECONNREFUSED') return `The connection to the server ${host} was refused - did you specify the right host or port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Unable to connect to the server ${server}: no such host`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `Unable to connect to the server ${server}: tls: failed to verify certificate: ${err.message} (check the cluster's certificate-authority)`;
  }
  return `Unable to connect to the server ${server}: ${err.message}`;
}
