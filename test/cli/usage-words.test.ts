// kubectl's words for a command line it cannot parse (issue 23), through main(): cobra's unknown command with its
// "Did you mean this?" block, pflag's flag errors (one line: kubectl's "See '… --help' for usage." is left out), and bare
// `kubectl csr` printing help with exit 0. test/e2e/usage-words.test.ts compares them with the harness's kubectl.
import t from 'tap';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { runIn } from '../fakes/run-command.js';

/** main() in-process; none of these reaches a cluster. */
const run = (argv: string[]) => runIn(new FakeCluster(), argv);

t.test('bare kubectl csr prints the help, exit 0', async (t) => {
  const bare = await run([]);
  t.equal(bare.code, 0);
  t.equal(bare.stderr, '');
  t.equal(bare.stdout, (await run(['--help'])).stdout);
  t.match(bare.stdout, /request/);
});

t.test("an unknown command: cobra's words and suggestions (distance 2 or a prefix)", async (t) => {
  t.strictSame(await run(['lst']), { code: 2, stdout: '', stderr: 'error: unknown command "lst" for "kubectl csr"\n\nDid you mean this?\n\tlist\n' });
  t.strictSame(await run(['-v', '2', 'aprove', 'jane']), { code: 2, stdout: '', stderr: 'error: unknown command "aprove" for "kubectl csr"\n\nDid you mean this?\n\tapprove\n\tapprover\n' });
  t.equal((await run(['re'])).stderr, 'error: unknown command "re" for "kubectl csr"\n\nDid you mean this?\n\trequest\n\trenew\n');
  t.equal((await run(['frobnicate'])).stderr, 'error: unknown command "frobnicate" for "kubectl csr"\n', 'nothing near: no block');
  t.equal((await run(['get', 'csr'])).stderr, 'error: unknown command "get" for "kubectl csr"\n\nDid you mean this?\n\tlist\n', "cobra's SuggestFor");
  t.equal((await run(['list', '--help'])).code, 0, 'a known one still parses');
});

t.test("pflag's flag errors", async (t) => {
  t.strictSame(await run(['list', '--no-header']), { code: 2, stdout: '', stderr: "error: unknown flag: --no-header\n" });
  t.equal((await run(['list', '--bogus=1', '--no-header'])).stderr, "error: unknown flag: --bogus\n", 'the first one given');
  t.equal((await run(['list', '-x'])).stderr, "error: unknown shorthand flag: 'x' in -x\n");
  t.equal((await run(['list', '--sort-by'])).stderr, "error: flag needs an argument: --sort-by\n");
  t.equal((await run(['version', 'extra'])).stderr, "error: unknown command \"extra\" for \"kubectl csr version\"\n");
});
