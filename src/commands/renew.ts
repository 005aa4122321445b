// renew KUBECONFIG: a new client certificate for one user entry of a kubeconfig file, with the same subject, through a
// CertificateSigningRequest submitted with the current context (the admin's kubeconfig flags, as every command).
//
// Nothing is written until the new certificate is issued and matches the new key: a denial, a failure, a timeout, a
// Ctrl-C or a crash while waiting leaves the file and its keys exactly as they were, and no new key anywhere (it lives
// in memory until the final step, rewrite-kubeconfig.ts).
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { CliError, ExitCode, InputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readInputFile } from '../input/read-input.js';
import { CSR_API_VERSION, CSR_KIND, type Csr } from '../kube/csr.js';
import { KubeconfigError } from '../kube/kubeconfig-error.js';
import { parseKubeconfigText } from '../kube/kubeconfig-edit.js';
import { isKubeconfig, summarizeKubeconfig, type KubeconfigUserEntry } from '../kube/kubeconfig-users.js';
import { checkNameArgument } from '../kube/object-name.js';
import { defaultUsages, KUBE_APISERVER_CLIENT, MIN_EXPIRATION_SECONDS, signerNameProblem, signerRuleProblems } from '../kube/signers.js';
import { createRequest } from '../pki/create-request.js';
import { humanDuration } from '../pki/duration.js';
import { generateKeyAsync } from '../pki/generate.js';
import { certificateMatchesKey } from '../pki/match.js';
import { isNotYetValid } from '../pki/validity.js';
import { credentialIdLine } from '../output/credential-id-line.js';
import { publicKeyOf } from '../pki/public-key.js';
import type { DecodedCertificate, KeyType } from '../pki/types.js';
import { humanTime } from '../util/time-text.js';
import { loadUserCredentials } from './shared/kubeconfig-material.js';
import { NotIssuedError, waitForIssued } from './shared/wait-for-certificate.js';
import { submit } from './shared/submit.js';
import { dryRunFlag } from './shared/dry-run.js';
import { renewDryRun } from './renew-dry-run.js';
import { checkRewrite, rewriteKubeconfig } from './renew-rewrite.js';
import { lockFile } from '../util/file-lock.js';
import { makePrinter } from '../output/printer.js';
import { csrPrinting } from '../output/csr-printer.js';
import { policySettings } from './shared/policy-settings.js';
import { durationFlag, expirationFlag } from './shared/duration-flag.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { RENEW } from './renew-flags.js';

/** The kube signers backdate NotBefore by 5 minutes; "short" certificates end 5 minutes later too (below). */
const SIGNER_BACKDATE_MS = 5 * 60_000;
const SHORT_MS = 8 * 3600_000;

type RenewArgv = ArgvOf<typeof RENEW.flags>;

export function complete(a: RenewArgv, io: Io) {
  const policy = policySettings(a);
  if (a.name !== undefined) checkNameArgument(a.name);
  const signer = a.signer ?? KUBE_APISERVER_CLIENT;
  const signerProblem = signerNameProblem(signer);
  if (signerProblem) throw new UsageError(signerProblem);
  if (a.reuseKey && a.keyType) throw new UsageError('--reuse-key keeps the old key; --key-type cannot be used with it');
  const options = {
    ...a,
    /** null: the user of the file's current context. */
    user: a.user || null,
    /** null: CN-renew-TIMESTAMP-KEY. */
    name: a.name ?? null,
    signer,
    /** null: the old certificate's lifetime. */
    expirationSeconds: a.duration !== undefined ? expirationFlag(a.duration) : null,
    /** null: the old key's type. */
    keyType: a.keyType ?? null,
    timeoutMs: durationFlag('timeout', a.timeout),
    /** null: renew whatever the certificate's expiry. */
    ifExpiringWithinMs: a.ifExpiringWithin !== undefined ? durationFlag('if-expiring-within', a.ifExpiringWithin) : null,
    policy,
    dryRun: dryRunFlag(a.dryRun, io),
  };
  // No -o: the "created" and "approved" lines, as request's.
  return { options, printer: makePrinter({ ...csrPrinting('lines'), io }) };
}

type RenewOptions = ReturnType<typeof complete>['options'];

