import { humanDuration } from './duration.js';

/** How long a certificate has left, or how long ago it ran out: "expires in 364d23h", "expired 2d3h ago". */
export function validityText(notAfter: Date, now: Date): string {
  const left = notAfter.getTime() - now.getTime();
  return left >= 0 ? `expires in ${humanDuration(left)}` : `expired ${humanDuration(-left)} ago`;
}
