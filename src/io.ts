// The process boundary, passed in so that tests can hand in their own streams and environment.
import { isatty } from 'node:tty';

export interface Writer {
  write(chunk: string): unknown;
  /** True when the stream is a terminal: colour, prompts and spinners only then. */
  isTTY?: boolean;
  /** A terminal's width, for a status line rewritten in place. */
  columns?: number;
}

export interface Io {
  stdout: Writer;
  stderr: Writer;
  /** Reads all of standard input (for `-f -`), or stops once more than `maxBytes` have come. */
  readStdin(maxBytes?: number): Promise<Buffer>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stdin is a terminal: only then may a command ask a question. */
  stdinIsTTY?: boolean;
  /** Asks on stderr and reads one line from stdin; null at the end of input or on Ctrl-C. */
  prompt?(question: string): Promise<string | null>;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > maxBytes) break; // `cat /dev/zero | kubectl csr inspect -f -` must not fill the memory
      }
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
    // Not process.stdin.isTTY: that makes the stdin stream and loads its modules at every start, for commands that
    // never read it (`list`).
    stdinIsTTY: isatty(0),
    prompt: async (question) => {
      // Loaded on the first question: readline's modules were a cost of every start, for the few commands that ask.
      const { createInterface } = process.getBuiltinModule('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // readline closes itself on Ctrl-D and, on a terminal, on Ctrl-C; its question would then never settle.
      const closed = new Promise<null>((resolve) => rl.once('close', () => resolve(null)));
      try {
        return await Promise.race([rl.question(question).catch(() => null), closed]);
      } finally {
        rl.close();
      }
    },
  };
}
