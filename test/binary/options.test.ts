// Help in kubectl's shape: a command's help has its own flags; the kubeconfig flags are in `kubectl csr options`.
import t from 'tap';
import { commandNames } from '../../src/main.js';
import { runCli } from '../helpers/run-cli.js';

t.test('no command lists --version or the kubeconfig flags; each points to options', async (t) => {
  for (const command of ['', ...(await commandNames())].filter((c) => c !== 'options')) {
    const res = await runCli(command ? [command, '--help'] : ['--help']);
    t.equal(res.code, 0);
    t.notMatch(res.stdout, /--version|--kubeconfig(?!-out)|--request-timeout|Kubeconfig flags/, `${command || 'top'}`);
    // version and completion talk to no cluster and take none of them
    if (command !== 'version' && command !== 'completion') t.match(res.stdout.replace(/\s+/g, ' '), 'Use "kubectl csr options" for a list of global command-line options (applies to all commands).');
  }
});

t.test('kubectl csr options lists them all', async (t) => {
  const res = await runCli(['options']);
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /^The following options can be passed to any command:\n/);
  for (const flag of ['--kubeconfig', '--context', '--cluster', '--user', '-s, --server', '--token', '--as', '--as-group', '--as-uid', '--certificate-authority', '--client-certificate', '--client-key', '--insecure-skip-tls-verify', '--tls-server-name', '--request-timeout', '-v, --v']) {
    t.ok(res.stdout.includes(`\n    ${flag}=`), flag);
  }
});

t.test('the kubeconfig flags still work on every command, and --version at the top', async (t) => {
  const res = await runCli(['list', '--kubeconfig', '/nonexistent/kubeconfig', '--request-timeout', '1s']);
  t.equal(res.code, 1);
  t.notMatch(res.stderr, /Unknown argument/);
  const version = await runCli(['--version']);
  t.equal(version.code, 0);
  t.match(version.stdout, /^kubectl-csr v\S+\n$/);
  const late = await runCli(['list', '--version']);
  t.equal(late.code, 2, 'not an option of a command');
});

t.test('-o completes to the formats, with "=" after those that take a template', async (t) => {
  const res = await runCli(['__complete', 'list', '-o', '']);
  t.equal(
    res.stdout,
    'custom-columns=\ncustom-columns-file=\ngo-template=\ngo-template-file=\ntemplate=\ntemplatefile=\njson\njsonpath=\njsonpath-as-json=\njsonpath-file=\nname\nwide\nyaml\n:4\n',
  );
  const approve = await runCli(['__complete', 'approve', '-o', 'j']);
  t.equal(approve.stdout, 'json\njsonpath=\njsonpath-as-json=\njsonpath-file=\n:4\n');
});
