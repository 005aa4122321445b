// Differential: the plugin's words for a command line it cannot parse are kubectl's (issue 23), compared with the
// harness's kubectl on the same mistakes: `kubectl get --no-header` and `kubectl csr list --no-header` print the same
// error line (kubectl's second line, "See 'kubectl get --help' for usage.", is left out: bad input gets one line here,
// and usage errors exit 2, README "Exit codes"); an unknown command gets cobra's block in cobra's layout.
import t from 'tap';
import { BIN } from '../helpers/run-cli.js';
import { run } from '../package/run.js';
import { cluster } from './cluster.js';

const plane = cluster();
const kubectl = plane.kubectl;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: plane.kubeconfigs.admin };

t.test("flag errors: pflag's words, as kubectl get prints them", { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const cases: [string[], string[]][] = [
    [['get', 'csr', '--no-header'], ['list', '--no-header']],
    [['get', 'csr', '-x'], ['list', '-x']],
    [['get', 'csr', '--sort-by'], ['list', '--sort-by']],
    [['get', 'csr', '--bogus=1', '--no-header'], ['list', '--bogus=1', '--no-header']],
  ];
  for (const [theirArgs, ourArgs] of cases) {
    const [theirs, ours] = await Promise.all([run(kubectl!, theirArgs, { env }), run(BIN, ourArgs, { env })]);
    t.equal(theirs.code, 1);
    t.equal(ours.code, 2);
    t.equal(ours.stdout, '');
    const [line, see] = theirs.stderr.split('\n');
    t.equal(see, "See 'kubectl get --help' for usage.");
    t.equal(ours.stderr, `${line}\n`, ourArgs.join(' '));
  }
});

t.test("an unknown command: cobra's words and its Did you mean this? block", { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const [theirs, ours] = await Promise.all([run(kubectl!, ['gt'], { env }), run(BIN, ['lst'], { env })]);
  t.equal(theirs.code, 1);
  t.equal(ours.code, 2);
  const shape = (text: string) => text.replace(/"[^"]*"/g, '"…"').replace(/\t\S+\n/g, '\tCMD\n');
  t.match(theirs.stderr, /^error: unknown command "gt" for "kubectl"\n\nDid you mean this\?\n(\t\S+\n)+$/);
  t.equal(ours.stderr, 'error: unknown command "lst" for "kubectl csr"\n\nDid you mean this?\n\tlist\n');
  t.equal(shape(ours.stderr), shape(theirs.stderr).replace(/(\tCMD\n)+/, '\tCMD\n'), 'the same layout');
});

t.test('bare kubectl csr prints its help and exits 0', async (t) => {
  const bare = await run(BIN, [], { env });
  t.equal(bare.code, 0, bare.stderr);
  t.equal(bare.stdout, (await run(BIN, ['--help'], { env })).stdout);
});
