// Commands printed for the user to run (a renew, a resume) must paste into a shell as they are.

/** A path or name as a shell word: quoted only when it needs to be. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
