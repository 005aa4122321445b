import { humanDuration } from './duration.js';

/** Past notAfter; a certificate is still valid at notAfter itself (RFC 5280 4.1.2.5: the period is inclusive). */
export function isExpired(notAfter: Date, now: Date): boolean {
  return now.getTime() > notAfter.getTime();
}

/** Before notBefore: a signer whose clock is ahead, or a certificate made to start later; not valid either way. */
export function isNotYetValid(notBefore: Date, now: Date): boolean {
  return now.getTime() < notBefore.getTime();
}

/**
 * How long a certificate has left, or how long ago it ran out: "expires in 364d23h", "expired 2d3h ago"; given
 * notBefore, a certificate that has not started says so ("not valid for another 4y") instead of counting its expiry.
 */
export function validityText(notAfter: Date, now: Date, notBefore?: Date): string {
  if (notBefore && isNotYetValid(notBefore, now)) return `not valid for another ${humanDuration(notBefore.getTime() - now.getTime())}`;
  const left = notAfter.getTime() - now.getTime();
  return isExpired(notAfter, now) ? `expired ${humanDuration(-left)} ago` : `expires in ${humanDuration(left)}`;
}
