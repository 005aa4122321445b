// The duration flags (--timeout, --duration, --max-duration, --expiring-within, --if-expiring-within): one reading,
// kubectl's (Go's time.ParseDuration and a day unit), and one message for a value that is not a duration.
import { UsageError } from '../../errors.js';
import { MIN_EXPIRATION_SECONDS } from '../../kube/signers.js';
import { parseDuration } from '../../util/go-duration.js';

/** The flag's value in milliseconds, or a usage error naming the flag. */
export function durationFlag(flag: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new UsageError(`invalid --${flag} "${value}": use a duration like 90s, 30m, 24h or 30d`);
  return ms;
}

/** --duration, as spec.expirationSeconds: at least the API server's minimum, at most what an int32 holds. */
export function expirationFlag(value: string): number {
  const seconds = Math.floor(durationFlag('duration', value) / 1000);
  if (seconds < MIN_EXPIRATION_SECONDS) throw new UsageError(`--duration ${value} is less than the API server's minimum of 600 seconds (10 minutes)`);
  if (seconds > 2 ** 31 - 1) throw new UsageError(`--duration ${value} is too long`);
  return seconds;
}
