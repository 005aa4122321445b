// Waits for status.certificate with a watch (one GET, then events as they happen), not a polling loop, so the file
// is on disk moments after the signer writes it. A 410 Gone or a cut stream re-reads and watches again.
import { CliError, ExitCode } from '../../errors.js';
import { ApiError, ConnectionError } from '../../kube/api-error.js';
import type { CsrApi } from '../../kube/api.js';
import { findCondition, hasCondition, type Csr } from '../../kube/csr.js';
import { checkIssuedIdentity } from './issued-identity.js';
import type { Io } from '../../io.js';
import { parseCertificates } from '../../pki/certificate.js';
import type { DecodedCertificate } from '../../pki/types.js';
import { sleep } from '../../util/sleep.js';
import { startProgress, type WaitProgress } from './wait-progress.js';

export class NotIssuedError extends CliError {
  override name = 'NotIssuedError';
}

const RESUME_DELAY_MS = 250;

/** After this long Approved without a certificate, say that no signer may be running. */
export const HINT_AFTER_MS = 10_000;

/** The issued certificate, decoded once: the CSR, its PEM and the leaf (undefined when the PEM holds no certificate). */
export interface Issued {
  csr: Csr;
  pem: string;
  leaf: DecodedCertificate | undefined;
}

/** How a wait talks, and what its timeout tells the user to run. */
export interface WaitOptions {
  /** The command that picks the wait up again later (a fetch), printed with a timeout. */
  resume?: string;
}

/** waitForCertificate, with the certificate decoded, its progress and the no-signer hint on stderr: what request, fetch and renew wait with. */
export async function waitForIssued(client: CsrApi, name: string, timeoutMs: number, io: Io, opts: WaitOptions = {}): Promise<Issued> {
  const csr = await waitForCertificate(client, name, timeoutMs, io, opts);
  const pem = Buffer.from(csr.status!.certificate!, 'base64').toString('utf8');
  return { csr, pem, leaf: parseCertificates(pem)[0] };
}

/**
 * Returns the CSR once it carries a certificate for the identity requested; throws for Denied (exit 3), Failed (4),
 * the deadline (5, with the resume command) and a certificate for another identity (7). Says on stderr that it waits
 * (startProgress), and one line if the CSR sits Approved without a certificate for HINT_AFTER_MS.
 */
async function waitForCertificate(client: CsrApi, name: string, timeoutMs: number, io: Io, opts: WaitOptions): Promise<Csr> {
  try {
    const issued = await waitUntilSettled(client, name, timeoutMs, io);
    checkIssuedIdentity(issued);
    return issued;
  } catch (err) {
    if (err instanceof NotIssuedError && err.exitCode === ExitCode.timeout && opts.resume) {
      throw new NotIssuedError(`${err.message}; resume with: ${opts.resume}`, ExitCode.timeout);
    }
    throw err;
  }
}

async function waitUntilSettled(client: CsrApi, name: string, timeoutMs: number, io: Io): Promise<Csr> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  timer.unref?.();
  let lastSeen: Csr | undefined;
  let progress: WaitProgress | undefined;
  const hintTimer = setTimeout(() => {
    if (lastSeen && hasCondition(lastSeen, 'Approved') && !lastSeen.status?.certificate) {
      progress?.pause();
      io.stderr.write(noSignerHint(lastSeen));
    }
  }, HINT_AFTER_MS);
  hintTimer.unref?.();
  try {
    for (;;) {
      const csr = await client.get(name);
      lastSeen = csr;
      const settled = settledState(csr);
      if (settled) return settled;
      if (timeoutMs <= 0) throw new NotIssuedError(`certificate signing request "${name}" is ${state(csr)}; no certificate yet`, ExitCode.timeout);
      progress ??= startProgress(io, csr, timeoutMs);
      try {
        for await (const event of client.watch({ fieldSelector: `metadata.name=${name}`, resourceVersion: csr.metadata.resourceVersion ?? '0' }, deadline.signal)) {
          if (event.type === 'ERROR') break; // 410 Gone and friends: read again and watch from there
          if (event.type === 'DELETED') throw new CliError(`certificate signing request "${name}" was deleted while waiting`);
          if (event.type === 'BOOKMARK') continue;
          lastSeen = event.object;
          const done = settledState(event.object);
          if (done) return done;
          progress.seen(event.object);
        }
      } catch (err) {
        if (!deadline.signal.aborted) {
          // 410 Gone: the resourceVersion is too old; read again and watch from the new one.
          if (err instanceof ApiError && err.status === 410) continue;
          if (err instanceof CliError && !(err instanceof ConnectionError)) throw err;
          // The stream was cut: read again and carry on, after a breath so that a flapping server is not hammered.
          await sleep(RESUME_DELAY_MS);
          continue;
        }
      }
      if (deadline.signal.aborted) {
        const last = await client.get(name);
        const done = settledState(last);
        if (done) return done;
        throw new NotIssuedError(`timed out after ${timeoutMs / 1000}s waiting for the certificate of "${name}" (it is ${state(last)})`, ExitCode.timeout);
      }
    }
  } finally {
    progress?.stop();
    clearTimeout(timer);
    clearTimeout(hintTimer);
  }
}

function noSignerHint(csr: Csr): string {
  return (
    `certificate signing request "${csr.metadata.name}" is Approved but not issued after ${HINT_AFTER_MS / 1000}s: ` +
    `is a signer running for ${csr.spec.signerName}? (managed clusters such as EKS never sign kubernetes.io/kube-apiserver-client)\n`
  );
}

function settledState(csr: Csr): Csr | null {
  const name = csr.metadata.name;
  if (csr.status?.certificate) return csr;
  if (hasCondition(csr, 'Denied')) {
    const c = findCondition(csr, 'Denied')!;
    throw new NotIssuedError(`certificate signing request "${name}" is Denied${because(c.reason, c.message)}`, ExitCode.denied);
  }
  if (hasCondition(csr, 'Failed')) {
    const c = findCondition(csr, 'Failed')!;
    throw new NotIssuedError(`certificate signing request "${name}" Failed${because(c.reason, c.message)}`, ExitCode.failed);
  }
  return null;
}

function state(csr: Csr): string {
  return hasCondition(csr, 'Approved') ? 'Approved' : 'Pending';
}

function because(reason?: string, message?: string): string {
  const parts = [reason, message].filter(Boolean);
  return parts.length ? ` (${parts.join(': ')})` : '';
}
