// The process boundary, passed in so that tests can hand in their own streams and environment.

export interface Writer {
  write(chunk: string): unknown;
  /** True when the stream is a terminal: colour, prompts and spinners only then. */
  isTTY?: boolean;
}

export interface Io {
  stdout: Writer;
  stderr: Writer;
  /** Reads all of standard input (for `-f -`). */
  readStdin(): Promise<Buffer>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org). */
export function wantsColour(io: Io, out: Writer = io.stdout): boolean {
  return out.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
