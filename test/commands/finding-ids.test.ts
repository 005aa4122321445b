// A finding id is named once (issue 23 item 7): CN=system:node:x with O=system:nodes makes two impersonates-node
// findings, and the refusal, the bulk run's decision table and a denial's message each name the id once.
import t from 'tap';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor, runIn } from '../fakes/run-command.js';

t.test('two findings of one id: the id once in the refusal, the decision table and the denial message', async (t) => {
  const fake = new FakeCluster();
  fake.add(csrFor('node', { cn: 'system:node:x', groups: ['system:nodes'] }));
  const refused = await runIn(fake, ['approve', 'node']);
  t.equal(refused.code, 6);
  t.match(refused.stderr, /\(to override, --allow impersonates-node\)\n$/);
  t.equal(refused.stderr.match(/\[impersonates-node\]/g)?.length, 2, 'each finding still says what it found');
  const table = await runIn(fake, ['approve', '--pending', '--dry-run=client']);
  t.match(table.stdout, /refuse +impersonates-node\n/);
  t.notMatch(table.stdout, /impersonates-node,impersonates-node/);
  const denied = await runIn(fake, ['deny', 'node']);
  t.equal(denied.code, 0, denied.stderr);
  t.match(fake.object('node')!.status!.conditions![0]!.message, /Findings: impersonates-node\.$/);
});
