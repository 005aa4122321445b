// -o json|yaml|name for CSR objects, as kubectl prints them.
import type { Io } from '../io.js';
import type { Csr } from '../kube/csr.js';
import { formatStructured } from './format.js';

export type ObjectOutput = 'json' | 'yaml' | 'name';

export function printObjects(csrs: Csr[], output: ObjectOutput, io: Io, alwaysList = false): void {
  if (output === 'name') {
    io.stdout.write(csrs.map((c) => `certificatesigningrequest.certificates.k8s.io/${c.metadata.name}\n`).join(''));
    return;
  }
  const value = csrs.length === 1 && !alwaysList ? csrs[0] : { apiVersion: 'v1', kind: 'List', items: csrs, metadata: { resourceVersion: '' } };
  io.stdout.write(formatStructured(value, output));
}
