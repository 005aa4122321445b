// inspect's warning for a certificate that expires soon (README "Renewal"): one line on stderr, the exit code unchanged.
import { humanDuration } from '../pki/duration.js';
import { expiresText } from './kubeconfig-view.js';

/** The warning text (without "warning: "), or null when the certificate is valid for longer than `withinMs`. */
export function expiryWarning(what: string, notAfter: Date, now: Date, withinMs: number): string | null {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return `${what} EXPIRED ${humanDuration(-left)} ago (${expiresText(notAfter)})`;
  if (left > withinMs) return null;
  return `${what} expires in ${humanDuration(left)} (${expiresText(notAfter)}), within ${humanDuration(withinMs)}`;
}
