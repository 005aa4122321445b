// `kubectl csr version` without loading the bundle, yargs or the printer (issue 26): version names only this binary
// (it talks to no cluster), so the entry points print it from the build's constants, as they print the baked --help.
// What it buys: BENCHMARKS.md, "Start-up". This file only says which lines ask for nothing else; src/version.ts writes
// the text, and main() prints the same bytes for every other way of asking (test/commands/run-version.test.ts).

export type VersionRequest = 'short' | 'text' | 'json' | 'yaml';

/** The ways of writing `-o FORMAT` that yargs reads as the same flag. */
const outputForms = (f: string) => [['-o', f], [`-o=${f}`], ['--output', f], [`--output=${f}`]];

/** `--version`, `version`, `version -o json|yaml` (each spelling of -o); undefined for any other line. */
export function versionRequest(argv: readonly string[]): VersionRequest | undefined {
  if (argv.length === 1 && argv[0] === '--version') return 'short';
  if (argv[0] !== 'version') return undefined;
  const rest = argv.slice(1);
  if (rest.length === 0) return 'text';
  return (['json', 'yaml'] as const).find((f) => outputForms(f).some((form) => form.length === rest.length && form.every((w, i) => w === rest[i])));
}
