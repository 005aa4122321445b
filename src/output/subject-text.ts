// The short subject that list, the decision table and the review show: "CN=jane,O=dev,O=ops" (every O, in order),
// and the UID the API server takes from the subject when there is one: the identity as Go reads it (pki/go-name.ts).

export function subjectText(subject: { commonName: string | null; organizations: readonly string[]; uid?: string | null }): string {
  return [`CN=${subject.commonName ?? ''}`, ...subject.organizations.map((o) => `O=${o}`), ...(subject.uid ? [`UID=${subject.uid}`] : [])].join(',');
}
