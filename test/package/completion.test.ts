// Completion without a cluster: the hidden __complete as kubectl_complete-csr calls it (commands, flags, flag values,
// kubeconfig entries, and nothing but a directive when the cluster cannot be reached), and the bash, zsh and fish
// scripts of `kubectl-csr completion` driven by the real shells. CSR names from a cluster: test/e2e/plugin.test.ts.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { has, run } from './run.js';

const bin = fileURLToPath(new URL('../../dist/kubectl-csr', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-completion-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const env = { PATH: [dirname(bin), '/usr/bin', '/bin'].join(delimiter), HOME: work, KUBECONFIG: join(work, 'none') };
const complete = (...words: string[]) => run(bin, ['__complete', ...words], { env, cwd: work });

writeFileSync(
  join(work, 'two.kubeconfig'),
  `apiVersion: v1
kind: Config
clusters:
- {name: east, cluster: {server: 'https://127.0.0.1:1'}}
- {name: west, cluster: {server: 'https://127.0.0.1:1'}}
users:
- {name: alice, user: {token: x}}
contexts:
- {name: prod, context: {cluster: east, user: alice}}
- {name: dev, context: {cluster: west, user: alice}}
current-context: dev
`,
);

t.test('the first word: every command that --help lists', async (t) => {
  const help = await run(bin, ['--help'], { env });
  // kubectl's layout: the commands are the 'Available Commands:' block, one '  NAME  description' line each
  const block = help.stdout.split('\nAvailable Commands:\n')[1]?.split('\n\n')[0] ?? '';
  const commands = block.split('\n').flatMap((line) => /^ {2}(\S+) {2,}/.exec(line)?.[1] ?? []);
  t.ok(commands.includes('version') && commands.includes('completion'));
  const res = await complete('');
  t.equal(res.code, 0);
  t.equal(res.stderr, '');
  const lines = res.stdout.trimEnd().split('\n');
  t.equal(lines.pop(), ':4', 'no file names');
  t.same(lines.map((l) => l.split('\t')[0]), commands);
  t.equal((await complete('ver')).stdout, 'version\tPrint the version, the commit it was built from and the Node.js runtime\n:4\n');
  t.equal((await complete('no-such-command', '')).stdout, ':4\n');
});

t.test('flags, and values of flags', async (t) => {
  t.equal((await complete('version', '--')).stdout, '--output\tOutput format: json, yaml\n--help\tShow help\n:4\n');
  t.equal(
    (await complete('version', '-')).stdout,
    '--output\tOutput format: json, yaml\n-o\tOutput format: json, yaml\n-v\tLog verbosity: from 6, kubectl\'s trace of each request (7 headers, 8 bodies, 9 curl) and stack traces\n--help\tShow help\n-h\tShow help\n:4\n',
    'one dash: short forms too',
  );
  t.equal((await complete('version', '-o', 'json', '--')).stdout, '--help\tShow help\n:4\n', 'a flag given once is not offered again');
  t.equal((await complete('version', '-o', '')).stdout, 'json\nyaml\n:4\n');
  t.equal((await complete('version', '--output', 'y')).stdout, 'yaml\n:4\n');
  t.equal((await complete('version', '--output=')).stdout, '--output=json\n--output=yaml\n:4\n');
  t.equal((await complete('completion', '')).stdout, 'bash\nzsh\nfish\n:4\n');
  t.equal((await complete('completion', 'bash', '')).stdout, ':4\n', 'one shell only');
  t.equal((await complete('fetch', 'x', '--key', '')).stdout, ':0\n', 'a path: the shell completes file names');
  t.equal((await complete('fetch', 'x', '--kubeconfig-out=')).stdout, ':0\n');
  t.equal((await complete('request', '')).stdout, ':4\n', 'a new name: nothing to offer');
  t.equal((await complete('renew', '')).stdout, ':0\n', 'renew KUBECONFIG: file names');
  t.equal((await complete('renew', 'u.kubeconfig', '')).stdout, ':4\n', 'one file only');
});

t.test('kubeconfig entries, from the kubeconfig the line names', async (t) => {
  t.equal((await complete('list', '--kubeconfig', join(work, 'two.kubeconfig'), '--context', '')).stdout, 'dev\nprod\n:4\n');
  t.equal((await complete('list', `--kubeconfig=${join(work, 'two.kubeconfig')}`, '--cluster', 'w')).stdout, 'west\n:4\n');
  const fromEnv = await run(bin, ['__complete', 'list', '--user', ''], { env: { ...env, KUBECONFIG: join(work, 'two.kubeconfig') }, cwd: work });
  t.equal(fromEnv.stdout, 'alice\n:4\n');
  t.equal((await complete('list', '--context', '')).stdout, ':4\n', 'no kubeconfig: nothing');
});

t.test('no cluster: no names, no error, at once', async (t) => {
  const started = Date.now();
  const res = await run(bin, ['__complete', 'approve', ''], { env: { ...env, KUBECONFIG: join(work, 'two.kubeconfig') }, cwd: work });
  t.equal(res.code, 0);
  t.equal(res.stdout, ':4\n');
  t.equal(res.stderr, '', 'nothing on the terminal in the middle of a completion');
  t.ok(Date.now() - started < 10_000, 'well within the completion timeout');
});

t.test('bash: kubectl-csr completion bash', async (t) => {
  const bash = (line: string, words: string[]) =>
    run('bash', ['-c', `source <(kubectl-csr completion bash) || exit 9
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_kubectl_csr; printf '%s\\n' "\${COMPREPLY[@]}"`], { env, cwd: work });
  t.equal((await bash('kubectl-csr ver', ['kubectl-csr', 'ver'])).stdout, 'version\n');
  t.equal((await bash('kubectl-csr version -o ', ['kubectl-csr', 'version', '-o', ''])).stdout, 'json\nyaml\n');
  // bash splits "--output=y" into "--output", "=", "y" and replaces only "y".
  t.equal((await bash('kubectl-csr version --output=y', ['kubectl-csr', 'version', '--output', '=', 'y'])).stdout, 'yaml\n');
  const files = await bash('kubectl-csr fetch x --key ', ['kubectl-csr', 'fetch', 'x', '--key', '']);
  t.equal(files.code, 0, files.stderr);
  t.equal(files.stdout, '\n', 'no candidates: bash falls back to file names (compopt -o default)');
});

t.test('fish: kubectl-csr completion fish', { skip: !has('fish') && 'fish is not installed' }, async (t) => {
  const res = await run('fish', ['--no-config', '-c', 'kubectl-csr completion fish | source; complete -C "kubectl-csr ver"; complete -C "kubectl-csr version -o "'], { env, cwd: work });
  t.equal(res.stderr, '');
  t.equal(res.stdout, 'version\tPrint the version, the commit it was built from and the Node.js runtime\njson\nyaml\n');
});

t.test('zsh: kubectl-csr completion zsh loads after compinit', { skip: !has('zsh') && 'zsh is not installed' }, async (t) => {
  const res = await run('zsh', ['-f', '-c', 'autoload -Uz compinit && compinit -u -D && source <(kubectl-csr completion zsh) && print -r -- ${_comps[kubectl-csr]}'], { env, cwd: work });
  t.equal(res.stderr, '');
  t.equal(res.stdout, '_kubectl_csr\n');
});
