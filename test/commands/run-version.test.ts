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

t.test('the forms the entry points print themselves are the bytes main() prints; any other line is left to main()', async (t) => {
  const { clientVersionOutput } = await import('../../src/version.js');
  const fake = new FakeCluster();
  const forms = [['--version'], ['version'], ...['json', 'yaml'].flatMap((f) => [['version', '-o', f], ['version', `-o=${f}`], ['version', '--output', f], ['version', `--output=${f}`]])];
  for (const argv of forms) {
    const printed = clientVersionOutput(argv);
    t.ok(printed, argv.join(' '));
    t.equal(printed, (await runIn(fake, argv)).stdout, argv.join(' '));
  }
  for (const argv of [['version', '-ojson'], ['version', '-o', 'name'], ['version', '-o', 'json', '-v', '6'], ['--kubeconfig', 'x', 'version'], ['version', '--help'], ['list'], [], ['version', 'extra']]) {
    t.equal(clientVersionOutput(argv), undefined, argv.join(' ') || '(nothing)');
  }
});

t.test("-o yaml from the entry point is js-yaml's dump, or left to js-yaml when it would quote a value", async (t) => {
  const { plainYaml } = await import('../../src/version.js');
  const yaml = (await import('js-yaml')).default;
  const base = { version: 'v0.1.0', commit: '0eb67ef1a2', node: 'v22.23.2', platform: 'linux/amd64', singleExecutable: true };
  const dump = (info: object) => yaml.dump(info, { noRefs: true, lineWidth: -1, sortKeys: false });
  for (const commit of ['deadbeef', 'abc123-dirty', 'e1', 'unknown']) t.equal(plainYaml({ ...base, commit }), dump({ ...base, commit }), commit);
  for (const commit of ['0eb67ef1a2', '1e5', '0x1f', '12345', 'Yes', 'null', 'off']) {
    t.equal(plainYaml({ ...base, commit }), undefined, `${commit}: left to js-yaml`);
    if (/^[a-z]/i.test(commit)) t.match(dump({ ...base, commit }), `commit: '${commit}'`, `js-yaml quotes ${commit}`);
  }
});
