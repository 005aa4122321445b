// What a wait for a certificate says (issue 23): what it waits for, for how long, who can move it on and the exact
// command to do so. Off a terminal one line when the wait starts; on a terminal the same words as a status line that
// is rewritten in place with the time waited so far.
import type { Csr } from '../kube/csr.js';
import { hasCondition } from '../kube/csr.js';
import { humanDuration } from '../pki/duration.js';
import { shellWord } from '../util/shell-word.js';

/** The kube-controller-manager approves a node's own client certificate (csrapproving, SubjectAccessReview on nodeclient). */
const KUBELET_CLIENT = 'kubernetes.io/kube-apiserver-client-kubelet';

/** Who moves the CSR on from where it is, and how: the approve command, or the signer that has yet to issue. */
export function nextStep(csr: Csr): string {
  const name = csr.metadata.name ?? '';
  const signer = csr.spec.signerName;
  if (hasCondition(csr, 'Approved')) return `approved; waiting for signer ${signer} to issue it`;
  const approve = `kubectl csr approve ${shellWord(name)}`;
  const who = signer === KUBELET_CLIENT ? `the kube-controller-manager (for a node's own certificate) or` : '';
  return `pending; ${who ? `${who} ` : ''}someone allowed to approve for signer ${signer} (RBAC verb "approve" on signers) runs: ${approve}`;
}

/** The one line printed off a terminal when the wait starts. */
export function waitStartLine(csr: Csr, timeoutMs: number): string {
  return `waiting up to ${humanDuration(timeoutMs)} for the certificate of "${csr.metadata.name}": ${nextStep(csr)}\n`;
}

/** The terminal's status line after `elapsedMs`, without its line ending: it is rewritten in place. */
export function waitStatusLine(csr: Csr, elapsedMs: number, timeoutMs: number): string {
  return `[${clock(elapsedMs)} of ${humanDuration(timeoutMs)}] certificate of "${csr.metadata.name}": ${nextStep(csr)}`;
}

/** m:ss, as a stopwatch shows it. */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
