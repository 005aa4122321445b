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

t.test('off a terminal (width 0) no description is wrapped, as kubectl prints help into a pipe', async (t) => {
  const help = (await renderHelp(['approve', '--help'], 0))!;
  const options = help.slice(help.indexOf('\nOptions:\n'), help.indexOf('\nUsage:\n'));
  const blocks = options.split('\n\n').filter((b) => b.trim() && b !== '\nOptions:');
  t.ok(blocks.length > 10, 'flags listed');
  t.strictSame(blocks.filter((b) => b.split('\n').filter((l) => l.startsWith('\t')).length !== 1), [], 'one description line per flag');
  t.ok(help.includes('\tApprove despite this policy finding'), help);
  t.not(help, await renderHelp(['approve', '--help'], 80), 'a terminal of 80 columns wraps');
});

t.test("`options` lists the flags every command takes in kubectl's blocks, by name", async (t) => {
  const help = (await renderHelp(['options', '--help'], 0))!;
  t.equal(await renderHelp(['options'], 0), help, '`options` prints its help');
  t.match(help, /^The following options can be passed to any command:\n\n {4}--as='':\n\tUsername to impersonate/);
  for (const head of ["    --as-group=[]:", "    --insecure-skip-tls-verify=false:", "    --request-timeout='0':", "    -s, --server='':", '    -v, --v=0:']) {
    t.ok(help.includes(`\n${head}\n\t`), head);
  }
  const names = help.split('\n').filter((l) => l.startsWith('    -')).map((l) => l.replace(/^ {4}(-\w, )?--/, '').replace(/=.*/, ''));
  t.equal(names.length, 16);
  t.strictSame(names, [...names].sort(), 'by name, as pflag lists them');
  t.ok(help.endsWith('stack traces\n\n'), 'a blank line after the last flag, as kubectl options ends');
});
