// approve and deny, in-process against the in-memory cluster (test/fakes/): one, bulk, -o, conflicts, policy
// refusals, --interactive, and --watch through restarts and 410 Gone.
import t from 'tap';
import { ApiError } from '../../src/kube/api-error.js';
import { FINDING_IDS } from '../../src/policy/finding-ids.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn, until } from '../fakes/run-command.js';
import { toPem } from '../../src/pki/pem.js';
import { derOf } from '../fixtures/pki/openssl.js';

const conditions = (fake: FakeCluster, name: string) => (fake.object(name)?.status?.conditions ?? []).map((c) => `${c.type}/${c.reason}`);

t.test('approve NAME: one PUT, the line, the grant summary on stderr', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane', { groups: ['dev'] }));
  const r = await runIn(fake, ['approve', 'csr/jane']);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/jane approved\n');
  t.match(r.stderr, /jane/);
  t.strictSame(conditions(fake, 'jane'), ['Approved/KubectlCsrApprove']);
  t.strictSame(fake.requests, ['GET jane', 'FACTS', 'PUT jane/approval']);
  const again = await runIn(fake, ['approve', 'jane']);
  t.equal(again.code, 0, 'already approved: success without a PUT');
  t.equal(fake.requests.filter((r) => r.startsWith('PUT')).length, 1);
});

t.test('deny NAME -o json: the object as the server returned it; --reason and --message kept', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('joe'));
  const r = await runIn(fake, ['deny', 'joe', '-o', 'json', '--reason', 'Nope', '--message', 'not today']);
  t.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  t.match(printed.status.conditions, [{ type: 'Denied', reason: 'Nope', message: 'not today', status: 'True' }]);
  t.equal(printed.metadata.resourceVersion, fake.object('joe')!.metadata.resourceVersion);
  const approve = await runIn(fake, ['approve', 'joe']);
  t.equal(approve.code, 3, 'approving a denied CSR: exit 3');
  t.equal(approve.stderr.trimEnd().split('\n').at(-1), 'error: certificate signing request "joe" is already Denied');
});

t.test('a 409 Conflict reads again and retries; a 429 is a fault (exit 8) with the server words', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('jane'));
  fake.failNext('updateApproval', new ApiError(409, 'Conflict', 'the object has been modified'));
  const r = await runIn(fake, ['approve', 'jane']);
  t.equal(r.code, 0, r.stderr);
  t.strictSame(fake.requests, ['GET jane', 'FACTS', 'PUT jane/approval', 'GET jane', 'PUT jane/approval']);
  fake.add(csrFor('ann'));
  fake.failNext('get', FakeCluster.tooManyRequests());
  const busy = await runIn(fake, ['approve', 'ann']);
  // A 429 is a fault, not a decision (issue 27): exit 8, and the line names the CSR that was not decided.
  t.equal(busy.code, 8);
  t.match(busy.stderr, /^error: "ann" not approved: Error from server \(TooManyRequests\): /m);
  const missing = await runIn(fake, ['approve', 'nobody', 'ann']);
  t.equal(missing.code, 1);
  t.equal(missing.stdout, 'certificatesigningrequest.certificates.k8s.io/ann approved\n', 'the others are still decided');
  t.match(missing.stderr, 'error: Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nobody" not found');
});

t.test('approve refuses what the policy blocks (exit 6) unless --allow names it', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('root', { groups: ['system:masters'] }));
  const r = await runIn(fake, ['approve', 'root']);
  t.equal(r.code, 6);
  t.match(r.stderr, /refusing to approve "root": .*\(to override, --allow privileged-group,subject-rejected-by-signer\)\n$/);
  t.strictSame(conditions(fake, 'root'), []);
  const allowed = await runIn(fake, ['approve', 'root', '--allow', 'privileged-group', '--allow', 'subject-rejected-by-signer']);
  t.equal(allowed.code, 0, allowed.stderr);
  t.strictSame(conditions(fake, 'root'), ['Approved/KubectlCsrApprove']);
});

t.test('a request whose self-signature does not verify is refused (invalid-signature) by approve NAME, --pending and --watch', async (t) => {
  const fake = new FakeCluster();
  // jane's request with the last byte of its signature changed: everything else would be approved.
  const forged = (name: string) => {
    const csr = csrFor(name);
    const der = derOf(Buffer.from(csr.spec.request, 'base64').toString());
    der[der.length - 1]! ^= 0x01;
    return { ...csr, spec: { ...csr.spec, request: Buffer.from(toPem('CERTIFICATE REQUEST', der)).toString('base64') } };
  };
  fake.add(forged('one'));
  const one = await runIn(fake, ['approve', 'one']);
  t.equal(one.code, 6);
  t.equal(one.stderr.trimEnd().split('\n').at(-1), 'error: refusing to approve "one": [invalid-signature] the self-signature does not verify: the requester may not hold the key (to override, --allow invalid-signature)');
  const pending = await runIn(fake, ['approve', '--pending']);
  t.equal(pending.code, 6);
  t.match(pending.stderr, /approved 0, refused by policy 1, failed 0\n$/);
  const live = { stdout: '', stderr: '' };
  const watching = runIn(fake, ['approve', '--pending', '--watch'], { live });
  fake.add(forged('two'));
  await until(() => live.stdout.split('\n').length === 3, 'both refused');
  process.emit('SIGTERM');
  const watched = await watching;
  t.equal(watched.code, 0, watched.stderr);
  t.strictSame(watched.stdout.trimEnd().split('\n').map((l) => l.replace(/^\S+ /, '')).sort(), ['one', 'two'].map((n) => `refused ${n}: [invalid-signature] the self-signature does not verify: the requester may not hold the key (to override, --allow invalid-signature)`));
  t.strictSame([conditions(fake, 'one'), conditions(fake, 'two')], [[], []]);
  t.notOk(fake.requests.some((r) => r.startsWith('PUT')), 'no approval sent');
});

