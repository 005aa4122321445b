// Reads the file behind -f (or standard input for "-"), with the errors a user can act on.
import { InputError } from '../errors.js';
import type { Io } from '../io.js';
import { readBounded, ReadProblem, sizeText } from '../util/read-bounded.js';

/** Requests, certificates and CSR objects are a few KiB; anything this big is a mistake or an attack. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export async function readInput(file: string, io: Io): Promise<Buffer> {
  if (file === '-') {
    const bytes = await io.readStdin(MAX_INPUT_BYTES);
    if (bytes.length > MAX_INPUT_BYTES) throw new InputError('<stdin>', `larger than ${sizeText(MAX_INPUT_BYTES)}`);
    return bytes;
  }
  return readInputFile(file);
}

/**
 * A file, never standard input: for paths such as `--key` where "-" is just a name. Devices and oversized files are
 * refused before a byte is read (read-bounded.ts); `name` is the file as the user wrote it, for the message.
 */
export async function readInputFile(file: string, name = file): Promise<Buffer> {
  try {
    return await readBounded(file, MAX_INPUT_BYTES);
  } catch (err) {
    if (err instanceof ReadProblem) throw new InputError(name, err.problem);
    throw err;
  }
}

export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}
