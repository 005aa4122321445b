// request NAME: generate a key locally, build the PKCS#10 request, check it against the signer's rules, and submit
// a CertificateSigningRequest; optionally approve it, wait for the certificate, and write a kubeconfig.
//
// Order matters for "nothing is lost": the server validates the object first (a dry-run create: name taken,
// RBAC, admission), then the key is written (0600, atomically, never over an existing file), and only then is
// the CSR really created. A key is never sent anywhere: only its public half is in the request.
import type { KeyObject } from 'node:crypto';
import { ExitCode, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { generateKeyAsync } from '../pki/generate.js';
import { privateKeyToPem } from '../pki/private-key.js';
import { createRequest } from '../pki/create-request.js';
import { ipToBytes } from '../pki/ip.js';
import { requestLimitProblem } from '../pki/limits.js';
import { CSR_API_VERSION, CSR_KIND, type Csr } from '../kube/csr.js';
import { defaultUsages, KNOWN_USAGES, KUBE_APISERVER_CLIENT, signerNameProblem, signerRuleProblems } from '../kube/signers.js';
import { checkNameArgument } from '../kube/object-name.js';
import { ensureAbsent, writeFileSafely } from '../util/write-file-safely.js';
import { checkRoom, type PlannedWrite } from '../util/room-check.js';
import { shellWord } from '../util/shell-word.js';
import { makePrinter } from '../output/printer.js';
import { csrPrinting } from '../output/csr-printer.js';
import { policySettings } from './shared/policy-settings.js';
import { durationFlag, expirationFlag } from './shared/duration-flag.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { REQUEST } from './request-flags.js';
import { loadKey, writeCertificate, writeKubeconfig } from './shared/credentials.js';
import { caSource } from './shared/ca-source.js';
import { endpointToWrite } from './shared/kubeconfig-ca.js';
import { waitForIssued } from './shared/wait-for-certificate.js';
import { submit } from './shared/submit.js';

type RequestArgv = ArgvOf<typeof REQUEST.flags>;

/** Flags → options and printer (nothing read or written), or a UsageError naming the flag. */
export function complete(a: RequestArgv, io: Io) {
  const policy = policySettings(a);
  checkNameArgument(a.name);
  if (a.key && a.keyType) throw new UsageError('--key reuses an existing key; --key-type cannot be used with it');
  const signer = a.signer ?? KUBE_APISERVER_CLIENT;
  const signerProblem = signerNameProblem(signer);
  if (signerProblem) throw new UsageError(signerProblem);
  const usages = a.usages.flatMap((u) => u.split(',')).map((u) => u.trim()).filter(Boolean);
  const unknown = usages.filter((u) => !(KNOWN_USAGES as readonly string[]).includes(u));
  if (unknown.length) throw new UsageError(`unknown usage "${unknown[0]}"; known usages: ${KNOWN_USAGES.join(', ')}`);
  if (new Set(usages).size !== usages.length) throw new UsageError('--usages lists a usage twice');
  const expirationSeconds = a.duration !== undefined ? expirationFlag(a.duration) : null;
  const timeoutMs = durationFlag('timeout', a.timeout);
  const commonName = a.cn ?? a.name;
  if (commonName === '') throw new UsageError('--cn may not be empty');
  for (const ip of a.ip) if (ipToBytes(ip) === null) throw new UsageError(`--ip "${ip}" is not an IPv4 or IPv6 address`);
  const tooMuch = requestLimitProblem({ commonName, organizations: a.group, dns: a.dns, ip: a.ip, email: a.email, uri: a.uri });
  if (tooMuch) throw new UsageError(`the request ${tooMuch}`);
  const dryRun = a.dryRun === 'client';
  if (dryRun) {
    const needsCluster = [a.approve && '--approve', a.wait && '--wait', a.kubeconfigOut && '--kubeconfig-out', a.certOut && '--cert-out'].find(Boolean);
    if (needsCluster) throw new UsageError(`--dry-run=client sends nothing to the cluster, so ${needsCluster} cannot be used with it`);
  }
  const options = {
    ...a,
    keyType: a.keyType ?? 'rsa-2048',
    commonName,
    signer,
    /** null: the signer's defaults for the key type. */
    usages: usages.length ? usages : null,
    expirationSeconds,
    keyOut: a.keyOut ?? `${a.name}.key`,
    certOut: a.certOut ?? `${a.name}.crt`,
    kubeconfigOut: a.kubeconfigOut ?? null,
    /** Where the CA of --kubeconfig-out comes from. */
    caFrom: caSource(a.caFrom, a.kubeconfigOut),
    wait: a.wait || a.kubeconfigOut !== undefined,
    timeoutMs,
    /**
     * --dry-run=client: write the key and print the CertificateSigningRequest instead of sending it, a manifest to
     * apply later or to hand to whoever may create it. Nothing talks to a cluster.
     */
    dryRun,
    /** Checked before --approve approves (and before anything is written). */
    policy,
  };
  // Signer rules need the usages, which depend on the key; check the key-independent part now.
  const problems = signerRuleProblems(signer, options.usages ?? defaultUsages(signer, options.keyType.startsWith('rsa')), subjectOf(options));
  if (problems.length) throw new UsageError(problems[0]!);
  // -o json|yaml|name prints the object; without it, the "created" and "approved" lines.
  return { options, printer: makePrinter({ ...csrPrinting('lines'), output: a.output, io }) };
}

export type RequestOptions = ReturnType<typeof complete>['options'];

export async function run(opts: RequestOptions, deps: RunDeps<Csr>): Promise<ExitCode> {
  const { io, printer } = deps;
  // Files that would be clobbered, or that cannot be written at all, are refused before any work is done.
  if (!opts.key) await ensureAbsent(opts.keyOut, 'private key', opts.overwrite, opts.dryRun ? undefined : resumeHint(opts));
  if (opts.wait) await ensureAbsent(opts.certOut, 'certificate', opts.overwrite);
  if (opts.kubeconfigOut) await ensureAbsent(opts.kubeconfigOut, 'kubeconfig', opts.overwrite);
  await checkRoom(plannedWrites(opts), 'nothing was sent to the cluster');

  const key = opts.key ? await loadKey(opts.key) : await generateKeyAsync(opts.keyType);
  const rsa = key.asymmetricKeyType === 'rsa';
  const usages = opts.usages ?? defaultUsages(opts.signer, rsa);
  const problems = signerRuleProblems(opts.signer, usages, subjectOf(opts));
  if (problems.length) throw new UsageError(problems[0]!);
  const csr = csrObject(opts, createRequest({ key, commonName: opts.commonName, organizations: opts.group, dns: opts.dns, ip: opts.ip, email: opts.email, uri: opts.uri }), usages);

  if (opts.dryRun) return printManifest(opts, csr, key, deps);

  const { client, connection, certificates } = await deps.api();
  // Before anything is created: --ca-from=trust-bundle may refuse.
  const endpoint = opts.kubeconfigOut ? await endpointToWrite(opts.caFrom, connection, certificates, io) : connection;
  const keyPem = privateKeyToPem(key);
  const writeKey = async () => {
    if (opts.key) return;
    await writeFileSafely(opts.keyOut, keyPem, { mode: 0o600, overwrite: opts.overwrite, what: 'private key', kept: `no CSR was created` });
    io.stderr.write(`wrote private key to ${opts.keyOut} (mode 0600)\n`);
  };
  let created = await submit(csr, { approve: opts.approve, policy: opts.policy, validateFirst: true, beforeCreate: writeKey }, { ...deps, client, connection });
  if (opts.wait) {
    const issued = await waitForIssued(client, opts.name, opts.timeoutMs, io);
    created = issued.csr;
    await writeCertificate(opts.certOut, issued.pem, issued.leaf, opts.overwrite, io);
    if (opts.kubeconfigOut) await writeKubeconfig(opts.kubeconfigOut, endpoint, opts.commonName, issued.pem, keyPem, opts.overwrite, io);
  }
  printer.print([created]);
  return ExitCode.ok;
}

/** --dry-run=client: the key is written as it would be, and the object printed instead of created. */
async function printManifest(opts: RequestOptions, csr: Csr, key: KeyObject, { io, printer }: RunDeps<Csr>): Promise<ExitCode> {
  if (!opts.key) {
    await writeFileSafely(opts.keyOut, privateKeyToPem(key), { mode: 0o600, overwrite: opts.overwrite, what: 'private key' });
    io.stderr.write(`wrote private key to ${opts.keyOut} (mode 0600)\n`);
  }
  printer.done(opts.name, 'created (dry run)');
  printer.print([csr]);
  return ExitCode.ok;
}

function csrObject(opts: RequestOptions, requestPem: string, usages: string[]): Csr {
  return {
    apiVersion: CSR_API_VERSION,
    kind: CSR_KIND,
    metadata: { name: opts.name },
    spec: {
      request: Buffer.from(requestPem).toString('base64'),
      signerName: opts.signer,
      usages,
      ...(opts.expirationSeconds !== null ? { expirationSeconds: opts.expirationSeconds } : {}),
    },
  };
}

function subjectOf(opts: RequestOptions) {
  return { commonName: opts.commonName, organizations: opts.group, dns: opts.dns, ip: opts.ip, email: opts.email, uri: opts.uri };
}

/** What request writes, for the room check: a key's PEM, a certificate chain, a kubeconfig holding both. */
function plannedWrites(opts: RequestOptions): PlannedWrite[] {
  return [
    ...(opts.key ? [] : [{ path: opts.keyOut, size: 4096, what: 'private key' }]),
    ...(opts.wait ? [{ path: opts.certOut, size: 16_384, what: 'certificate' }] : []),
    ...(opts.kubeconfigOut ? [{ path: opts.kubeconfigOut, size: 32_768, what: 'kubeconfig' }] : []),
  ];
}

/**
 * A key left by an earlier request that was interrupted (killed while it waited) is the key of a CSR that may be
 * issued by now: fetch picks it up; --overwrite would make that CSR useless.
 */
function resumeHint(opts: RequestOptions): string {
  const fetch = [
    `kubectl csr fetch ${shellWord(opts.name)} --key ${shellWord(opts.keyOut)}`,
    opts.certOut !== `${opts.name}.crt` ? ` --out ${shellWord(opts.certOut)}` : '',
    opts.kubeconfigOut ? ` --kubeconfig-out ${shellWord(opts.kubeconfigOut)}` : '',
  ].join('');
  return `if an earlier "request ${opts.name}" was interrupted, resume it with: ${fetch}; or pass --overwrite to start over with a new key`;
}
