// How wide help is wrapped, as kubectl decides it (k8s.io/kubectl/pkg/util/term, GetWordWrapperLimit): on a terminal,
// its width rounded down to 120, 100 or 80 columns; off a terminal, or on one narrower than 80, nothing is wrapped, so
// that a pipe or a file gets each flag's description on one line, as kubectl prints it.
/** The widths help is wrapped at; 0 means not wrapped. */
export const HELP_WIDTHS = [0, 80, 100, 120] as const;

export function helpWidth(stdout: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (!stdout.isTTY) return 0;
  return [...HELP_WIDTHS].reverse().find((w) => (stdout.columns ?? 0) >= w) ?? 0;
}
