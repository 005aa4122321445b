// The short subject that list, the decision table and the review show: "CN=jane,O=dev,O=ops" (every O, in order).

export function subjectText(subject: { commonName: string | null; organizations: readonly string[] }): string {
  return [`CN=${subject.commonName ?? ''}`, ...subject.organizations.map((o) => `O=${o}`)].join(',');
}
