// The CSR names in the files behind `approve -f` and `deny -f`: CertificateSigningRequest objects (or Lists of them)
// as `kubectl get csr -o yaml|json` writes them. Every file is read and checked before anything is sent, so that a
// bad file fails the command on its own, without a cluster.
import { InputError } from '../errors.js';
import type { Io } from '../io.js';
import { DocumentError, parseCsrDocuments } from '../kube/csr-document.js';
import { inputName, readInput } from './read-input.js';

const DER_SEQUENCE = 0x30;

export async function readCsrNames(files: string[], io: Io): Promise<string[]> {
  const names: string[] = [];
  for (const file of files) {
    const bytes = await readInput(file, io);
    try {
      names.push(...namesIn(bytes));
    } catch (err) {
      if (err instanceof DocumentError) throw new InputError(inputName(file), err.message);
      throw err;
    }
  }
  return names;
}

function namesIn(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  // Nothing but blank lines, comments and document markers: no CSR, which kubectl reports as "No resources found".
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*$/.test(line))) return [];
  // What inspect -f also reads, but names no object: say so rather than fail to parse it as YAML.
  if (bytes[0] === DER_SEQUENCE || text.includes('-----BEGIN ')) {
    throw new DocumentError('holds PEM or DER, not CertificateSigningRequest objects (what "kubectl get csr NAME -o yaml" writes)');
  }
  return parseCsrDocuments(text).map((csr) => {
    if (!csr.metadata.name) throw new DocumentError('has a CertificateSigningRequest without metadata.name');
    return csr.metadata.name;
  });
}
