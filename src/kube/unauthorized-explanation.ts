// kubectl answers a 401 with "You must be logged in to the server (Unauthorized)" and nothing else; people then decode
// their certificate by hand. When the user authenticates with a client certificate that has expired or is not yet
// valid, the error carries one more line that says so: which user, since when, and the renew command (docs/commands.md "renew").
import { humanTime } from '../util/time-text.js';
import { readFile } from 'node:fs/promises';
import { parseCertificates } from '../pki/certificate.js';
import { humanDuration } from '../pki/duration.js';
import type { UnauthorizedError } from './api-error.js';
import type { Connection } from './connection.js';
import { shellWord } from '../util/shell-word.js';

/** The error, with `explanation` set when the client certificate is out of its validity. */
export async function explainUnauthorized(err: UnauthorizedError, conn: Connection, now = new Date()): Promise<UnauthorizedError> {
  const source = conn.clientCertificate;
  if (!source) return err;
  let notBefore: Date;
  let notAfter: Date;
  try {
    const pem = source.data !== undefined ? Buffer.from(source.data, 'base64').toString('utf8') : await readFile(source.file!, 'utf8');
    ({ notBefore, notAfter } = parseCertificates(pem)[0]!);
  } catch {
    return err; // an unreadable certificate never got this far; nothing more to say
  }
  const user = conn.userName ? `user "${conn.userName}"` : 'the user';
  const renew = source.kubeconfigFile
    ? `; renew it with: kubectl csr renew ${shellWord(source.kubeconfigFile)}${conn.userName ? ` --user ${shellWord(conn.userName)}` : ''} (as someone who may create CSRs)`
    : '';
  if (notAfter.getTime() <= now.getTime()) {
    err.explanation = `the client certificate of ${user} expired ${humanDuration(now.getTime() - notAfter.getTime())} ago (${humanTime(notAfter)})${renew}`;
  } else if (notBefore.getTime() > now.getTime()) {
    err.explanation =
      `the client certificate of ${user} is not valid until ${humanTime(notBefore)} (in ${humanDuration(notBefore.getTime() - now.getTime())}); ` +
      "is this machine's clock behind?";
  }
  return err;
}
