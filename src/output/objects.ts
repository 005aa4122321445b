// -o json|yaml|name for CSR objects, as kubectl prints them.
import type { Io } from '../io.js';
import type { Csr } from '../kube/csr.js';
import { formatStructured } from './format.js';

export type ObjectOutput = 'json' | 'yaml' | 'name';

export function printObjects(csrs: Csr[], output: ObjectOutput, io: Io, alwaysList = false): void {
  if (output === 'name') {
    printNames(csrs.map((c) => c.metadata.name ?? ''), io);
    return;
  }
  const value = csrs.length === 1 && !alwaysList ? csrs[0] : { apiVersion: 'v1', kind: 'List', items: csrs, metadata: { resourceVersion: '' } };
  io.stdout.write(formatStructured(value, output));
}

/** -o name: kubectl's resource/name lines. */
export function printNames(names: string[], io: Io): void {
  io.stdout.write(names.map((name) => `certificatesigningrequest.certificates.k8s.io/${name}\n`).join(''));
}
