// Atomic writes: the owner and mode asked for, failures that name the file and what was kept, and the temporary files
// of a writer that was killed removed by the next write into the directory (they may hold a private key).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSafely } from '../../src/util/write-file-safely.js';
import { checkRoom } from '../../src/util/room-check.js';
import { removeStaleTemps, tempPathFor } from '../../src/util/stale-temps.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-write-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const root = process.getuid?.() === 0;
const deadPid = () => spawnSync('true').pid;

t.test('the mode asked for, whatever the umask, and the owner asked for', { skip: root ? false : 'chown to another user needs root' }, async (t) => {
  const file = join(dir, 'owned.kubeconfig');
  await writeFileSafely(file, 'x', { mode: 0o640, overwrite: false, what: 'kubeconfig', owner: { uid: 65534, gid: 65534 } });
  const s = statSync(file);
  t.same([s.uid, s.gid, s.mode & 0o777], [65534, 65534, 0o640]);
  await writeFileSafely(file, 'y', { mode: 0o604, overwrite: true, what: 'kubeconfig', owner: { uid: 65534, gid: 0 } });
  const again = statSync(file);
  t.same([again.uid, again.gid, again.mode & 0o777, readFileSync(file, 'utf8')], [65534, 0, 0o604, 'y']);
});

t.test('a failure names the file, the reason in words, and what was kept; no temporary file stays', async (t) => {
  await t.rejects(writeFileSafely(join(dir, 'nowhere', 'k.key'), 'k', { mode: 0o600, overwrite: false, what: 'private key', kept: 'no CSR was created' }), {
    message: `${join(dir, 'nowhere', 'k.key')}: cannot write private key: directory ${join(dir, 'nowhere')} does not exist; no CSR was created`,
  });
  const file = join(dir, 'exists.key');
  writeFileSync(file, 'precious');
  await t.rejects(writeFileSafely(file, 'new', { mode: 0o600, overwrite: false, what: 'private key' }), { message: `${file}: private key already exists; pass --overwrite to replace it` });
  t.equal(readFileSync(file, 'utf8'), 'precious');
  t.same(readdirSync(dir).filter((n) => n.includes('.tmp-')), []);
});

t.test("the next write into a directory removes a dead writer's temporary files, and only those", async (t) => {
  const sub = join(dir, 'leftovers');
  mkdirSync(sub);
  const dead = join(sub, `.jane-20261129231500.key.tmp-${deadPid()}-0123456789ab`);
  const live = join(sub, `.jane.key.tmp-${process.ppid}-0123456789ab`);
  const oldLive = join(sub, `.old.key.tmp-${process.ppid}-ba9876543210`);
  const unrelated = join(sub, '.jane.key.tmp-notours');
  for (const f of [dead, live, oldLive, unrelated]) writeFileSync(f, '-----BEGIN PRIVATE KEY-----\n');
  const hourAgo = new Date(Date.now() - 3700_000);
  utimesSync(oldLive, hourAgo, hourAgo);
  await writeFileSafely(join(sub, 'other.crt'), 'c', { mode: 0o644, overwrite: false, what: 'certificate' });
  t.same(readdirSync(sub).sort(), ['.jane.key.tmp-notours', `.jane.key.tmp-${process.ppid}-0123456789ab`, 'other.crt'].sort());
  t.same(await removeStaleTemps(sub), [], 'nothing more to remove');
  t.match(tempPathFor(join(sub, 'x.key')), new RegExp(`/\\.x\\.key\\.tmp-${process.pid}-[0-9a-f]{12}$`));
});

t.test('the room check rehearses the writes and leaves nothing; a missing directory is named', async (t) => {
  const sub = join(dir, 'room');
  mkdirSync(sub);
  await checkRoom([{ path: join(sub, 'a.kubeconfig'), size: 100_000, what: 'kubeconfig' }, { path: join(sub, 'a.key'), size: 4096, what: 'private key' }], 'kept');
  t.same(readdirSync(sub), []);
  await t.rejects(checkRoom([{ path: join(dir, 'gone', 'a.crt'), size: 10, what: 'certificate' }], 'nothing was written'), {
    message: `${join(dir, 'gone', 'a.crt')}: cannot write certificate: directory ${join(dir, 'gone')} does not exist; nothing was written`,
  });
  t.equal(existsSync(join(dir, 'gone')), false);
});
