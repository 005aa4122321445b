// The two decisions a CSR can get, as the condition each one adds (approve and deny share one routine).

export interface Decision {
  condition: 'Approved' | 'Denied';
  opposite: 'Approved' | 'Denied';
  reason: string;
  message: string;
  /** The past participle kubectl prints: "approved", "denied". */
  verb: string;
}

/**
 * Reasons differ from kubectl's KubectlApprove/KubectlDeny on purpose, so that an audit can tell which tool
 * decided; the shape (a CamelCase reason and a sentence) is the same.
 */
export const APPROVE: Decision = {
  condition: 'Approved',
  opposite: 'Denied',
  reason: 'KubectlCsrApprove',
  message: 'This CSR was approved by kubectl csr approve.',
  verb: 'approved',
};

export const DENY: Decision = {
  condition: 'Denied',
  opposite: 'Approved',
  reason: 'KubectlCsrDeny',
  message: 'This CSR was denied by kubectl csr deny.',
  verb: 'denied',
};
