// Waits that talk (issue 23), in-process against the in-memory cluster: the one line a wait prints off a terminal,
// the status line a terminal sees rewritten, the resume command of a timeout, and `request` run again while its CSR
// exists with the key on disk, which resumes instead of failing.
import t from 'tap';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn, until } from '../fakes/run-command.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-waits-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const keyFile = at('jane.key');
writeFileSync(keyFile, rsaKeyPem('rsa-2048-2'), { mode: 0o600 });

const STARTS =
  'waiting up to 5m for the certificate of "jane": pending; someone allowed to approve for signer kubernetes.io/kube-apiserver-client ' +
  '(RBAC verb "approve" on signers) runs: kubectl csr approve jane\n';

t.test('off a terminal: one line when the wait starts, what it waits for and the approve command', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  const live = { stdout: '', stderr: '' };
  const waiting = runIn(fake, ['fetch', 'jane', '-O', at('off.crt')], { live });
  await until(() => live.stderr.length > 0, 'the wait says so');
  t.equal(live.stderr, STARTS);
  fake.setCondition('jane', 'Approved');
  fake.issue('jane');
  const r = await waiting;
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, new RegExp(`^${STARTS.replace(/[()]/g, '\\$&')}wrote certificate to ${at('off.crt')}\\ncredential ID `));
});

t.test('a CSR already approved is announced only if the signer takes longer than a moment', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  fake.setCondition('jane', 'Approved');
  const live = { stdout: '', stderr: '' };
  const waiting = runIn(fake, ['fetch', 'jane', '-O', at('signed.crt')], { live });
  await until(() => live.stderr.length > 0, 'the wait says so');
  t.equal(live.stderr, 'waiting up to 5m for the certificate of "jane": approved; waiting for signer kubernetes.io/kube-apiserver-client to issue it\n');
  fake.issue('jane');
  t.equal((await waiting).code, 0);
  const quick = new FakeCluster({ signer: true });
  quick.add(csrFor('jane', { key: 'rsa-2048-2' }));
  const approved = await runIn(quick, ['approve', 'jane']);
  t.equal(approved.code, 0, approved.stderr);
  const fetched = await runIn(quick, ['fetch', 'jane', '-O', '-']);
  t.notMatch(fetched.stderr, /waiting/, 'issued at once: nothing said');
});

t.test('on a terminal: a status line rewritten in place, erased when the wait ends', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  const live = { stdout: '', stderr: '' };
  const waiting = runIn(fake, ['fetch', 'jane', '-O', at('tty.crt')], { live, ttyColumns: 80 });
  await until(() => (live.stderr.match(/\[0:0\d of 5m\]/g)?.length ?? 0) >= 2, 'the status drawn twice (a tick)');
  const status =
    '] certificate of "jane": pending; someone allowed to approve for signer kubernetes.io/kube-apiserver-client (RBAC verb "approve" on signers) runs: kubectl csr approve jane';
  t.match(live.stderr, /^\[0:00 of 5m\] /);
  t.ok(live.stderr.startsWith(`[0:00 of 5m${status}`), live.stderr);
  // 164 characters on an 80-column terminal take three rows: back two rows up and clear to the end of the screen.
  t.match(live.stderr, `${status}\r\x1b[2A\x1b[J[0:0`);
  fake.setCondition('jane', 'Approved');
  fake.issue('jane');
  const r = await waiting;
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, '] certificate of "jane": approved; waiting for signer kubernetes.io/kube-apiserver-client to issue it\r', 'the status follows the CSR');
  t.match(r.stderr, `issue it\r\x1b[1A\x1b[Jwrote certificate to ${at('tty.crt')}\n`, 'the status (two rows) is erased before the next line');
  t.notMatch(r.stderr, /\n\[0:/, 'no status line left on a line of its own');
});

