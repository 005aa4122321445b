// --request-timeout as kubectl reads it (clientcmd.ParseTimeout): a bare integer is seconds, anything else is a Go
// duration (time.ParseDuration: "30s", "1m30s", "1.5h", "250ms").
import { parseGoDuration } from '../util/go-duration.js';
import { KubeconfigError } from './kubeconfig-error.js';

const INVALID =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/**
 * The timeout in milliseconds, or null for none. Zero and an empty value mean none; so does a negative duration
 * ("-1s"), because Go's http.Client only applies a Timeout greater than zero. A non-zero duration below one
 * millisecond rounds up to 1, never down to "none".
 */
export function parseRequestTimeout(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = /^\+?\d+$/.test(value) ? Number(value.replace('+', '')) * 1_000 : parseGoDuration(value);
  if (ms === undefined) throw new KubeconfigError(INVALID);
  return ms > 0 ? Math.ceil(ms) : null;
}
