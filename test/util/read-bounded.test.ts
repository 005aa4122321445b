// Files of unknown size: devices and oversized files refused before a byte is read, pipes read up to the limit.
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readBounded } from '../../src/util/read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-read-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('what is not a file, or is too large, is refused with the reason', async (t) => {
  await t.rejects(readBounded('/dev/zero', 1024), { message: 'is a character device, not a file' });
  await t.rejects(readBounded(dir, 1024), { message: 'is a directory' });
  await t.rejects(readBounded(join(dir, 'none'), 1024), { message: 'no such file', code: 'ENOENT' });
  const sparse = join(dir, 'sparse');
  writeFileSync(sparse, '');
  truncateSync(sparse, 1 << 30); // a GiB of nothing: refused by its size, so quickly
  await t.rejects(readBounded(sparse, 8 << 20), { message: 'larger than 8 MiB' });
  const exact = join(dir, 'exact');
  writeFileSync(exact, Buffer.alloc(1000, 0x41));
  t.equal((await readBounded(exact, 1000)).length, 1000, 'at the limit: read');
  await t.rejects(readBounded(exact, 999), { message: 'larger than 999 bytes' });
});

t.test('a pipe is read up to the limit and no further', async (t) => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const writer = spawn('sh', ['-c', `head -c 5000 /dev/zero > ${fifo}`]);
  const written = once(writer, 'exit');
  t.equal((await readBounded(fifo, 8192)).length, 5000);
  await written;
  const endless = spawn('sh', ['-c', `cat /dev/zero > ${fifo}`]);
  await t.rejects(readBounded(fifo, 4096), { message: 'larger than 4096 bytes' });
  endless.kill();
});
