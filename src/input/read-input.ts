// src/input/: reading what the user hands in (-f files, standard input); a sibling of output/, never imports it.
// Reads the file behind -f (or standard input for "-"), with the errors a user can act on.
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { Io } from '../io.js';

/** Requests, certificates and CSR objects are a few KiB; anything this big is a mistake or an attack. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;
const TOO_LARGE = `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`;

export async function readInput(file: string, io: Io): Promise<Buffer> {
  if (file === '-') {
    const bytes = await io.readStdin(MAX_INPUT_BYTES);
    if (bytes.length > MAX_INPUT_BYTES) throw new InputError('<stdin>', TOO_LARGE);
    return bytes;
  }
  return readInputFile(file);
}

/** A file, never standard input: for paths such as `--key` where "-" is just a name. */
export async function readInputFile(file: string): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) throw new InputError(file, 'is a directory');
    // Not the size stat reports: it is 0 for devices and pipes (/dev/zero, `-f <(cmd)`), which can be endless.
    const bytes = await readAtMost(handle, MAX_INPUT_BYTES + 1);
    if (bytes.length > MAX_INPUT_BYTES) throw new InputError(file, TOO_LARGE);
    return bytes;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, fsProblem(err));
  } finally {
    await handle?.close();
  }
}

export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - size));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    size += bytesRead;
  }
  return Buffer.concat(chunks);
}

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read (${code ?? String(err)})`;
  }
}
