// Differential: `kubectl csr VERB --help` is laid out as the harness's kubectl lays out its own (issue 23 item 4):
// the same sections in the same order (Examples, Options, Usage), each flag as `    -o, --output='':` with its
// description on the lines after it behind a tab and a blank line after, examples as `# what` over a whole command,
// `Usage:` ending in [options], and the same closing line about the options command. Pairs: certificate approve and
// approve, certificate deny and deny, get and list; into a pipe, neither wraps a description. `options` and
// `kubectl options` print the flags they share byte for byte. And flags only where they act: no --allow on deny or
// inspect.
import t from 'tap';
import { BIN } from '../helpers/run-cli.js';
import { run } from '../package/run.js';
import { cluster } from './cluster.js';

const plane = cluster();
const kubectl = plane.kubectl;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: plane.kubeconfigs.admin };

const PAIRS: [string[], string[]][] = [
  [['certificate', 'approve', '--help'], ['approve', '--help']],
  [['certificate', 'deny', '--help'], ['deny', '--help']],
  [['get', '--help'], ['list', '--help']],
];

/** The section headings, in order: "Examples:", "Options:", "Usage:". */
const sections = (help: string) => help.split('\n').filter((l) => /^[A-Z][A-Za-z ]*:$/.test(l));

/** The Options section's lines, each flag's block as [head, description lines]. */
function flagBlocks(help: string): { head: string; body: string[] }[] {
  const lines = help.split('\n');
  const from = lines.indexOf('Options:') + 1;
  const to = lines.indexOf('Usage:');
  const blocks: { head: string; body: string[] }[] = [];
  for (const line of lines.slice(from, to)) {
    if (line === '') continue;
    if (line.startsWith('\t')) blocks.at(-1)!.body.push(line);
    else blocks.push({ head: line, body: [] });
  }
  return blocks;
}

const FLAG_HEAD = /^ {4}(-[a-zA-Z], )?--[a-z0-9-]+=('[^']*'|\[[^\]]*\]|true|false|-?\d+):$/;

t.test("help in kubectl's layout, section by section and flag by flag", { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  for (const [theirArgs, ourArgs] of PAIRS) {
    const [theirs, ours] = await Promise.all([run(kubectl!, theirArgs, { env }), run(BIN, ourArgs, { env })]);
    const what = ourArgs.join(' ');
    t.equal(theirs.code, 0, theirs.stderr);
    t.equal(ours.code, 0, ours.stderr);
    t.strictSame(sections(ours.stdout), sections(theirs.stdout), `${what}: the same sections in the same order`);
    t.strictSame(sections(ours.stdout), ['Examples:', 'Options:', 'Usage:'], what);
    for (const [who, help] of [['kubectl', theirs.stdout], ['kubectl csr', ours.stdout]] as const) {
      const blocks = flagBlocks(help);
      t.ok(blocks.length > 3, `${who} ${what}: flags listed`);
      t.strictSame(blocks.filter((b) => !FLAG_HEAD.test(b.head)).map((b) => b.head), [], `${who} ${what}: every flag line is "    -x, --flag=default:"`);
      t.strictSame(blocks.filter((b) => b.body.length !== 1).map((b) => b.head), [], `${who} ${what}: every flag has its description after a tab, on one line in a pipe`);
      const names = blocks.map((b) => b.head.replace(/^ {4}(-\w, )?--/, '').replace(/=.*/, ''));
      t.strictSame(names, [...names].sort(), `${who} ${what}: flags by name, as pflag lists them`);
      t.match(help, /\nOptions:\n {4}\S[^]*?:\n\t\S[^\n]*\n\n {4}/, `${who} ${what}: a blank line between flags`);
      t.match(help, /\nUsage:\n {2}kubectl \S.* \[options\]\n\n/, `${who} ${what}: the usage line`);
      const last = help.trimEnd().split('\n').at(-1)!;
      t.match(last, /^Use "kubectl( csr)? options" for a list of global command-line options \(applies to all commands\)\.$/, `${who} ${what}: the closing line`);
    }
    // Examples: a comment line over each command, and the command whole on one line (it copies and pastes).
    const examples = (help: string) => help.slice(help.indexOf('Examples:\n') + 10, help.indexOf('\n\nOptions:')).split('\n').filter(Boolean);
    for (const line of examples(ours.stdout)) t.match(line, /^ {2}(# \S.*|kubectl csr \S.*)$/, `${what}: example line "${line}"`);
    t.ok(examples(theirs.stdout).some((l) => l.startsWith('  # ')), `kubectl ${theirArgs.join(' ')}: examples under # comments too`);
    t.equal(ours.stdout.split('\n')[0]!.endsWith('.'), theirs.stdout.split('\n')[0]!.endsWith('.'), `${what}: the description first, a sentence`);
  }
});

t.test('`options` as `kubectl options`: the same first line, and each flag both take in the same block', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const [theirs, ours] = await Promise.all([run(kubectl!, ['options'], { env }), run(BIN, ['options'], { env })]);
  t.equal(ours.code, 0, ours.stderr);
  const blocks = (help: string) => new Map(help.split('\n\n').slice(1).filter(Boolean).map((b) => [b.split('\n')[0]!, b]));
  const [kubectls, plugins] = [blocks(theirs.stdout), blocks(ours.stdout)];
  t.equal(ours.stdout.split('\n')[0], theirs.stdout.split('\n')[0]);
  t.equal(plugins.size, 16, 'the 15 kubeconfig flags and -v');
  for (const [head, block] of plugins) {
    t.ok(kubectls.has(head), `kubectl options has ${head}`);
    // -v: kubectl's says "number for the log level verbosity"; ours says which levels do what.
    if (head !== '    -v, --v=0:') t.equal(block, kubectls.get(head), head);
  }
  t.ok(ours.stdout.endsWith('\n\n') && theirs.stdout.endsWith('\n\n'), 'both end with a blank line');
});

t.test('flags only where they act: --allow on approve, request and renew; not on deny or inspect', async (t) => {
  const flagsOf = async (verb: string) => flagBlocks((await run(BIN, [verb, '--help'], { env })).stdout).map((b) => b.head.replace(/^ {4}(-\w, )?--/, '').replace(/=.*/, ''));
  for (const verb of ['approve', 'request', 'renew']) t.ok((await flagsOf(verb)).includes('allow'), `${verb} offers --allow`);
  for (const verb of ['deny', 'inspect']) t.notOk((await flagsOf(verb)).includes('allow'), `${verb} does not offer --allow`);
  t.notOk((await flagsOf('deny')).includes('interactive'), 'deny has no --interactive');
  t.notOk((await flagsOf('approve')).includes('failing'), 'approve has no --failing');
  const denied = await run(BIN, ['deny', 'x', '--allow', 'privileged-group'], { env });
  t.equal(denied.code, 2);
  t.equal(denied.stderr, 'error: unknown flag: --allow\n');
});
