// The command lines main() reads without yargs (src/cli/quick-parse.ts) must come out as yargs reads them: each line
// of the corpus is run twice against the in-memory cluster, as it is (read quickly) and with `-v=0` added (a flag
// the quick reading leaves to yargs, changing nothing else), and the exit code, both outputs and the kubeconfig flags
// the command connects with must be the same. The lines it gives up on are checked to go to yargs.
import t from 'tap';
import { quickArgv } from '../../src/cli/quick-parse.js';
import { UsageError } from '../../src/errors.js';
import { LIST } from '../../src/commands/list-flags.js';
import type { Io } from '../../src/io.js';
import type { KubeFlags } from '../../src/kube/kubeconfig.js';
import { main, readsWithoutYargs } from '../../src/main.js';
import { FakeCluster } from '../fakes/fake-cluster.js';
import { csrFor } from '../fakes/run-command.js';

const fake = new FakeCluster({ pageSize: 2 });
for (const n of ['e', 'c', 'a', 'd', 'b']) fake.add(csrFor(n, { labels: { tier: n < 'c' ? 'one' : 'two' }, signer: n === 'e' ? 'example.com/x' : undefined }));
fake.setCondition('a', 'Approved');
fake.setCondition('b', 'Denied');
fake.clock.advance(90_000);

async function ran(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const flags: KubeFlags[] = [];
  const io: Io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    readStdin: () => Promise.resolve(Buffer.from('')),
    env: {},
    cwd: '/',
  };
  const code = await main(argv, io, fake.clock.now, (f) => (flags.push(f), Promise.resolve(fake.cluster())));
  return { code, stdout, stderr, flags };
}

const QUICK: string[][] = [
  ['list'],
  ['ls'],
  ['list', '--signer', 'none'],
  ['list', '--signer=example.com/x', '-o', 'wide'],
  ['list', '-o', 'name', '--pending'],
  ['list', '--output=json', '--approved'],
  ['list', '-o', 'yaml', '--show-managed-fields', '--denied'],
  ['list', '--no-headers', '--sort-by', '{.spec.signerName}'],
  ['list', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['list', '-o', 'custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName', '--sort-by=.metadata.name'],
  ['list', 'a', 'csr/b', 'certificatesigningrequest.certificates.k8s.io/c'],
  ['list', 'nope'],
  ['list', '-l', 'tier=one', '--show-labels'],
  ['list', '--selector=tier!=one', '--issued'],
  ['list', '--field-selector', 'spec.signerName=example.com/x'],
  ['list', '--requestor', 'someone', '--pending'],
  ['list', '--signer', 'a', '--signer', 'example.com/x'],
  ['list', '-n', 'kube-system', '-A', '--namespace=x'],
  ['list', '--approved', '--denied'],
  ['list', 'a', '-l', 'tier=one'],
  ['list', '-o', 'bogus'],
  ['list', '-o', 'go-template={{.bad'],
  ['list', '--sort-by', '{.spec'],
  ['list', '--server', 'https://x.example:6443', '--token', 't', '--as', 'jane', '--as-uid', 'u1', '--kubeconfig', '/k', '--context', 'c'],
  ['list', '--cluster=c', '--user=u', '-s', 'https://y.example', '--request-timeout', '5s', '--insecure-skip-tls-verify', '--tls-server-name', 'api'],
  ['list', '--certificate-authority', '/ca.crt', '--client-certificate', '/c.crt', '--client-key', '/c.key', '--token', 'a', '--token', 'b'],
];

/** Read without yargs: an argv, or the usage error of a flag's value (-o bogus), as yargs' coerce would throw it. */
function readQuickly(line: string[]): boolean {
  try {
    return quickArgv(LIST, line) !== undefined;
  } catch (err) {
    return err instanceof UsageError;
  }
}

for (const line of QUICK) {
  t.test(line.join(' '), async (t) => {
    t.ok(readQuickly(line), 'read without yargs');
    t.ok(readsWithoutYargs(line), "what the single executable's list script runs (src/bin-list.ts)");
    t.strictSame(await ran(line), await ran([...line, '-v=0']), 'as yargs reads it');
  });
}

const YARGS: string[][] = [
  ['list', '--help'],
  ['list', '-h'],
  ['list', '-v', '6'],
  ['list', '--pending', 'true'],
  ['list', '--pending=false'],
  ['list', '--pending', '--pending'],
  ['list', '-L', 'tier'],
  ['list', '--label-columns=tier'],
  ['list', '--signer'],
  ['list', '--signer='],
  ['list', '--signer', '-o'],
  ['list', '--', 'a'],
  ['list', '-'],
  ['list', '123'],
  ['list', '-ow'],
  ['list', '-ojson'],
  ['list', '--noHeaders'],
  ['list', '--no-such-flag'],
  ['list', '--as-group', 'g'],
  ['-v', '6', 'list'],
  ['approve', 'a'],
  ['lists'],
];

t.test('lines left to yargs', async (t) => {
  for (const line of YARGS) {
    t.equal(quickArgv(LIST, line), undefined, line.join(' '));
    t.notOk(readsWithoutYargs(line), `${line.join(' ')}: handed to the bundle by the list script`);
  }
  for (const line of [[], ['__complete', 'list', ''], ['--version'], ['options']]) t.notOk(readsWithoutYargs(line), `${line.join(' ')}: not for the list script`);
});
