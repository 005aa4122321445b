// A reader that goes away (`kubectl csr completion bash | head -1`) ends the command quietly, with the status a shell
// reports for kubectl then (141: it dies of SIGPIPE); before, the failed write was an uncaught EPIPE and a stack trace.
import t from 'tap';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/run-cli.js';

/** Runs the binary with its stdout's reading end closed before it starts: its first write fails. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

// completion bash goes through main() and yargs; --help is the text the build baked, printed before main() loads.
for (const args of [['completion', 'bash'], ['list', '--help'], ['--help']]) {
  t.test(`kubectl-csr ${args.join(' ')} into a closed pipe: exit 141, nothing on stderr`, async (t) => {
    const res = await runIntoClosedPipe(args);
    t.equal(res.stderr, '');
    t.equal(res.signal, null);
    t.equal(res.code, 141);
  });
}
