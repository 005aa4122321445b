// version, in-process: the text for people and the same facts under -o json|yaml, through the one printer.
import t from 'tap';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { runIn } from '../fakes/run-command.js';

t.test('version: four lines, or the facts as json or yaml; a format it cannot print is a usage error', async (t) => {
  const fake = new FakeCluster();
  const text = await runIn(fake, ['version']);
  t.equal(text.code, 0);
  t.match(text.stdout, new RegExp(`^Version:  \\S+\\nCommit:   \\S+\\nNode.js:  ${process.version} \\(${process.execPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)\\nPlatform: \\S+/\\S+\\n$`));
  const json = JSON.parse((await runIn(fake, ['version', '-o', 'json'])).stdout);
  t.strictSame(Object.keys(json), ['version', 'commit', 'node', 'platform', 'singleExecutable']);
  t.equal(json.singleExecutable, false);
  t.match((await runIn(fake, ['version', '-o', 'yaml'])).stdout, /^version: \S+\ncommit: /);
  const bad = await runIn(fake, ['version', '-o', 'name']);
  t.strictSame(bad, { code: 2, stdout: '', stderr: 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n' });
  t.same(fake.requests, [], 'version never connects');
});
