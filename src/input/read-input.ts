// Reads the file behind -f (or standard input for "-"), with the errors a user can act on.
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { Io } from '../io.js';

/** Requests, certificates and CSR objects are a few KiB; anything this big is a mistake or an attack. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export async function readInput(file: string, io: Io): Promise<Buffer> {
  if (file === '-') {
    const bytes = await io.readStdin();
    if (bytes.length > MAX_INPUT_BYTES) throw new InputError('<stdin>', `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    return bytes;
  }
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(file, 'is a directory');
    if (info.size > MAX_INPUT_BYTES) throw new InputError(file, `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    return await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, fsProblem(err));
  }
}

export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
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
