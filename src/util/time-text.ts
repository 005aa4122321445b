// One time format per output style (issue 23 item 7): RFC 3339 to the second in machine output (-o json|yaml, log
// lines), as Go's metav1.Time writes it; `Jan 02, 2006 15:04 UTC` (kubeadm certs check-expiration's) in what a person
// reads, beside kubectl's age ("5m", "23h": pki/duration.ts).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-30T23:16:05Z" */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Nov 30, 2026 23:16 UTC" */
export function humanTime(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
