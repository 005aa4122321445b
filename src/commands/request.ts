// request NAME: generate a key locally, build the PKCS#10 request, check it against the signer's rules, and submit
// a CertificateSigningRequest; optionally approve it, wait for the certificate, and write a kubeconfig.
//
// Order matters for "nothing is lost": the server validates the object first (a dry-run create: name taken,
// RBAC, admission), then the key is written (0600, atomically, never over an existing file), and only then is
// the CSR really created. A key is never sent anywhere: only its public half is in the request. Run again while the
// CSR exists with the key on disk, it resumes the wait (request-resume.ts) instead of failing.
import type { KeyObject } from 'node:crypto';
import { ExitCode, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { generateKeyAsync } from '../pki/generate.js';
import { privateKeyToPem } from '../pki/private-key.js';
import { createRequest } from '../pki/create-request.js';
import { ipToBytes } from '../pki/ip.js';
import { requestLimitProblem } from '../pki/limits.js';
import { CSR_API_VERSION, CSR_KIND, type Csr } from '../kube/csr.js';
import { ApiError } from '../kube/api-error.js';
import { defaultUsages, KNOWN_USAGES, KUBE_APISERVER_CLIENT, signerNameProblem, signerRuleProblems } from '../kube/signers.js';
import { checkNameArgument } from '../kube/object-name.js';
import { ensureAbsent, FileExistsError, writeFileSafely } from '../util/write-file-safely.js';
import { checkRoom, type PlannedWrite } from '../util/room-check.js';
import { makePrinter } from '../output/printer.js';
import { csrPrinting } from '../output/csr-printer.js';
import { policySettings } from './shared/policy-settings.js';
import { durationFlag, expirationFlag } from './shared/duration-flag.js';
import { dryRunFlag } from './shared/dry-run.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { REQUEST } from './request-flags.js';
import { loadKey, writeCertificate, writeKubeconfig } from './shared/credentials.js';
import { caSource } from './shared/ca-source.js';
import { endpointToWrite, type KubeconfigEndpoint } from './shared/kubeconfig-ca.js';
import { waitForIssued } from './shared/wait-for-certificate.js';
import { approveNow, checkPolicy, submit } from './shared/submit.js';
import { findResumable, isAlreadyExists, isPending } from './request-resume.js';
import { fetchCommandLine } from './shared/resume-command.js';

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
  if (a.uid === '') throw new UsageError('--uid may not be empty');
  for (const ip of a.ip) if (ipToBytes(ip) === null) throw new UsageError(`--ip "${ip}" is not an IPv4 or IPv6 address`);
  const tooMuch = requestLimitProblem({ commonName, organizations: a.group, dns: a.dns, ip: a.ip, email: a.email, uri: a.uri });
  if (tooMuch) throw new UsageError(`the request ${tooMuch}`);
  const dryRun = dryRunFlag(a.dryRun, io);
  // kubectl's words (kubectl set --local): a local run sends nothing, so a server dry run cannot go with it.
  if (a.local && dryRun === 'server') throw new UsageError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (dryRun !== 'none' || a.local) {
    const needsCsr = [a.approve && '--approve', a.wait && '--wait', a.kubeconfigOut && '--kubeconfig-out', a.certOut && '--cert-out'].find(Boolean);
    const flag = dryRun === 'none' ? '--local' : `--dry-run=${dryRun}`;
    const why = dryRun === 'server' ? 'creates nothing' : 'sends nothing to the cluster';
    if (needsCsr) throw new UsageError(`${flag} ${why}, so ${needsCsr} cannot be used with it`);
  }
  // A client dry run writes nothing at all, as kubectl's; the key a user means to keep comes from --local.
  if (dryRun === 'client' && a.keyOut !== undefined) throw new UsageError('--dry-run=client writes nothing, so --key-out cannot be used with it; --local writes the key and prints the CertificateSigningRequest without sending it');
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
     * --dry-run=client: print the CertificateSigningRequest instead of sending it, and write nothing. Nothing talks to
     * a cluster. --dry-run=server: the server's answer to a dry-run create; nothing written.
     */
    dryRun,
    /**
     * --local: the key written and the CertificateSigningRequest printed, nothing sent (a manifest to apply later, or
     * to hand to whoever may create it). With --dry-run=client, nothing is written either.
     */
    local: a.local,
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
  const { io } = deps;
  // Files that would be clobbered, or that cannot be written at all, are refused before any work is done.
  if (opts.wait) await ensureAbsent(opts.certOut, 'certificate', opts.overwrite);
  if (opts.kubeconfigOut) await ensureAbsent(opts.kubeconfigOut, 'kubeconfig', opts.overwrite);
  if (!opts.key && writesKey(opts)) {
    // A key left by an earlier run: that run's CSR is resumed when it exists with this key; else the key is kept.
    // A local run has no cluster to resume from.
    const left = await ensureAbsent(opts.keyOut, 'private key', opts.overwrite, opts.local ? undefined : resumeHint(opts)).then(
      () => null,
      (err: unknown) => {
        if (opts.local || !(err instanceof FileExistsError)) throw err;
        return err;
      },
    );
    if (left) return resume(opts, deps, left);
  }
  await checkRoom(plannedWrites(opts), 'nothing was sent to the cluster');

  const key = opts.key ? await loadKey(opts.key) : await generateKeyAsync(opts.keyType);
  const rsa = key.asymmetricKeyType === 'rsa';
  const usages = opts.usages ?? defaultUsages(opts.signer, rsa);
  const problems = signerRuleProblems(opts.signer, usages, subjectOf(opts));
  if (problems.length) throw new UsageError(problems[0]!);
  const csr = csrObject(opts, createRequest({ key, commonName: opts.commonName, organizations: opts.group, uid: opts.uid, dns: opts.dns, ip: opts.ip, email: opts.email, uri: opts.uri }), usages);

  if (opts.dryRun === 'client' || opts.local) return printManifest(opts, csr, key, deps);

  const { client, connection, certificates } = await deps.api();
  if (opts.dryRun === 'server') {
    deps.printer.done(opts.name, 'created (server dry run)');
    deps.printer.print([await client.create(csr, true)]);
    return ExitCode.ok;
  }
  // Before anything is created: --ca-from=trust-bundle may refuse.
  const endpoint = opts.kubeconfigOut ? await endpointToWrite(opts.caFrom, connection, certificates, io) : connection;
  const keyPem = privateKeyToPem(key);
  const writeKey = async () => {
    if (opts.key) return;
    await writeFileSafely(opts.keyOut, keyPem, { mode: 0o600, overwrite: opts.overwrite, what: 'private key', kept: `no CSR was created` });
    io.stderr.write(`wrote private key to ${opts.keyOut} (mode 0600)\n`);
  };
  let created: Csr;
  try {
    created = await submit(csr, { approve: opts.approve, policy: opts.policy, validateFirst: true, beforeCreate: writeKey }, { ...deps, client, connection });
  } catch (err) {
    // `request NAME --key K` again: the CSR made with K the last time is picked up.
    if (opts.key && err instanceof ApiError && isAlreadyExists(err)) return resume(opts, deps, err);
    throw err;
  }
  return finish(opts, deps, created, keyPem, endpoint);
}