t.test('a timeout says how to resume: the fetch command with the key and the files asked for', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' }));
  // The wait's timers do not keep a process alive (a real watch's socket does; the in-memory one holds nothing).
  const alive = setInterval(() => {}, 1000);
  t.teardown(() => clearInterval(alive));
  const fetch = await runIn(fake, ['fetch', 'jane', '--key', keyFile, '--kubeconfig-out', at('jane.kubeconfig'), '--timeout', '1s'], { cwd: dir });
  t.equal(fetch.code, 5);
  t.equal(
    fetch.stderr,
    'waiting up to 1s for the certificate of "jane": pending; someone allowed to approve for signer kubernetes.io/kube-apiserver-client ' +
      '(RBAC verb "approve" on signers) runs: kubectl csr approve jane\n' +
      `error: timed out after 1s waiting for the certificate of "jane" (it is Pending); resume with: kubectl csr fetch jane --key ${keyFile} --kubeconfig-out ${at('jane.kubeconfig')}\n`,
  );
  const request = await runIn(fake, ['request', 'ann', '--key-out', at('ann.key'), '--key-type', 'ed25519', '--cert-out', at('ann.pem'), '--wait', '--timeout', '0']);
  t.equal(request.code, 5);
  t.match(request.stderr, `error: certificate signing request "ann" is Pending; no certificate yet; resume with: kubectl csr fetch ann --key ${at('ann.key')} --out ${at('ann.pem')}\n`);
});

t.test('request again while its CSR exists with the key on disk: it resumes the wait instead of failing', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-2' })); // what an interrupted `request jane` left, with jane.key
  const live = { stdout: '', stderr: '' };
  const again = runIn(fake, ['request', 'jane', '--key-out', keyFile, '--kubeconfig-out', at('resumed.kubeconfig'), '--cert-out', at('resumed.crt')], { live });
  await until(() => live.stderr.includes('waiting up to'), 'the resumed wait');
  t.equal(fake.requests.filter((r) => r.startsWith('POST')).length, 0, 'nothing created');
  fake.setCondition('jane', 'Approved');
  fake.issue('jane');
  const r = await again;
  t.equal(r.code, 0, r.stderr);
  t.equal(
    r.stderr.split('\n')[0],
    `certificate signing request "jane" exists with the key in ${keyFile}: resuming it, as kubectl csr fetch jane --key ${keyFile} --out ${at('resumed.crt')} --kubeconfig-out ${at('resumed.kubeconfig')} would`,
  );
  t.match(readFileSync(at('resumed.kubeconfig'), 'utf8'), /client-key-data: /);
  t.equal(readFileSync(keyFile, 'utf8'), rsaKeyPem('rsa-2048-2'), 'the key is kept as it was');

  // --key K while the CSR exists with K: resumed too; with --approve, approved first (after the policy).
  fake.add(csrFor('kim', { key: 'rsa-2048-2' }));
  const withKey = await runIn(fake, ['request', 'kim', '--key', keyFile, '--approve']);
  t.equal(withKey.code, 0, withKey.stderr);
  t.equal(withKey.stdout, 'certificatesigningrequest.certificates.k8s.io/kim approved\n');
  t.match(fake.object('kim')!.status!.conditions!.map((c) => c.type), ['Approved']);
  const unchanged = await runIn(fake, ['request', 'kim', '--key', keyFile]);
  t.equal(unchanged.stdout, 'certificatesigningrequest.certificates.k8s.io/kim unchanged\n');
});

t.test('a CSR of that name with another key is not touched: the refusals stand', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { key: 'rsa-2048-1' })); // somebody else's jane
  const copy = at('other.key');
  copyFileSync(keyFile, copy);
  const left = await runIn(fake, ['request', 'jane', '--key-out', copy]);
  t.equal(left.code, 1);
  t.equal(left.stderr, `error: ${copy}: private key already exists; if an earlier "request jane" was interrupted, resume it with: kubectl csr fetch jane --key ${copy}; or pass --overwrite to start over with a new key\n`);
  const given = await runIn(fake, ['request', 'jane', '--key', keyFile]);
  t.equal(given.code, 1);
  t.equal(given.stderr, 'error: Error from server (AlreadyExists): certificatesigningrequests.certificates.k8s.io "jane" already exists\n');
  t.equal(fake.object('jane')!.status?.conditions, undefined, 'not approved, not changed');
  t.notOk(existsSync(at('jane.crt')));
});
