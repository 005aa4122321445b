// fetch NAME: the issued certificate to a file (what `kubectl get csr NAME -o jsonpath='{.status.certificate}' |
// base64 -d > user.crt` does by hand), waiting for it when it is not there yet, and optionally a kubeconfig.
import { CliError, ExitCode, UsageError, warningLine } from '../errors.js';
import type { Io } from '../io.js';
import { dirname, join } from 'node:path';
import { ensureAbsent } from '../util/write-file-safely.js';
import { checkRoom } from '../util/room-check.js';
import type { DecodedCertificate } from '../pki/types.js';
import { certificateMatchesKey } from '../pki/match.js';
import { privateKeyToPem } from '../pki/private-key.js';
import { publicKeyOf } from '../pki/public-key.js';
import { csrNameFromArgument } from '../kube/object-name.js';
import { loadKey, writeCertificate, writeKubeconfig } from './shared/credentials.js';
import { caSource } from './shared/ca-source.js';
import { endpointToWrite } from './shared/kubeconfig-ca.js';
import { waitForIssued } from './shared/wait-for-certificate.js';
import { fetchCommandLine } from './shared/resume-command.js';
import { durationFlag } from './shared/duration-flag.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { FETCH } from './fetch-flags.js';

type FetchArgv = ArgvOf<typeof FETCH.flags>;

export function complete(a: FetchArgv) {
  const name = csrNameFromArgument(a.name); // also what keeps the default NAME.crt in this directory
  const timeoutMs = durationFlag('timeout', a.timeout);
  if (a.kubeconfigOut && !a.key) throw new UsageError('--kubeconfig-out needs --key, the private key the request was made with');
  /** out "-" writes the PEM to stdout. */
  return { options: { ...a, name, out: a.out ?? `${name}.crt`, timeoutMs, key: a.key ?? null, kubeconfigOut: a.kubeconfigOut ?? null, caFrom: caSource(a.caFrom, a.kubeconfigOut) } };
}

type FetchOptions = ReturnType<typeof complete>['options'];

export async function run(opts: FetchOptions, deps: RunDeps): Promise<ExitCode> {
  if (opts.out !== '-') await ensureAbsent(opts.out, 'certificate', opts.overwrite);
  if (opts.kubeconfigOut) await ensureAbsent(opts.kubeconfigOut, 'kubeconfig', opts.overwrite);
  await checkRoom(
    [...(opts.out !== '-' ? [{ path: opts.out, size: 16_384, what: 'certificate' }] : []), ...(opts.kubeconfigOut ? [{ path: opts.kubeconfigOut, size: 32_768, what: 'kubeconfig' }] : [])],
    'nothing was written',
  );
  const key = opts.key ? await loadKey(opts.key) : null;
  const { client, connection, certificates } = await deps.api();
  const endpoint = opts.kubeconfigOut ? await endpointToWrite(opts.caFrom, connection, certificates, deps.io) : connection;
  const resume = fetchCommandLine({ name: opts.name, key: opts.key, out: opts.out, kubeconfigOut: opts.kubeconfigOut });
  const { pem, leaf } = await waitForIssued(client, opts.name, opts.timeoutMs, deps.io, { resume });
  if (key && (!leaf || !certificateMatchesKey(leaf, publicKeyOf(key)))) {
    throw new CliError(`${opts.key}: this key does not match the certificate of "${opts.name}"`);
  }
  if (!opts.key && leaf) await checkKeysBeside(opts, leaf, deps.io);
  await writeCertificate(opts.out, pem, leaf, opts.overwrite, deps.io);
  if (opts.kubeconfigOut && key) {
    await writeKubeconfig(opts.kubeconfigOut, endpoint, leaf?.subject.commonName ?? opts.name, pem, privateKeyToPem(key), opts.overwrite, deps.io);
  }
  return ExitCode.ok;
}

/**
 * No --key given: the key `request NAME` wrote (NAME.key here, or beside --out) is checked when it is there. A
 * certificate is not written beside a key it does not belong to (two requests of the same name from two directories
 * leave exactly that: issue 27); to stdout it is only a warning, as nothing is put beside anything.
 */
async function checkKeysBeside(opts: FetchOptions, leaf: DecodedCertificate, io: Io): Promise<void> {
  const candidates = new Set([`${opts.name}.key`, ...(opts.out !== '-' ? [join(dirname(opts.out), `${opts.name}.key`)] : [])]);
  for (const file of candidates) {
    const found = await loadKey(file).catch(() => null);
    if (!found || certificateMatchesKey(leaf, publicKeyOf(found))) continue;
    if (opts.out === '-') {
      io.stderr.write(warningLine(`${file} does not match the certificate of "${opts.name}"`));
      continue;
    }
    throw new CliError(
      `${file} does not match the certificate of "${opts.name}", so the certificate is not written beside it (nothing was written); ` +
        'pass --key with the key the request was made with, or --out somewhere else',
    );
  }
}
