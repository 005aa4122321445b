// What both entry points run for a line they do not print straight away: main() with the process's streams, its exit
// code set, and the process ended once its output is written (bin.ts for every line, bin-list.ts for a `list` line).
// The only place, with util/closed-output.ts, that touches process.exitCode and process.exit.
export function runMain(argv: string[]): void {
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
