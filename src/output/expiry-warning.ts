// inspect's warning for a certificate that expires soon (docs/commands.md "Renewal"): one line on stderr, the exit code unchanged.
// "Soon" is relative to the certificate's lifetime, as kubelet's rotation is: client-go's certificate manager renews
// at a random point between 70% and 90% of NotBefore..NotAfter (util/certificate/certificate_manager.go,
// jitteryDuration), so a fresh 24h certificate is quiet and one past 70% of its life warns (issue 23 item 3).
import { humanDuration } from '../pki/duration.js';
import { humanTime } from '../util/time-text.js';

/** Where kubelet starts to rotate: the share of the lifetime after which a certificate warns. */
const ROTATION_STARTS = 0.7;
/** The default warning window, for certificates whose last 30% is longer (a year's, a CA's). */
export const DEFAULT_EXPIRING_WITHIN_MS = 30 * 24 * 3600_000;

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/**
 * The warning text (without "warning: "), or null while the certificate is valid for longer than its window: the
 * last 30% of its lifetime, at most 30 days; or exactly `withinMs` when --expiring-within says so.
 */
export function expiryWarning(what: string, validity: Validity, now: Date, withinMs: number | null): string | null {
  const { notBefore, notAfter } = validity;
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return `${what} EXPIRED ${humanDuration(-left)} ago (${humanTime(notAfter)})`;
  const lifetime = notAfter.getTime() - notBefore.getTime();
  const lastPart = lifetime * (1 - ROTATION_STARTS);
  if (withinMs === null && lastPart < DEFAULT_EXPIRING_WITHIN_MS) {
    if (left > lastPart) return null;
    const share = Math.max(1, Math.floor((left / lifetime) * 100));
    return `${what} expires in ${humanDuration(left)} (${humanTime(notAfter)}), with ${share}% of its ${humanDuration(lifetime)} lifetime left`;
  }
  const window = withinMs ?? DEFAULT_EXPIRING_WITHIN_MS;
  if (left > window) return null;
  return `${what} expires in ${humanDuration(left)} (${humanTime(notAfter)}), within ${humanDuration(window)}`;
}

/** A certificate whose NotBefore is still to come is not valid now, however far its NotAfter is ("expires in 4y" misled). */
export function notYetValidWarning(what: string, notBefore: Date, now: Date): string {
  return `${what} is NOT VALID YET: not valid until ${humanTime(notBefore)} (in ${humanDuration(notBefore.getTime() - now.getTime())})`;
}
