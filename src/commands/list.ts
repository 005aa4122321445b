// list: kubectl get csr's columns, with filters an admin reaches for.
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { CsrClient } from '../kube/csr-client.js';
import { conditionText, type Csr } from '../kube/csr.js';
import { humanDuration } from '../pki/duration.js';
import { printObjects, type ObjectOutput } from '../output/objects.js';
import { renderTable } from '../output/table.js';

export interface ListOptions {
  signer?: string;
  requestor?: string;
  /** Only CSRs whose CONDITION column starts with Pending. */
  pending: boolean;
  output?: ObjectOutput | 'wide';
}

export interface ListDeps {
  io: Io;
  client: CsrClient;
  now: () => Date;
}

export async function listCsrs(opts: ListOptions, deps: ListDeps): Promise<ExitCode> {
  // spec.signerName is a supported field selector on list and watch: filter on the server.
  const { items } = await deps.client.list({ fieldSelector: opts.signer ? `spec.signerName=${opts.signer}` : undefined });
  const csrs = items
    .filter((c) => !opts.requestor || c.spec.username === opts.requestor)
    .filter((c) => !opts.pending || conditionText(c).startsWith('Pending'))
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (opts.output && opts.output !== 'wide') {
    printObjects(csrs, opts.output, deps.io, true);
    return ExitCode.ok;
  }
  if (csrs.length === 0) {
    deps.io.stderr.write('No resources found\n');
    return ExitCode.ok;
  }
  const now = deps.now();
  deps.io.stdout.write(renderTable(HEAD, csrs.map((c) => row(c, now))));
  return ExitCode.ok;
}

const HEAD = ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'];

/** pkg/printers/internalversion/printers.go printCertificateSigningRequest. */
export function row(csr: Csr, now: Date): string[] {
  const created = Date.parse(csr.metadata.creationTimestamp ?? '');
  const age = Number.isFinite(created) ? humanDuration(Math.max(now.getTime() - created, 0)) : '<unknown>';
  const duration = csr.spec.expirationSeconds ? humanDuration(csr.spec.expirationSeconds * 1000) : '<none>';
  return [csr.metadata.name ?? '', age, csr.spec.signerName, csr.spec.username ?? '', duration, conditionText(csr)];
}
