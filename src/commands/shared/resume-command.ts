// The command that picks up a request later (issue 23): printed when a wait times out and when a request's key is
// left from an earlier run, so that it pastes into a shell as it is.
import { shellWord } from '../../util/shell-word.js';

export interface FetchLine {
  name: string;
  key: string | null;
  /** The certificate file, when not the default NAME.crt. */
  out: string | null;
  kubeconfigOut: string | null;
}

export function fetchCommandLine(f: FetchLine): string {
  return [
    `kubectl csr fetch ${shellWord(f.name)}`,
    f.key ? ` --key ${shellWord(f.key)}` : '',
    f.out && f.out !== `${f.name}.crt` ? ` --out ${shellWord(f.out)}` : '',
    f.kubeconfigOut ? ` --kubeconfig-out ${shellWord(f.kubeconfigOut)}` : '',
  ].join('');
}
