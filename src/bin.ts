// The entry point: the only place that touches process.exitCode and, with util/closed-output.ts, process.exit.
//
// Nothing else is loaded until it is needed: help that the build rendered ahead and `version` are printed straight
// away, and main() with yargs and the commands comes in only for everything else (BENCHMARKS.md: a --help near Node's
// bare start).
import { precomputedHelp } from './startup/precomputed-help.js';
import { helpWidth } from './cli/terminal-width.js';
import { clientVersionOutput } from './version.js';
import { exitQuietlyWhenOutputCloses } from './util/closed-output.js';

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
  Promise.all([import('./main.js'), import('./io.js')])
    .then(([{ main }, { processIo }]) => main(argv, processIo()))
    .then(
      (code) => {
        process.exitCode = code;
        exitOnceWritten();
      },
      (err: unknown) => {
        process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      },
    );
}

/**
 * Ends the process once the command is done, without Node.js's teardown after its event loop empties: the heap freed
 * region by region and V8's background tasks waited for, about 9 ms of wall time after `list` has printed at load 7
 * (BENCHMARKS.md, start-up). A turn later, so that an error a write raised (EPIPE: util/closed-output.ts) is handled
 * first; and only when nothing is left queued on stdout or stderr (a pipe full behind a slow reader), which Node's own
 * exit would wait for.
 */
function exitOnceWritten(): void {
  setImmediate(() => {
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
  });
}
