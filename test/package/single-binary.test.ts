// dist/kubectl-csr is one executable that carries its own Node.js: it runs with no node anywhere on PATH, and says
// which runtime, version and commit it is. The bundle inside it is checked for what a single executable cannot have.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_FAMILIES, familyCacheAsset } from '../../src/build/bundle-script.js';
import { execKubeconfig } from '../../src/build/exec-kubeconfig.js';
import { run } from './run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist', 'kubectl-csr');
const bundle = join(root, 'dist', 'kubectl-csr.cjs');
const chunk = join(root, 'dist', 'kubectl-csr.client-node.cjs');
const listScript = join(root, 'dist', 'kubectl-csr.list.cjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const pin = JSON.parse(readFileSync(join(root, 'scripts', 'node-runtime.json'), 'utf8')) as { version: string };
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root }).toString().trim();
const host = `${process.platform === 'win32' ? 'windows' : process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`;

// An empty directory as the whole PATH: no node, no env, no shell to fall back on.
const empty = mkdtempSync(join(tmpdir(), 'kubectl-csr-nopath-'));
t.teardown(() => rmSync(empty, { recursive: true, force: true }));
const alone = (args: string[], input?: string) => run(bin, args, { env: { PATH: empty, HOME: empty }, cwd: empty, input });

