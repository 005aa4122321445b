// Reading a file whose size nobody promised: refused before any byte is read when it is a device, a socket or a
// directory, or a regular file over the limit; a pipe (`-f <(cmd)`) is read up to the limit and no further.
// Without this, KUBECONFIG=/dev/zero read until V8 gave up at 631 MB (issue 27).
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';

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

/**
 * The file's bytes, read with blocking calls: five system calls in place of as many round trips through libuv's
 * thread pool (whose threads the first of them starts), for the small files read before a command's first request,
 * kubeconfigs (issue 26). A pipe blocks the thread until its writer is done, as a read of it would wait anyway.
 */
export function readBoundedSync(file: string, limit: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const info = fstatSync(fd);
    const problem = notAFile(info);
    if (problem) throw new ReadProblem(problem);
    if (info.isFile() && info.size > limit) throw new ReadProblem(`larger than ${sizeText(limit)}`);
    // A pipe reports size 0 and may be endless; a regular file may grow while it is read: read one byte more.
    const bytes = readAtMost(fd, limit + 1, info.isFile() ? info.size + 1 : 64 * 1024);
    if (bytes.length > limit) throw new ReadProblem(`larger than ${sizeText(limit)}`);
    return bytes;
  } catch (err) {
    if (err instanceof ReadProblem) throw err;
    throw new ReadProblem(openProblem(err), (err as NodeJS.ErrnoException).code);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** readBoundedSync as a promise, for callers that read whatever the user names (`-f FILE`). */
export function readBounded(file: string, limit: number): Promise<Buffer> {
  return new Promise((resolve) => resolve(readBoundedSync(file, limit)));
}

function notAFile(info: Stats): string | null {
  if (info.isFile() || info.isFIFO()) return null;
  if (info.isDirectory()) return 'is a directory';
  if (info.isCharacterDevice()) return 'is a character device, not a file';
  if (info.isBlockDevice()) return 'is a block device, not a file';
  return 'is not a regular file';
}

/** Up to `limit` bytes, in reads of `first` bytes and then of 64 KiB: a regular file's whole size at once. */
function readAtMost(fd: number, limit: number, first: number): Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  let want = first;
  while (size < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(want, limit - size));
    const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    size += bytesRead;
    want = 64 * 1024;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
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
