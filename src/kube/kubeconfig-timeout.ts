// --request-timeout as kubectl reads it (clientcmd.ParseTimeout): a bare integer is seconds, anything else is a Go
// duration (time.ParseDuration: "30s", "1m30s", "1.5h", "250ms").
import { KubeconfigError } from './kubeconfig-error.js';

const INVALID =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/** Milliseconds per unit of time.ParseDuration; both spellings of micro (U+00B5, U+03BC) as Go accepts them. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

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

/** time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a plain "0"; undefined when not a duration. */
function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const term = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (rest !== '') {
    const m = term.exec(rest);
    if (!m) return undefined;
    const [all, whole = '', fraction = '', unit = ''] = m;
    if (whole === '' && fraction === '') return undefined; // ".s" has no digits
    const perUnit = UNIT_MS[unit];
    if (perUnit === undefined) return undefined;
    total += Number(`${whole || '0'}.${fraction || '0'}`) * perUnit;
    rest = rest.slice(all.length);
  }
  return sign * total;
}
