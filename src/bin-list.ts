// The single executable's entry point for a `list` line (scripts/bundle.mjs builds it as a script of its own beside
// the bundle): the same main(), without yargs, the other verbs and their libraries, which the list line that main()
// reads without yargs never runs; a third of the bundle for V8 to copy, deserialise and set up before the request
// (BENCHMARKS.md, start-up). Any other line is handed back to the executable's main script, which runs the bundle
// (src/build/single-executable.ts).
import { readsWithoutYargs } from './main.js';
import { exitQuietlyWhenOutputCloses } from './util/closed-output.js';
import { runMain } from './run-main.js';

const argv = process.argv.slice(2);

/** Whether this script left the line to the bundle: it read nothing and ran nothing. */
export const handedOver = !readsWithoutYargs(argv);
if (!handedOver) {
  // As bin.ts: client-node's dependencies load the punycode module (DEP0040) for a user with an exec plugin.
  process.noDeprecation = true;
  exitQuietlyWhenOutputCloses();
  runMain(argv);
}
