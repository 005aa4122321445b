// Runs main(argv, io) in-process against a FakeCluster: the command line, its options, its run and its printer, with
// an in-memory Io. No binary, no control plane, no Go.
import { createPrivateKey } from 'node:crypto';
import type { Io } from '../../src/io.js';
import { main } from '../../src/main.js';
import { createRequest } from '../../src/pki/create-request.js';
import type { Csr } from '../../src/kube/csr.js';
import { rsaKeyPem, type RsaKeyName } from '../fixtures/pki/keys.js';
import type { FakeCluster } from './fake-cluster.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The answers a terminal types, one per prompt; then end of input. */
  answers?: string[];
  stdin?: string;
  cwd?: string;
  /** Written to as the run goes (for runs that go on: --watch, approver run). */
  live?: { stdout: string; stderr: string };
  /** stderr is a terminal this wide. */
  ttyColumns?: number;
}

export async function runIn(fake: FakeCluster, argv: string[], opts: RunOptions = {}): Promise<Ran> {
  const out = opts.live ?? { stdout: '', stderr: '' };
  const answers = opts.answers ? [...opts.answers] : undefined;
  const io: Io = {
    stdout: { write: (s: string) => ((out.stdout += s), true) },
    stderr: { write: (s: string) => ((out.stderr += s), true), ...(opts.ttyColumns ? { isTTY: true, columns: opts.ttyColumns } : {}) },
    readStdin: () => Promise.resolve(Buffer.from(opts.stdin ?? '')),
    env: {},
    cwd: opts.cwd ?? '/',
    ...(answers
      ? {
          stdinIsTTY: true,
          prompt: (question: string) => {
            out.stderr += question;
            return Promise.resolve(answers.shift() ?? null);
          },
        }
      : {}),
  };
  const code = await main(argv, io, fake.clock.now, () => Promise.resolve(fake.cluster()));
  return { code, ...out };
}

/** A CSR object for `name` with a real request: CN (default the name), groups, an RSA key of the fixtures. */
export function csrFor(name: string, opts: { cn?: string; groups?: string[]; signer?: string; key?: RsaKeyName; usages?: string[]; labels?: Record<string, string> } = {}): Csr {
  const key = createPrivateKey(rsaKeyPem(opts.key ?? 'rsa-2048-1'));
  const pem = createRequest({ key, commonName: opts.cn ?? name, organizations: opts.groups ?? [], dns: [], ip: [], email: [], uri: [] });
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name, ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      request: Buffer.from(pem).toString('base64'),
      signerName: opts.signer ?? 'kubernetes.io/kube-apiserver-client',
      usages: opts.usages ?? ['client auth'],
    },
  };
}

/** Resolves once `check` is true, looking every few milliseconds (for runs that go on: --watch), or fails after 10 s. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`never happened: ${what}`);
}
