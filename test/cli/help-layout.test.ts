// Help in kubectl's layout (issue 23 item 4), from the declarations: test/e2e/help-layout.test.ts compares it with the
// harness's kubectl; here, what it prints for one verb and for the top level.
import t from 'tap';
import { renderHelp } from '../../src/main.js';

t.test("approve --help: description, Examples, Options as kubectl's flag blocks, Usage, the options line", async (t) => {
  const help = (await renderHelp(['approve', '--help'], 100))!;
  t.match(help, /^Approve certificate signing requests, after policy checks\.\n\nExamples:\n {2}# Approve the CSR named jane\n {2}kubectl csr approve jane\n\n/);
  t.match(help, /\n {2}kubectl csr approve --pending --signer kubernetes\.io\/kube-apiserver-client --dry-run=client\n\nOptions:\n/, 'an example is never wrapped');
  t.match(help, /\n {4}--allow=\[\]:\n\tApprove despite this policy finding/);
  t.match(help, /\n {4}-f, --filename=\[\]:\n\t/);
  t.match(help, /\n {4}--force=false:\n\tUpdate the CSR even if it is already approved \(never overrides policy\)\n\n/);
  t.match(help, /\n {4}--max-duration='365d':\n/);
  t.match(help, /\n {4}-o, --output='':\n/);
  t.notMatch(help, /--help/, 'help is not listed, as in kubectl');
  t.match(help, /\nUsage:\n {2}kubectl csr approve \[NAME\.\.\.\] \[options\]\n\nUse "kubectl csr options" for a list of global command-line options \(applies to all commands\)\.\n$/);
  const narrow = (await renderHelp(['approve', '--help'], 80))!;
  t.ok(narrow.split('\n').filter((l) => l.startsWith('\t')).every((l) => l.length <= 71), 'descriptions wrap 10 columns before the edge');
});

t.test('deny and inspect offer no --allow; the top level lists the commands', async (t) => {
  t.notMatch((await renderHelp(['deny', '--help'], 100))!, /--allow/);
  t.notMatch((await renderHelp(['inspect', '--help'], 100))!, /--allow/);
  const root = (await renderHelp(['--help'], 100))!;
  t.match(root, /^Request, review, approve and hand out Kubernetes client certificates\.\n\nAvailable Commands:\n {2}request {6}Generate a key/);
  t.match(root, /\nUsage:\n {2}kubectl csr \[flags\] \[options\]\n\nUse "kubectl csr <command> --help" for more information about a given command\.\n/);
});