export async function run(opts: RenewOptions, deps: RunDeps<Csr>): Promise<ExitCode> {
  const target = await realpath(opts.file).catch(async (err: unknown) => {
    await readInputFile(opts.file); // its error names the file and says what is wrong
    throw err;
  });
  // A dry run writes nothing, not even the lock.
  if (opts.dryRun !== 'none') return renewLocked(opts, deps, target);
  // One renew at a time per file: of two that overlap (cron), the second stops here, before it sends anything.
  const lock = await lockFile(target, 'kubectl-csr renew', `nothing was sent, and the kubeconfig ${opts.file} is unchanged`);
  try {
    if (lock.tookOver) deps.io.stderr.write(`${lock.tookOver}\n`);
    return await renewLocked(opts, deps, target);
  } finally {
    await lock.release();
  }
}

async function renewLocked(opts: RenewOptions, deps: RunDeps<Csr>, target: string): Promise<ExitCode> {
  const { io } = deps;
  const original = await readInputFile(target, opts.file);
  const { entry, doc, text } = findUser(original, opts);
  const creds = await loadUserCredentials(entry);
  const old = creds.certificate;
  if (!old || !creds.privateKey || creds.problems.length) {
    throw new InputError(opts.file, `user "${entry.name}": ${creds.problems[0] ?? 'no client certificate'}`);
  }
  const now = deps.now();
  const left = old.notAfter.getTime() - now.getTime();
  if (opts.ifExpiringWithinMs !== null && left > opts.ifExpiringWithinMs) {
    // A certificate whose NotBefore is to come is not valid yet: never "expires in 4y" as if it were (issue 23 item 7).
    const state = isNotYetValid(old.notBefore, now) ? `is not valid until ${humanTime(old.notBefore)}, and expires` : 'expires';
    io.stderr.write(
      `the certificate of user "${entry.name}" in ${opts.file} ${state} in ${humanDuration(left)} (${humanTime(old.notAfter)}), ` +
        `not within ${opts.ifExpiringWithin}: nothing to do\n`,
    );
    return ExitCode.ok;
  }

  const rewrite = { file: opts.file, target, entry, size: original.length, backup: opts.backup, newKey: !opts.reuseKey };
  await checkRewrite(rewrite, stampOf(now));

  const key = opts.reuseKey ? creds.privateKey : await generateKeyAsync(newKeyType(opts, creds.key?.keyType ?? null));
  const csr = renewalCsr(opts, old, key, now);
  const name = csr.metadata.name!;
  const problems = signerRuleProblems(opts.signer, csr.spec.usages!, subjectFacts(old));
  if (problems.length) throw new UsageError(problems[0]!);
  if (opts.dryRun !== 'none') return renewDryRun(csr, old, { ...opts, dryRun: opts.dryRun }, deps);

  const { client, connection } = await deps.api();
  await submit(csr, { approve: opts.approve, policy: opts.policy, validateFirst: false, renewal: true }, { ...deps, client, connection });
  if (!opts.approve) io.stderr.write(`${opts.file} is unchanged until ${name} is approved and issued\n`);
  const { pem: certificatePem, leaf } = await waitForIssued(client, name, opts.timeoutMs, io).catch((err: unknown) => {
    if (err instanceof NotIssuedError) throw new CliError(`${err.message}; the kubeconfig ${opts.file} is unchanged`, err.exitCode);
    throw err;
  });
  if (!leaf || !certificateMatchesKey(leaf, publicKeyOf(key))) {
    throw new CliError(`the certificate issued for "${name}" does not carry the new key; ${opts.file} is unchanged`);
  }

  const written = await rewriteKubeconfig({
    ...rewrite,
    original,
    text,
    doc,
    certificatePem,
    key: opts.reuseKey ? null : key,
    stamp: stampOf(deps.now()),
    csrName: name,
  });
  for (const line of written) io.stderr.write(`${line}\n`);
  // Before the closing line, which says the renewal is done.
  io.stderr.write(credentialIdLine(leaf));
  io.stderr.write(shortenedLine(csr.spec.expirationSeconds!, leaf));
  io.stderr.write(
    `renewed the client certificate of user "${entry.name}" in ${opts.file}: serial ${leaf.serial}, ` +
      `valid until ${humanTime(leaf.notAfter)} (was ${humanTime(old.notAfter)})\n`,
  );
  return ExitCode.ok;
}

/**
 * A signer may cap the lifetime (kube-controller-manager's --cluster-signing-duration, a year by default): said in one
 * line, so that a cron job's next run is not a surprise. The kube signers end a certificate at NotBefore + the asked
 * duration or later (policies.go), so an issued lifetime a minute short of it was shortened.
 */
function shortenedLine(askedSeconds: number, leaf: DecodedCertificate): string {
  const asked = askedSeconds * 1000;
  const issued = leaf.notAfter.getTime() - leaf.notBefore.getTime();
  return issued < asked - 60_000 ? `the signer shortened the lifetime: asked for ${humanDuration(asked)}, issued for ${humanDuration(issued)}\n` : '';
}

