// Reading a file whose size nobody promised: refused before any byte is read when it is a device, a socket or a
// directory, or a regular file over the limit; a pipe (`-f <(cmd)`) is read up to the limit and no further.
// Without this, KUBECONFIG=/dev/zero read until V8 gave up at 631 MB (issue 27).
import { open, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** What is wrong with the file, in words that follow its name ("/dev/zero: is a character device, not a file"). */
export class ReadProblem extends Error {
  constructor(
    readonly problem: string,
    readonly code?: string,
  ) {
    super(problem);
    this.name = 'ReadProblem';
  }
}

export function sizeText(limit: number): string {
  return limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
}

export async function readBounded(file: string, limit: number): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    const problem = notAFile(info);
    if (problem) throw new ReadProblem(problem);
    if (info.isFile() && info.size > limit) throw new ReadProblem(`larger than ${sizeText(limit)}`);
    // A pipe reports size 0 and may be endless; a regular file may grow while it is read: read one byte more.
    const bytes = await readAtMost(handle, limit + 1);
    if (bytes.length > limit) throw new ReadProblem(`larger than ${sizeText(limit)}`);
    return bytes;
  } catch (err) {
    if (err instanceof ReadProblem) throw err;
    throw new ReadProblem(openProblem(err), (err as NodeJS.ErrnoException).code);
  } finally {
    await handle?.close();
  }
}

function notAFile(info: Stats): string | null {
  if (info.isFile() || info.isFIFO()) return null;
  if (info.isDirectory()) return 'is a directory';
  if (info.isCharacterDevice()) return 'is a character device, not a file';
  if (info.isBlockDevice()) return 'is a block device, not a file';
  return 'is not a regular file';
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

function openProblem(err: unknown): string {
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
