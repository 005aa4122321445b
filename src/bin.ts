// The entry point (run-main.ts sets the exit code and ends the process).
//
// Nothing else is loaded until it is needed: help that the build rendered ahead and `version` are printed straight
// away, and main() with yargs and the commands comes in only for everything else (BENCHMARKS.md: a --help near Node's
// bare start).
import { precomputedHelp } from './startup/precomputed-help.js';
import { helpWidth } from './cli/terminal-width.js';
import { clientVersionOutput } from './version.js';
import { exitQuietlyWhenOutputCloses } from './util/closed-output.js';
import { runMain } from './run-main.js';

// The Node 22 runtime inside the binary warns (DEP0040) when client-node's dependencies tr46 and whatwg-url load the
// punycode module; a user can do nothing about it, and scripts should not see it on stderr. The client is loaded
// lazily, after this line.
process.noDeprecation = true;

exitQuietlyWhenOutputCloses();
const argv = process.argv.slice(2);
const printed = precomputedHelp(argv, helpWidth()) ?? clientVersionOutput(argv);
if (printed !== undefined) {
  process.stdout.write(printed);
  process.exitCode = 0;
} else {
  runMain(argv);
}

