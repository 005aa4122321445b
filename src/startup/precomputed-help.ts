// `kubectl csr --help` and `kubectl csr COMMAND --help` without loading yargs or any command: the build renders those
// texts with yargs (src/build/help-texts.ts) and bakes them in; bin.ts asks here first. What it buys (BENCHMARKS.md,
// build 3): `--help` from 90.6 ms to 41.8 ms, loading and running yargs having been 60 ms of a 110 ms start; a shell
// loop or completion framework that asks for help pays it each time. Anything else, including a width that was not
// rendered, goes the normal way, through main() and yargs, which print the same text.
/** argv joined by spaces ('' for the top level) → width → text. */
export type HelpTexts = Record<string, Record<number, string>>;

declare const __KUBECTL_CSR_HELP__: HelpTexts | undefined;

const HELP_FLAGS = ['--help', '-h'];

/** The baked text for argv at this width, or undefined: parse argv with yargs. */
export function precomputedHelp(argv: readonly string[], width: number): string | undefined {
  // `options` is answered with its help (main.ts).
  if (argv.length === 1 && argv[0] === 'options') argv = ['options', '--help'];
  const key = argv.length === 1 && HELP_FLAGS.includes(argv[0]!) ? '' : argv.length === 2 && HELP_FLAGS.includes(argv[1]!) ? argv[0]! : undefined;
  // The texts are looked at only for a help request: the bundle builds them, 100 kB of strings, on first use (esbuild's
  // lazy define), and every command that is not help would pay for it.
  if (key === undefined) return undefined;
  if (typeof __KUBECTL_CSR_HELP__ === 'undefined') return undefined; // run from source: nothing was baked
  if (!Object.hasOwn(__KUBECTL_CSR_HELP__, key)) return undefined;
  return __KUBECTL_CSR_HELP__[key]![width];
}
