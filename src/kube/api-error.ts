// Errors from talking to the API server, in kubectl's words so that users and scripts recognise them.
import { CliError, ExitCode } from '../errors.js';

/** A Status the server returned: `Error from server (NotFound): certificatesigningrequests... "x" not found`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly reason: string,
    serverMessage: string,
  ) {
    super(`Error from server (${reason}): ${serverMessage}`, ExitCode.error);
    this.name = 'ApiError';
  }
}

/** The server could not be reached or did not answer in time; the message names the server, as kubectl's do. */
export class ConnectionError extends CliError {
  constructor(
    message: string,
    exitCode: ExitCode = ExitCode.error,
    /** What went wrong, in a few words, for a count of faults by kind: "connection refused", "timeout". */
    readonly kind = 'connection error',
  ) {
    super(message, exitCode);
    this.name = 'ConnectionError';
  }
}

/**
 * RBAC or a Node answered 403 while the API server said it was not ready: its authorizer may not have loaded the
 * roles yet (issue 27), so the 403 says nothing about this identity. A fault, not a finding.
 */
export class NotReadyError extends CliError {
  readonly kind = '403 while not ready';

  constructor(forbidden: ApiError, readiness: string) {
    super(`${forbidden.message}, while the API server is not ready (/readyz: ${readiness})`);
    this.name = 'NotReadyError';
  }
}

/**
 * A read or write that failed without the server deciding anything about it: unreachable, timed out, overloaded
 * (429), failing (5xx), or refused while starting up. Worth another try later; never evidence for a decision.
 * A 401, 403, 404 or 409 is the server's answer, not a fault.
 */
export function isFault(err: unknown): boolean {
  return err instanceof ConnectionError || err instanceof NotReadyError || (err instanceof ApiError && (err.status === 429 || err.status >= 500));
}

/** A fault in a few words, to count faults by kind: "connection refused", "timeout", "503 ServiceUnavailable". */
export function faultKind(err: Error): string {
  if (err instanceof ApiError) return `${err.status} ${err.reason}`;
  return err instanceof ConnectionError || err instanceof NotReadyError ? err.kind : err.name;
}

/** apimachinery's StatusReason for a code, when the body is not a Status (pkg/api/errors/errors.go). */
export function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    406: 'NotAcceptable',
    409: 'Conflict',
    410: 'Expired',
    413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}

/** kubectl's words for a 401, whatever the body: "You must be logged in to the server (Unauthorized)". */
export class UnauthorizedError extends ApiError {
  /** Why, when we can tell (an expired client certificate): printed on the line after kubectl's words. */
  explanation?: string;

  constructor(detail: string) {
    super(401, 'Unauthorized', detail);
    this.message = `You must be logged in to the server (${detail})`;
    this.name = 'UnauthorizedError';
  }
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const s = body as { kind?: string; reason?: string; message?: string } | undefined;
  if (status === 401) return new UnauthorizedError(s && typeof s === 'object' && s.message && s.message !== 'Unauthorized' ? s.message : 'Unauthorized');
  if (s && typeof s === 'object' && s.kind === 'Status') {
    return new ApiError(status, s.reason || reasonForCode(status), s.message ?? `the server returned ${status}`);
  }
  // kubectl's words for a body that is not a Status (a 401 never gets here: it is UnauthorizedError above).
  const bare: Record<number, string> = {
    403: 'forbidden',
    404: 'the server could not find the requested resource',
    429: 'the server has received too many requests and has asked us to try again later',
    500: 'an error on the server has prevented the request from succeeding',
    503: 'the server is currently unable to handle the request',
  };
  const text = typeof body === 'string' && body.trim() !== '' && body.length < 300 ? body.trim() : undefined;
  return new ApiError(status, reasonForCode(status), text ?? bare[status] ?? `the server responded with status ${status}`);
}
