// Files that cannot be written, against the real control plane (issue 27): a full file system, a read-only mount, and
// a kubeconfig that another account owns. For each: request, fetch and renew stop before any CSR is created when
// their write could not succeed, the error names the file and says what was kept, and every kubeconfig stays usable
// by its owner. The mounts are tmpfs (root ignores file modes, not a read-only or full mount).
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { BIN } from '../helpers/run-cli.js';
import { run } from '../package/run.js';
import { api } from './api.js';
import { admin, adminCreds, cli, credentialsOf, CSR_PATH, csrNames, newUser, plane, tag, whoAmI, workdir } from './renew-fixtures.js';

const NOBODY = 65534;
const root = process.getuid?.() === 0;

/** Why this machine cannot mount a tmpfs (not root, no CAP_SYS_ADMIN), or null when it can. */
function mountProblem(): string | null {
  if (!root) return 'not root';
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const cannotMount = mountProblem();
const mountSkip = cannotMount ? `cannot mount a tmpfs here (${cannotMount}); run npm test as root with CAP_SYS_ADMIN` : false;

function tmpfs(t: Test, name: string, size: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `kubectl-csr-${name}-`)));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  t.teardown(() => {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes until the file system says ENOSPC: then not one more page fits. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 0x41);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

async function csrStatus(name: string): Promise<number> {
  return (await api(adminCreds(), 'GET', `${CSR_PATH}/${name}`)).status;
}

/** The user's identity as the API server sees it, from the file alone. */
async function usableAs(file: string, cn: string): Promise<string> {
  return (await whoAmI(credentialsOf(file, cn))).username;
}

t.test('a full file system: renew, request and fetch stop before any CSR; renew works once there is room', { skip: mountSkip }, async (t) => {
  const cwd = workdir('full-src');
  const cn = `full-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  const full = tmpfs(t, 'full', '256k');
  const file = join(full, 'jane.kubeconfig');
  copyFileSync(kubeconfig, file);
  const before = readFileSync(file);
  fill(full);

  const renew = await cli(['renew', file, '--approve', '--name', `${cn}-renew-full`], cwd);
  t.equal(renew.code, 1);
  t.match(renew.stderr, new RegExp(`^error: ${full}/jane\\.kubeconfig[.a-z]*: cannot (write kubeconfig|create the lock): no space left on the device of ${full}; nothing was sent, and the kubeconfig ${file} is unchanged\\n$`));
  t.equal(await csrStatus(`${cn}-renew-full`), 404, 'no CSR was created');
  t.same(await csrNames(`${cn}-renew`), [], 'none under another name either');
  t.same(readFileSync(file), before, 'the kubeconfig is byte for byte what it was');
  t.same(readdirSync(full).sort(), ['filler', 'jane.kubeconfig'], 'no lock, no temporary file');
  t.equal(await usableAs(file, cn), cn, 'and its user still logs in with it');

  const request = await cli(['request', `${cn}-req`, '--approve', '--kubeconfig-out', 'req.kubeconfig'], full);
  t.equal(request.code, 1);
  t.equal(request.stderr, `error: ${cn}-req.key: cannot write private key: no space left on the device of the current directory; nothing was sent to the cluster\n`);
  t.equal(await csrStatus(`${cn}-req`), 404, 'request: no CSR was created');

  const fetch = await cli(['fetch', cn, '-O', join(full, 'jane.crt')], cwd);
  t.equal(fetch.code, 1);
  t.equal(fetch.stderr, `error: ${full}/jane.crt: cannot write certificate: no space left on the device of ${full}; nothing was written\n`);
  t.same(readdirSync(full).sort(), ['filler', 'jane.kubeconfig']);

  rmSync(join(full, 'filler'));
  const again = await cli(['renew', file, '--approve', '--name', `${cn}-renew-room`], cwd);
  t.equal(again.code, 0, again.stderr);
  t.equal(await usableAs(file, cn), cn, 'with room, the same command renews, and the file works');
  t.not(readFileSync(file).toString(), before.toString());
});

t.test('a read-only directory: renew and request --kubeconfig-out stop before any CSR, naming the directory', { skip: mountSkip }, async (t) => {
  const cwd = workdir('ro-src');
  const cn = `ro-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  const ro = tmpfs(t, 'ro', '1m');
  const file = join(ro, 'jane.kubeconfig');
  copyFileSync(kubeconfig, file);
  const before = readFileSync(file);
  execFileSync('mount', ['-o', 'remount,ro', ro]);

  const renew = await cli(['renew', file, '--approve', '--name', `${cn}-renew-ro`], cwd);
  t.equal(renew.code, 1);
  t.equal(renew.stderr, `error: ${file}.lock: cannot create the lock: ${ro} is on a read-only file system; nothing was sent, and the kubeconfig ${file} is unchanged\n`);
  t.equal(await csrStatus(`${cn}-renew-ro`), 404, 'no CSR was created');
  t.same(readFileSync(file), before);
  t.equal(await usableAs(file, cn), cn);

  const out = workdir('ro-request');
  const request = await cli(['request', `${cn}-req`, '--approve', '--kubeconfig-out', join(ro, 'new.kubeconfig')], out);
  t.equal(request.code, 1);
  t.equal(request.stderr, `error: ${ro}/new.kubeconfig: cannot write kubeconfig: ${ro} is on a read-only file system; nothing was sent to the cluster\n`);
  t.equal(await csrStatus(`${cn}-req`), 404, 'request: no CSR was created');
  t.same(readdirSync(out), [], 'and no key was written');
});

t.test('file references in a read-only directory: the kubeconfig is writable, the certificates are not', { skip: mountSkip }, async (t) => {
  const cwd = workdir('ro-refs');
  const cn = `rorefs-${tag}`;
  const { config } = await newUser(cwd, cn);
  const certs = join(cwd, 'certs');
  mkdirSync(certs);
  copyFileSync(join(cwd, `${cn}.crt`), join(certs, `${cn}.crt`));
  copyFileSync(join(cwd, `${cn}.key`), join(certs, `${cn}.key`));
  const user = config.users[0];
  delete user.user['client-certificate-data'];
  delete user.user['client-key-data'];
  Object.assign(user.user, { 'client-certificate': `certs/${cn}.crt`, 'client-key': `certs/${cn}.key` });
  const file = join(cwd, 'refs.kubeconfig');
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  const before = readFileSync(file);
  execFileSync('mount', ['--bind', certs, certs]);
  t.teardown(() => execFileSync('umount', ['-l', certs]));
  execFileSync('mount', ['-o', 'remount,bind,ro', certs]);

  const renew = await cli(['renew', file, '--approve', '--name', `${cn}-renew`], cwd);
  t.equal(renew.code, 1);
  t.match(renew.stderr, new RegExp(`^error: ${certs}/${cn}-\\d{14}\\.crt: cannot write certificate: ${certs} is on a read-only file system; nothing was sent, and the kubeconfig ${file} is unchanged\\n$`));
  t.equal(await csrStatus(`${cn}-renew`), 404, 'no CSR was created');
  t.same(readFileSync(file), before);
  t.same(readdirSync(certs).sort(), [`${cn}.crt`, `${cn}.key`]);
  t.same(readdirSync(cwd).sort(), [`${cn}.crt`, `${cn}.key`, `${cn}.kubeconfig`, 'certs', 'refs.kubeconfig'].sort(), 'no lock left beside the kubeconfig');
  t.equal(await usableAs(file, cn), cn);
});

/** Runs a command as nobody (uid and gid 65534, no supplementary groups). */
function asNobody(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', cmd, ...args], { env: { PATH: process.env.PATH, ...env }, timeoutMs: 120_000 });
}

t.test("root renews nobody's kubeconfig: owner, group and mode kept, also of the new key and certificate files", { skip: root ? false : 'needs root (chown)' }, async (t) => {
  const cwd = workdir('owned');
  chmodSync(cwd, 0o755);
  const cn = `owned-${tag}`;
  const { config } = await newUser(cwd, cn);
  const certs = join(cwd, 'certs');
  mkdirSync(certs, { mode: 0o755 });
  copyFileSync(join(cwd, `${cn}.crt`), join(certs, 'jane.crt'));
  copyFileSync(join(cwd, `${cn}.key`), join(certs, 'jane.key'));
  const user = config.users[0];
  delete user.user['client-certificate-data'];
  delete user.user['client-key-data'];
  Object.assign(user.user, { 'client-certificate': 'certs/jane.crt', 'client-key': 'certs/jane.key' });
  const refs = join(cwd, 'refs.kubeconfig');
  writeFileSync(refs, yaml.dump(config));
  const embedded = join(cwd, `${cn}.kubeconfig`);
  for (const [f, mode] of [[refs, 0o600], [embedded, 0o640], [join(certs, 'jane.crt'), 0o644], [join(certs, 'jane.key'), 0o600]] as const) {
    chownSync(f, NOBODY, NOBODY);
    chmodSync(f, mode);
  }

  // Two renews of one user, most often within one second: the default names differ by the new key (CN-renew-TIMESTAMP-KEY).
  for (const file of [refs, embedded]) {
    const res = await cli(['renew', file, '--approve', '--backup'], cwd);
    t.equal(res.code, 0, res.stderr);
  }
  const owner = (f: string) => {
    const s = statSync(f);
    return [s.uid, s.gid, (s.mode & 0o777).toString(8)];
  };
  t.same(owner(refs), [NOBODY, NOBODY, '600'], 'the kubeconfig: still nobody:nogroup 0600');
  t.same(owner(`${refs}.bak`), [NOBODY, NOBODY, '600'], 'and its backup');
  t.same(owner(embedded), [NOBODY, NOBODY, '640'], 'embedded: still nobody:nogroup 0640');
  const renewed = (yaml.load(readFileSync(refs, 'utf8')) as any).users[0].user;
  t.match(renewed['client-key'], /^certs\/jane-\d{14}\.key$/);
  t.same(owner(join(cwd, renewed['client-key'])), [NOBODY, NOBODY, '600'], 'the new key: as the old key');
  t.same(owner(join(cwd, renewed['client-certificate'])), [NOBODY, NOBODY, '644'], 'the new certificate: as the old one');
  t.equal(readdirSync(certs).length, 4, 'two old files and two new ones, nothing else');

  for (const f of [refs, embedded, join(cwd, renewed['client-key'])]) {
    const cat = await asNobody('cat', [f]);
    t.equal(cat.code, 0, `nobody reads ${f}: ${cat.stderr}`);
  }
  t.equal(await usableAs(refs, cn), cn);
  t.equal(await usableAs(embedded, cn), cn);
  if (plane.kubectl) {
    const home = mkdtempSync(join(tmpdir(), 'kubectl-csr-nobody-home-'));
    chownSync(home, NOBODY, NOBODY);
    for (const file of [refs, embedded]) {
      const who = await asNobody(plane.kubectl, ['--kubeconfig', file, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { HOME: home });
      t.same([who.code, who.stdout], [0, cn], `kubectl run by nobody with ${file}: ${who.stderr}`);
    }
  }
});

t.test('renew run by nobody on a file root owns: refused before any CSR, as it would lock root out', { skip: root ? false : 'needs root (setpriv)' }, async (t) => {
  const cwd = realpathSync(workdir('not-mine'));
  const cn = `notmine-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  chmodSync(kubeconfig, 0o644); // nobody may read it, not replace it as root's
  chownSync(cwd, NOBODY, NOBODY);
  const adminCopy = join(cwd, 'admin.kubeconfig');
  copyFileSync(admin().KUBECONFIG, adminCopy);
  chownSync(adminCopy, NOBODY, NOBODY);
  const before = readFileSync(kubeconfig);

  const res = await asNobody(BIN, ['renew', kubeconfig, '--approve', '--name', `${cn}-by-nobody`], { KUBECONFIG: adminCopy, HOME: cwd });
  t.equal(res.code, 1);
  t.equal(
    res.stderr,
    `error: ${kubeconfig}: cannot give the new kubeconfig the owner of the one it replaces (uid 0, gid 0) as uid ${NOBODY}: it would lock its owner out; ` +
      `run this as that user or as root; nothing was sent, and the kubeconfig ${kubeconfig} is unchanged\n`,
  );
  t.equal(await csrStatus(`${cn}-by-nobody`), 404, 'no CSR was created');
  t.same(readFileSync(kubeconfig), before);
  t.same([statSync(kubeconfig).uid, statSync(kubeconfig).mode & 0o777], [0, 0o644]);
  t.same(readdirSync(cwd).sort(), [`${cn}.crt`, `${cn}.key`, `${cn}.kubeconfig`, 'admin.kubeconfig'].sort(), 'no lock, no temporary file');
  t.equal(await usableAs(kubeconfig, cn), cn);
});
