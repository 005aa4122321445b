import { humanDuration } from './duration.js';

/** Past notAfter; a certificate is still valid at notAfter itself (RFC 5280 4.1.2.5: the period is inclusive). */
export function isExpired(notAfter: Date, now: Date): boolean {
  return now.getTime() > notAfter.getTime();
}

/** How long a certificate has left, or how long ago it ran out: "expires in 364d23h", "expired 2d3h ago". */
export function validityText(notAfter: Date, now: Date): string {
  const left = notAfter.getTime() - now.getTime();
  return isExpired(notAfter, now) ? `expired ${humanDuration(-left)} ago` : `expires in ${humanDuration(left)}`;
}
