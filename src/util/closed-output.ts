// Apart from io.ts: both entry points call this before printing the help the build rendered, and that path loads
// nothing it does not need (readline, for one).
import { ExitCode } from '../errors.js';

/**
 * A reader that goes away (`kubectl csr list | head -1`) ends the process at once and quietly. kubectl, as any Go
 * program, dies of SIGPIPE then, which a shell reports as 141; Node.js ignores SIGPIPE, so the write fails with EPIPE
 * instead, an uncaught error with a stack trace unless it is handled here.
 */
export function exitQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      // Not process.exitCode: the work may never write again (list --watch), and no one is left to read it.
      process.exit(ExitCode.brokenPipe);
    });
  }
}