t.test('--allow takes only finding ids: another is a usage error (exit 2) that lists them, before anything is read', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('root', { groups: ['system:masters'] }));
  const r = await runIn(fake, ['approve', 'root', '--allow', 'privileged-group,privileged-groups']);
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.equal(r.stderr, `error: --allow privileged-groups: no policy finding has this id; the ids are ${FINDING_IDS.join(', ')}\n`);
  t.match(r.stderr, /the ids are privileged-group, privileged-user, .*, rbac-path-warn\n$/);
  t.strictSame(fake.requests, [], 'nothing read');
  t.strictSame(conditions(fake, 'root'), []);
});

t.test('--pending: a decision table, then one line each; --dry-run changes nothing; deny --failing', async (t) => {
  const fake = new FakeCluster();
  for (const n of ['c', 'a', 'b']) fake.add(csrFor(n));
  fake.add(csrFor('bad', { groups: ['system:masters'] }));
  fake.add(csrFor('other', { signer: 'example.com/other' }));
  const dry = await runIn(fake, ['approve', '--pending', '--signer', 'kubernetes.io/kube-apiserver-client', '--dry-run']);
  t.equal(dry.code, 6, 'the blocked one is reported in a dry run too');
  t.match(dry.stdout, /approved \(dry run\)\n$/);
  t.notOk(fake.requests.some((r) => r.startsWith('PUT')), 'a dry run sends no update');
  const run = await runIn(fake, ['approve', '--pending', '--signer', 'kubernetes.io/kube-apiserver-client']);
  t.equal(run.code, 6, 'one was refused by policy');
  t.match(run.stdout, /a +.*\n(.*\n)*certificatesigningrequest.certificates.k8s.io\/a approved\ncertificatesigningrequest.certificates.k8s.io\/b approved\ncertificatesigningrequest.certificates.k8s.io\/c approved\n$/);
  t.match(run.stderr, /approved 3, refused by policy 1, failed 0\n$/);
  t.strictSame(conditions(fake, 'other'), [], 'another signer is left alone');
  const deny = await runIn(fake, ['deny', '--pending', '--failing', '-o', 'name']);
  t.equal(deny.code, 0, deny.stderr);
  t.equal(deny.stdout, 'certificatesigningrequest.certificates.k8s.io/bad\n', 'with -o, the table goes to stderr');
  t.match(fake.object('bad')!.status!.conditions![0]!.message, /Findings: privileged-group/);
});

t.test('approve --pending -i: each CSR asked about; a block needs its ids typed', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('a'));
  fake.add(csrFor('b', { groups: ['system:masters'] }));
  fake.add(csrFor('c'));
  const r = await runIn(fake, ['approve', '--pending', '-i'], { answers: ['y', 'y', 'privileged-group subject-rejected-by-signer', 'd', 'go away'] });
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/a approved\ncertificatesigningrequest.certificates.k8s.io/b approved\ncertificatesigningrequest.certificates.k8s.io/c denied\n');
  t.match(r.stderr, /"y" does not override a block/);
  t.match(r.stderr, /approved 2, denied 1, skipped 0, failed 0\n$/);
  t.equal(fake.object('c')!.status!.conditions![0]!.message, 'go away');
  const quit = await runIn(fake, ['approve', 'a', 'c', '-i'], { answers: [] });
  t.match(quit.stderr, /skipped 2/);
  const noTerminal = await runIn(fake, ['approve', '--pending', '-i']);
  t.equal(noTerminal.code, 2);
});

t.test('approve --pending --watch: decides as CSRs arrive, through a restarted watch and a 410 Gone', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('first'));
  const running = runIn(fake, ['approve', '--pending', '--watch']);
  await until(() => conditions(fake, 'first').length === 1, 'first approved');
  fake.add(csrFor('second'));
  await until(() => conditions(fake, 'second').length === 1, 'second approved');
  fake.endWatches(); // the server ends the watch: carry on from the last version
  fake.add(csrFor('third'));
  await until(() => conditions(fake, 'third').length === 1, 'third approved after a restart');
  fake.endWatches(); // the next watch is from a compacted version: 410, then a new list
  fake.add(csrFor('fourth'));
  // Compacted up to the version before fourth's, as a server compacts: never the version a new list answers with.
  fake.compactedThrough = Number(fake.object('fourth')!.metadata.resourceVersion) - 1;
  await until(() => conditions(fake, 'fourth').length === 1, 'fourth approved after the relist');
  fake.add(csrFor('blocked', { groups: ['system:masters'] }));
  await until(() => fake.requests.filter((r) => r === 'FACTS').length >= 5, 'blocked assessed');
  await new Promise((r) => setTimeout(r, 20));
  process.emit('SIGTERM');
  const r = await running;
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => l.replace(/^\S+ /, ''));
  t.strictSame(lines, ['approved first', 'approved second', 'approved third', 'approved fourth', 'refused blocked'].map((l) => (l.startsWith('refused') ? lines.at(-1) : l)));
  t.match(r.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ approved first$/m);
  t.match(r.stderr, /approved 4, refused by policy 1, failed 0\n$/);
  t.ok(fake.requests.some((q) => q.startsWith('LIST')) && fake.requests.filter((q) => q.startsWith('LIST')).length >= 2, 'listed again after the 410');
});