function findUser(bytes: Buffer, opts: RenewOptions): { entry: KubeconfigUserEntry; doc: ReturnType<typeof parseKubeconfigText>['doc']; text: string } {
  const text = bytes.toString('utf8');
  let parsed: ReturnType<typeof parseKubeconfigText>;
  try {
    parsed = parseKubeconfigText(text, opts.file);
  } catch (err) {
    if (err instanceof KubeconfigError) throw new InputError(opts.file, err.message.replace(/^error loading config file "[^"]*": /, ''));
    throw err;
  }
  if (!isKubeconfig(parsed.value)) throw new InputError(opts.file, 'is not a kubeconfig (no "kind: Config")');
  const summary = summarizeKubeconfig(parsed.value, opts.file);
  const userName = opts.user ?? summary.currentUser;
  if (!userName) {
    const why = summary.currentContext ? `its current context "${summary.currentContext}" does not exist or names no user` : 'it has no current context';
    throw new InputError(opts.file, `${why}; name the user to renew with --user`);
  }
  const entry = summary.users.find((u) => u.name === userName);
  if (!entry) throw new InputError(opts.file, `user "${userName}" not found`);
  if (entry.credential !== 'client-certificate') {
    throw new InputError(opts.file, `user "${userName}" carries no client certificate (${entry.credential}); renew renews client certificates`);
  }
  return { entry, doc: parsed.doc, text };
}

function newKeyType(opts: RenewOptions, oldType: KeyType | null): KeyType {
  if (opts.keyType) return opts.keyType;
  if (!oldType) throw new UsageError('the old key is of a type renew cannot make; choose one with --key-type');
  return oldType;
}

/** Same subject and SANs as the old certificate; the old lifetime unless --duration. */
function renewalCsr(opts: RenewOptions, old: DecodedCertificate, key: KeyObject, now: Date): Csr {
  const cn = old.subject.commonName ?? '';
  const request = createRequest({
    key,
    commonName: cn,
    organizations: old.subject.organizations,
    // The UID too: it is part of the identity the API server authenticates (no kubernetes.io/ signer writes it).
    ...(old.subject.uid !== null ? { uid: old.subject.uid } : {}),
    dns: old.sans.dns,
    ip: old.sans.ip,
    email: old.sans.email,
    uri: old.sans.uri,
  });
  const expirationSeconds = opts.expirationSeconds ?? lifetimeSeconds(old);
  return {
    apiVersion: CSR_API_VERSION,
    kind: CSR_KIND,
    metadata: { name: opts.name ?? defaultName(cn, key, now) },
    spec: {
      request: Buffer.from(request).toString('base64'),
      signerName: opts.signer,
      usages: defaultUsages(opts.signer, key.asymmetricKeyType === 'rsa'),
      expirationSeconds,
    },
  };
}

/**
 * CN-renew-TIMESTAMP-KEY: KEY, the first 6 hex digits of the SHA-256 of the new public key, keeps two renewals of one
 * user within one second (two kubeconfigs renewed by one cron job) from taking the same name.
 */
function defaultName(cn: string, key: KeyObject, now: Date): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return `${nameSlug(cn)}-renew-${stampOf(now)}-${createHash('sha256').update(spki).digest('hex').slice(0, 6)}`;
}

/**
 * What the old certificate was requested for. The kube signers backdate NotBefore by 5 minutes, and end a short
 * certificate (under 8 hours) 5 minutes later as well, so that it lasts as long as asked from now; a longer one ends
 * NotBefore + duration (pkg/controller/certificates/authority/policies.go, PermissiveSigningPolicy; measured in
 * test/e2e/renew.test.ts: 10m lasts 15m, 24h lasts 24h).
 */
function lifetimeSeconds(cert: DecodedCertificate): number {
  const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
  const requested = lifetime - SIGNER_BACKDATE_MS < SHORT_MS ? lifetime - SIGNER_BACKDATE_MS : lifetime;
  return Math.min(Math.max(Math.floor(requested / 1000), MIN_EXPIRATION_SECONDS), 2 ** 31 - 1);
}

/** A CN as the start of an object name: lower case, [a-z0-9.-], at most 200 characters. */
function nameSlug(cn: string): string {
  const slug = cn.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 200);
  return slug || 'user';
}

/** 20261129231500: UTC, to the second. */
function stampOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function subjectFacts(cert: DecodedCertificate) {
  return { commonName: cert.subject.commonName ?? '', organizations: cert.subject.organizations, ...cert.sans };
}