/** With --wait: the certificate, then the kubeconfig; the CSR printed (-o) last. */
async function finish(opts: RequestOptions, deps: RunDeps<Csr>, csr: Csr, keyPem: string, endpoint: KubeconfigEndpoint): Promise<ExitCode> {
  let last = csr;
  if (opts.wait) {
    const issued = await waitForIssued((await deps.api()).client, opts.name, opts.timeoutMs, deps.io, { resume: resumeCommand(opts) });
    last = issued.csr;
    await writeCertificate(opts.certOut, issued.pem, issued.leaf, opts.overwrite, deps.io);
    if (opts.kubeconfigOut) await writeKubeconfig(opts.kubeconfigOut, endpoint, opts.commonName, issued.pem, keyPem, opts.overwrite, deps.io);
  }
  deps.printer.print([last]);
  return ExitCode.ok;
}

/**
 * The CSR NAME exists and asks for the key on disk: an earlier run made it. It is waited for as fetch would (and
 * approved first with --approve, after the policy, when still pending). Otherwise `refusal`, the error of the
 * normal path, stands.
 */
async function resume(opts: RequestOptions, deps: RunDeps<Csr>, refusal: Error): Promise<ExitCode> {
  const { client, connection, certificates } = await deps.api();
  const keyFile = opts.key ?? opts.keyOut;
  const found = await findResumable(client, opts.name, keyFile);
  if (!found) throw refusal;
  deps.io.stderr.write(`certificate signing request "${opts.name}" exists with the key in ${keyFile}: resuming it, as ${resumeCommand(opts)} would\n`);
  const endpoint = opts.kubeconfigOut ? await endpointToWrite(opts.caFrom, connection, certificates, deps.io) : connection;
  let csr = found.csr;
  if (opts.approve && isPending(csr)) {
    const submitDeps = { ...deps, client, connection };
    await checkPolicy(csr, opts.policy, submitDeps);
    csr = await approveNow(opts.name, submitDeps);
  } else if (!opts.wait) {
    deps.printer.done(opts.name, 'unchanged');
  }
  return finish(opts, deps, csr, privateKeyToPem(found.key), endpoint);
}