t.test('it is a native executable, not a script', async (t) => {
  const magic = readFileSync(bin).subarray(0, 4);
  t.not(magic.subarray(0, 2).toString(), '#!', 'no shebang');
  if (process.platform === 'linux') t.same([...magic], [0x7f, 0x45, 0x4c, 0x46], 'ELF');
  // postject flips the fuse's last character from 0 to 1 when it injects the blob (Node's src/node_sea.cc).
  t.ok(readFileSync(bin).includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'), 'the SEA fuse is set');
});

t.test('--help, --version and version -o json with no node on PATH', async (t) => {
  const help = await alone(['--help']);
  t.equal(help.code, 0, help.stderr);
  t.equal(help.stderr, '');
  t.match(help.stdout, /^Request, review, approve and hand out Kubernetes client certificates\.\n[^]*\nUsage:\n  kubectl csr \[flags\] \[options\]\n/);

  const short = await alone(['--version']);
  t.equal(short.code, 0, short.stderr);
  t.equal(short.stdout, `kubectl-csr v${pkg.version}\n`);

  const version = await alone(['version', '-o', 'json']);
  t.equal(version.code, 0, version.stderr);
  const info = JSON.parse(version.stdout);
  t.same(Object.keys(info), ['version', 'commit', 'node', 'platform', 'singleExecutable']);
  t.equal(info.version, `v${pkg.version}`);
  t.equal(info.node, `v${pin.version}`, 'the embedded runtime, not the node that ran the build');
  t.equal(info.platform, host);
  t.equal(info.singleExecutable, true);
  t.match(info.commit, new RegExp(`^${head}(-dirty)?$`));

  const text = await alone(['version']);
  t.equal(text.stdout, `Version:  v${pkg.version}\nCommit:   ${info.commit}\nNode.js:  v${pin.version} (embedded)\nPlatform: ${host}\n`);
});

t.test('a real offline command with no node on PATH: inspect -f - of a request', async (t) => {
  const csr = readFileSync(join(root, 'test', 'fixtures', 'pki', 'rsa-8192.csr'), 'utf8');
  const res = await alone(['inspect', '-f', '-', '-o', 'json'], csr);
  t.equal(res.code, 0, res.stderr);
  const view = JSON.parse(res.stdout);
  t.equal(view.request.subject.commonName, 'big');
  t.same(view.request.publicKey.bits, 8192);
  t.equal(view.request.signatureValid, true);
});

t.test('errors keep their exit codes in the single executable', async (t) => {
  const usage = await alone(['no-such-command']);
  t.equal(usage.code, 2);
  const missing = await alone(['inspect', '-f', join(empty, 'missing.csr')]);
  t.equal(missing.code, 1);
  t.equal(missing.stderr, `error: ${join(empty, 'missing.csr')}: no such file\n`);
});

t.test('the bundle has no optional native requires, and runs under plain node as well', async (t) => {
  const text = readFileSync(bundle, 'utf8') + readFileSync(chunk, 'utf8');
  for (const name of ['bufferutil', 'utf-8-validate', 'supports-color', 'encoding']) {
    t.notOk(text.includes(`require("${name}")`), `${name} is not required from node_modules`);
    // ws (bufferutil, utf-8-validate) went with the parts of client-node that are not bundled: a stub where still asked.
    const asked = text.includes(`"${name}"`) || text.includes(`'${name}'`);
    if (asked) t.ok(text.includes(`Cannot find module '${name}' (not bundled into kubectl-csr)`), `${name} is a stub that throws`);
  }
  const res = await run(process.execPath, [bundle, 'version', '-o', 'json'], { env: { PATH: empty } });
  t.equal(res.code, 0, res.stderr);
  const info = JSON.parse(res.stdout);
  t.equal(info.node, process.version);
  t.equal(info.singleExecutable, false);
});

t.test('the bundle runs from its asset through the code cache made at build time, which V8 takes', async (t) => {
  // NODE_DEBUG=kubectl-csr is Node's own switch for util.debuglog (src/build/single-executable.ts).
  const env = { PATH: empty, HOME: empty, NODE_DEBUG: 'kubectl-csr' };
  const csr = readFileSync(join(root, 'test', 'fixtures', 'pki', 'rsa-8192.csr'), 'utf8');
  const res = await run(bin, ['inspect', '-f', '-', '-o', 'json'], { env, cwd: empty, input: csr });
  t.equal(res.code, 0, res.stderr);
  t.match(res.stderr, /^KUBECTL-CSR \d+: code cache kubectl-csr\.cjs\.cache accepted\n$/);
  for (const argv of [['--help'], ['version'], ['version', '-o', 'json'], ['--version']]) {
    const quick = await run(bin, argv, { env, cwd: empty });
    t.equal(quick.code, 0, argv.join(' '));
    t.equal(quick.stderr, '', `${argv.join(' ')}: printed by the main script, which does not even load the bundle`);
  }
  const yaml = await run(bin, ['version', '-o', 'yaml', '-v', '0'], { env, cwd: empty });
  t.match(yaml.stderr, /^KUBECTL-CSR \d+: code cache kubectl-csr\.cjs\.cache accepted\n$/, 'any other line runs the bundle');
  t.equal(yaml.stdout, (await run(bin, ['version', '-o', 'yaml'], { env, cwd: empty })).stdout, 'and prints the same');
});

t.test("each command family's script and code cache, trained on its commands alone, is the one its commands load, and V8 takes it", async (t) => {
  const env = { PATH: empty, HOME: empty, NODE_DEBUG: 'kubectl-csr' };
  const refused = 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
  t.ok(Object.keys(CACHE_FAMILIES).length > 0, 'there are families');
  for (const [family, { commands }] of Object.entries(CACHE_FAMILIES)) {
    for (const command of commands) {
      const res = await run(bin, [command, '--server', 'https://127.0.0.1:1', '--token', 't'], { env, cwd: empty });
      t.equal(res.stderr.replace(/ \d+:/, ':'), `KUBECTL-CSR: code cache ${familyCacheAsset(family)} accepted\n${refused}`, `${command}: ${family}'s cache`);
    }
  }
  const other = await run(bin, ['fetch', 'x', '--server', 'https://127.0.0.1:1', '--token', 't'], { env, cwd: empty });
  t.equal(other.stderr.replace(/ \d+:/, ':'), `KUBECTL-CSR: code cache kubectl-csr.cjs.cache accepted\n${refused}`, 'a command of no family: the whole cache');
});

t.test("list's own script carries neither yargs nor the other verbs, and hands a line it does not read to the bundle", async (t) => {
  const text = readFileSync(listScript, 'utf8');
  t.ok(text.length < readFileSync(bundle, 'utf8').length / 2, `${text.length} bytes: under half the bundle`);
  const whole = readFileSync(bundle, 'utf8');
  // esbuild's comment before each module's code names its file.
  for (const file of ['node_modules/yargs/', 'node_modules/yargs-parser/', 'node_modules/yaml/', 'src/commands/approval/', 'src/commands/request.ts']) {
    t.ok(whole.includes(`\n// ${file}`), `the bundle carries ${file}`);
    t.notOk(text.includes(`\n// ${file}`), `the list script does not`);
  }
  const env = { PATH: empty, HOME: empty, NODE_DEBUG: 'kubectl-csr' };
  const refused = 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
  // -v is left to yargs (src/cli/quick-parse.ts): the list script reads nothing and the bundle runs the line.
  const verbose = await run(bin, ['list', '-v', '0', '--server', 'https://127.0.0.1:1', '--token', 't'], { env, cwd: empty });
  t.equal(verbose.code, 1);
  t.equal(verbose.stderr.replace(/ \d+:/g, ':'), `KUBECTL-CSR: code cache kubectl-csr.list.cjs.cache accepted\nKUBECTL-CSR: code cache kubectl-csr.cjs.cache accepted\n${refused}`);
  const unknown = await run(bin, ['list', '--no-such-flag'], { env: { PATH: empty, HOME: empty }, cwd: empty });
  t.equal(unknown.code, 2, 'yargs, in the bundle, refuses the flag');
  t.equal(unknown.stderr, (await run(process.execPath, [bundle, 'list', '--no-such-flag'], { env: { PATH: empty, HOME: empty }, cwd: empty })).stderr, 'in the words the bundle alone prints');
});

t.test('@kubernetes/client-node is a chunk, loaded with its own code cache only for a user that needs it', async (t) => {
  t.notOk(readFileSync(bundle, 'utf8').includes('var KubeConfig = class'), 'the bundle does not carry client-node');
  t.ok(readFileSync(chunk, 'utf8').includes('var KubeConfig = class'), 'the chunk does');
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-exec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'exec.kubeconfig');
  writeFileSync(kubeconfig, execKubeconfig('https://127.0.0.1:1', 't'));
  const env = { PATH: empty, HOME: empty, NODE_DEBUG: 'kubectl-csr' };
  const res = await run(bin, ['list', '--kubeconfig', kubeconfig], { env, cwd: empty });
  t.equal(res.code, 1);
  t.equal(res.stderr.replace(/ \d+:/g, ':'), [
    'KUBECTL-CSR: code cache kubectl-csr.list.cjs.cache accepted',
    'KUBECTL-CSR: code cache kubectl-csr.client-node.cjs.cache accepted',
    'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
    '',
  ].join('\n'), 'the exec plugin ran (client-node), then the connection was refused');
  const plain = await run(process.execPath, [bundle, 'list', '--kubeconfig', kubeconfig], { env: { PATH: empty, HOME: empty }, cwd: empty });
  t.equal(plain.stderr, 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n', 'node dist/kubectl-csr.cjs finds the chunk beside it');
});