/** Whether the run writes a key: not with --key, nor in a dry run. */
function writesKey(opts: RequestOptions): boolean {
  return !opts.key && opts.dryRun === 'none';
}

/** --dry-run=client or --local: the object printed instead of created; --local writes the key first. */
async function printManifest(opts: RequestOptions, csr: Csr, key: KeyObject, { io, printer }: RunDeps<Csr>): Promise<ExitCode> {
  if (writesKey(opts)) {
    await writeFileSafely(opts.keyOut, privateKeyToPem(key), { mode: 0o600, overwrite: opts.overwrite, what: 'private key' });
    io.stderr.write(`wrote private key to ${opts.keyOut} (mode 0600)\n`);
  }
  printer.done(opts.name, opts.dryRun === 'client' ? 'created (dry run)' : 'created (local)');
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
  return { commonName: opts.commonName, organizations: opts.group, uid: opts.uid, dns: opts.dns, ip: opts.ip, email: opts.email, uri: opts.uri };
}

/** What request writes, for the room check: a key's PEM, a certificate chain, a kubeconfig holding both. */
function plannedWrites(opts: RequestOptions): PlannedWrite[] {
  return [
    ...(writesKey(opts) ? [{ path: opts.keyOut, size: 4096, what: 'private key' }] : []),
    ...(opts.wait ? [{ path: opts.certOut, size: 16_384, what: 'certificate' }] : []),
    ...(opts.kubeconfigOut ? [{ path: opts.kubeconfigOut, size: 32_768, what: 'kubeconfig' }] : []),
  ];
}

/**
 * A key left by an earlier request that was interrupted (killed while it waited) is the key of a CSR that may be
 * issued by now: fetch picks it up; --overwrite would make that CSR useless.
 */
function resumeHint(opts: RequestOptions): string {
  return `if an earlier "request ${opts.name}" was interrupted, resume it with: ${resumeCommand(opts)}; or pass --overwrite to start over with a new key`;
}

function resumeCommand(opts: RequestOptions): string {
  return fetchCommandLine({ name: opts.name, key: opts.key ?? opts.keyOut, out: opts.certOut, kubeconfigOut: opts.kubeconfigOut });
}
