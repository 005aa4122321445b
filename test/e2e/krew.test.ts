// krew itself (sigs.k8s.io/krew, built from test/krew by scripts/build-krew.sh) on a release made here by
// scripts/release.mjs: validate-krew-manifest, the check krew-index runs on a submitted manifest, installs every
// platform from a local server; `kubectl krew install --manifest --archive` installs the host's archive, kubectl runs
// the plugin from krew's bin (offline, and against the control plane), the completion recipe of the caveats works as
// krew prints it, and `kubectl krew uninstall` takes it all away. And a check of the check: one wrong sha256 fails
// the validation with krew's own words.
//
// The host's binary is built for real. For the other platforms krew only unpacks the archive, moves the files that
// plugin.yaml lists and checks that bin is among them, so their archives are made by the same packaging step around
// a small stand-in binary: building four more single executables costs a minute of CPU and, on a new machine, four
// Node.js runtimes to download. KUBECTL_CSR_RELEASE_TESTS=1 builds every target for real (release-targets.test.ts
// runs those binaries).
import t from 'tap';
import { execFile, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { run } from '../package/run.js';
import { cluster } from './cluster.js';
import { buildKrew } from './harness/build.js';

interface Platform {
  selector: { matchLabels: { os: string; arch: string } };
  uri: string;
  sha256: string;
  bin: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const version = `v${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}`;
const { hostTarget, targets } = await import(pathToFileURL(join(root, 'scripts', 'node-runtime.mjs')).href);
const host = hostTarget() as { name: string; os: string; arch: string };
const plane = cluster();
const kubectl = plane.kubectl;

// The first run builds krew (about two minutes); later runs find it in the cache. The release takes a minute or two.
t.setTimeout(900_000);
const krewDir = await buildKrew();
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-krew-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

// kubectl and kubectl-krew, alone on PATH: what validate-krew-manifest runs as `kubectl krew install`.
const tools = join(work, 'tools');
mkdirSync(tools);
if (kubectl) symlinkSync(kubectl, join(tools, 'kubectl'));
symlinkSync(join(krewDir, 'kubectl-krew'), join(tools, 'kubectl-krew'));

// The release directory over HTTP on the loopback, as GitHub serves a release's assets; every request is logged.
const out = join(work, 'release');
const requested: string[] = [];
const server = createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
  requested.push(name);
  if (req.method !== 'GET' || name.includes('/') || !existsSync(join(out, name))) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  createReadStream(join(out, name)).pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const everyTarget = process.env.KUBECTL_CSR_RELEASE_TESTS === '1';
const release = (args: string[]) => promisify(execFile)(process.execPath, [join(root, 'scripts', 'release.mjs'), ...args, '--out', out], { cwd: root });
const started = Date.now();
await release(everyTarget ? ['build'] : ['build', '--targets', 'host']);
const standIns = (targets() as { name: string; os: string; arch: string; exe: string }[]).filter((x) => !everyTarget && x.name !== host.name);
for (const x of standIns) {
  mkdirSync(join(out, 'bin', `${x.os}_${x.arch}`), { recursive: true });
  writeFileSync(join(out, 'bin', `${x.os}_${x.arch}`, x.exe), `#!/bin/sh\necho 'a stand-in for kubectl-csr on ${x.name} (test/e2e/krew.test.ts)' >&2\nexit 1\n`, { mode: 0o755 });
}
await release(['package', '--base-url', baseUrl]);
t.comment(`release built in ${((Date.now() - started) / 1000).toFixed(0)}s; ${standIns.length ? `stand-in binaries for ${standIns.map((x) => x.name).join(', ')}` : 'every target for real'}`);
const manifestText = readFileSync(join(out, 'plugin.yaml'), 'utf8');
const manifest = yaml.load(manifestText) as { spec: { platforms: Platform[] } };
const archiveOf = (p: Platform) => basename(new URL(p.uri).pathname);
const hostArchive = join(out, `kubectl-csr_${version}_${host.os}_${host.arch}.${host.os === 'windows' ? 'zip' : 'tar.gz'}`);

/** validate-krew-manifest on a manifest text, as krew-index runs it: the file is named after the plugin. */
async function validate(text: string) {
  const dir = mkdtempSync(join(work, 'validate-'));
  writeFileSync(join(dir, 'csr.yaml'), text);
  const res = await run(join(krewDir, 'validate-krew-manifest'), ['-manifest', join(dir, 'csr.yaml')], { env: { PATH: tools }, cwd: dir, timeoutMs: 280_000 });
  return { code: res.code, output: res.stdout + res.stderr };
}

t.test('rendered as krew-release-bot renders it (Go\'s text/template), plugin.yaml is the release\'s, byte for byte', async (t) => {
  // The bot downloads each archive from its URL; here the URLs point at the local server, as --base-url made them.
  const template = readFileSync(join(root, 'plugin.yaml'), 'utf8');
  const releases = 'https://github.com/kubectl-csr/kubectl-csr/releases/download/{{ .TagName }}';
  t.equal(template.split(releases).length - 1, manifest.spec.platforms.length, 'each platform downloads from the GitHub release');
  const local = join(work, 'csr-template.yaml');
  writeFileSync(local, template.replaceAll(releases, baseUrl));
  // Built as scripts/build-krew.sh builds krew, so that a first run compiles the standard library once for both.
  const go = { cwd: join(root, 'test', 'krew'), env: { ...process.env, CGO_ENABLED: '0' } };
  const { stdout } = await promisify(execFile)('go', ['run', '-trimpath', './render-template', local, version], go);
  t.equal(stdout, manifestText);
});

t.test('validate-krew-manifest installs every platform from the local server', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const platforms = manifest.spec.platforms;
  t.same(
    platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`),
    targets().map((target: { name: string }) => target.name),
    'every target the release builds',
  );
  for (const p of platforms) t.equal(p.uri, `${baseUrl}/${archiveOf(p)}`);
  requested.length = 0;
  const res = await validate(manifestText);
  t.equal(res.code, 0, res.output);
  t.match(res.output, /structural validation OK\n[\s\S]*no overlapping spec\.platform\[\]\.selector\n/);
  platforms.forEach((_, i) => t.match(res.output, `installed  spec.platforms[${i}]\n`));
  t.match(res.output, `all ${platforms.length} spec.platforms installed fine\n`);
  t.same(requested.sort(), platforms.map(archiveOf).sort(), 'each archive downloaded from here, once');
});

t.test('a wrong sha256 fails the validation with krew\'s own message', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const platforms = manifest.spec.platforms;
  const second = 1;
  const right = platforms[second]!.sha256;
  const wrong = platforms[0]!.sha256;
  const lines = manifestText.split('\n');
  const at = lines.indexOf(`    sha256: ${right}`);
  t.ok(at > 0, 'plugin.yaml has the line');
  lines[at] = `    sha256: ${wrong}`;
  const res = await validate(lines.join('\n'));
  t.not(res.code, 0);
  t.match(res.output, `spec.platforms[${second}] failed to install`);
  t.match(res.output, `checksum does not match, want: ${wrong}, got ${right}`);
  t.notMatch(res.output, 'spec.platforms installed fine');
});

t.test('kubectl krew install --manifest --archive, kubectl csr through it, and uninstall', { skip: !kubectl && 'no kubectl from the harness' }, async (t) => {
  const krewRoot = join(work, 'krew-root');
  const home = join(work, 'home');
  mkdirSync(home);
  const bin = join(krewRoot, 'bin');
  const env = (extra: Record<string, string> = {}) => ({ PATH: [bin, tools].join(':'), HOME: home, KREW_ROOT: krewRoot, KREW_NO_UPGRADE_CHECK: '1', ...extra });
  const krew = (args: string[]) => run(kubectl!, ['krew', ...args], { env: env(), cwd: work });
  // With PATH = krew's bin alone, kubectl can only find the plugin where krew put it.
  const kube = (args: string[]) => run(kubectl!, args, { env: { PATH: bin, HOME: home, KUBECONFIG: plane.kubeconfigs.admin }, cwd: work });

  const installed = await krew(['install', `--manifest=${join(out, 'plugin.yaml')}`, `--archive=${hostArchive}`]);
  t.equal(installed.code, 0, installed.stderr);
  t.match(installed.stderr, /^Installing plugin: csr\nInstalled plugin: csr\n/m);
  const store = join(krewRoot, 'store', 'csr', version);
  t.same(readdirSync(store).sort(), ['LICENSE', 'THIRD_PARTY_LICENSES', 'kubectl-csr', 'kubectl_complete-csr']);
  t.equal(readlinkSync(join(bin, 'kubectl-csr')), join(store, 'kubectl-csr'), 'krew links the bin into its bin directory');
  t.equal(readFileSync(join(store, 'LICENSE'), 'utf8'), readFileSync(join(root, 'LICENSE'), 'utf8'));
  t.match(readFileSync(join(store, 'THIRD_PARTY_LICENSES'), 'utf8'), /\nNode\.js v\d+\.\d+\.\d+, the runtime of the single executable\n/);
  // The shim in the store finds the binary next to it, with nothing on PATH.
  const shim = await run(join(store, 'kubectl_complete-csr'), ['ver'], { env: { PATH: join(work, 'nothing') } });
  t.equal(shim.stdout, 'version\tPrint the version, the commit it was built from and the Node.js runtime\n:4\n', shim.stderr);

  // `krew list` and `krew uninstall` want an index; an empty git repository is one (cmd/krew/cmd/root.go checkIndex).
  execFileSync('git', ['init', '-q', join(krewRoot, 'index', 'default')]);
  const list = await krew(['list']);
  t.equal(list.code, 0, list.stderr);
  t.equal(list.stdout, 'detached/csr\n', 'installed from a manifest, not from an index');

  t.test('kubectl csr, found in krew\'s bin', async (t) => {
    const plugins = await kube(['plugin', 'list']);
    t.equal(plugins.stdout, `The following compatible plugins are available:\n\n${join(bin, 'kubectl-csr')}\n`);
    const v = await kube(['csr', 'version', '-o', 'json']);
    t.equal(v.code, 0, v.stderr);
    const info = JSON.parse(v.stdout);
    t.same([info.version, info.platform, info.singleExecutable], [version, `${host.os}/${host.arch}`, true]);

    const inspect = await kube(['csr', 'inspect', '-f', join(root, 'test', 'fixtures', 'pki', 'rsa-8192.csr'), '-o', 'json']);
    t.equal(inspect.code, 0, inspect.stderr);
    const view = JSON.parse(inspect.stdout);
    t.same([view.request.subject.commonName, view.request.publicKey.bits, view.request.signatureValid], ['big', 8192, true]);

    const name = `krew-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    t.teardown(() => run(kubectl!, ['--kubeconfig', plane.kubeconfigs.admin, 'delete', 'csr', name, '--ignore-not-found'], { env: { PATH: bin, HOME: home } }));
    const requested = await kube(['csr', 'request', name]);
    t.equal(requested.code, 0, requested.stderr);
    t.equal(requested.stdout, `certificatesigningrequest.certificates.k8s.io/${name} created\n`);
    const listed = await kube(['csr', 'list', '-o', 'name']);
    t.equal(listed.code, 0, listed.stderr);
    t.ok(listed.stdout.split('\n').includes(`certificatesigningrequest.certificates.k8s.io/${name}`), listed.stdout);
    const byKubectl = await kube(['get', 'csr', name, '-o', 'jsonpath={.spec.username}']);
    t.equal(byKubectl.stdout, 'test-admin', 'kubectl sees the request the plugin made');
  });

  t.test('the completion recipe of the caveats, run as krew prints it', async (t) => {
    const before = await kube(['__complete', 'csr', 'app']);
    t.notMatch(before.stdout, /^approve/m, 'without kubectl_complete-csr, kubectl has nothing to offer');
    // krew prints the caveats in a box: " | Caveats:", then each line behind " |  | ". The recipe is the indented part.
    const caveats = installed.stderr.split('\n').flatMap((line) => (line.startsWith(' |  | ') ? [line.slice(6)] : line === ' |  |' ? [''] : []));
    const recipe = caveats.filter((line) => line.startsWith('  ')).join('\n');
    t.match(recipe, /kubectl_complete-csr/);
    const ran = await run('sh', ['-c', recipe], { env: { PATH: '/usr/bin:/bin', HOME: home, KREW_ROOT: krewRoot }, cwd: work });
    t.equal(ran.code, 0, ran.stderr);
    const after = await kube(['__complete', 'csr', 'app']);
    t.equal(after.code, 0, after.stderr);
    t.match(after.stdout, /^approve\t/);
    const direct = await run(join(bin, 'kubectl-csr'), ['__complete', 'app'], { env: { PATH: bin, HOME: home }, cwd: work });
    t.equal(after.stdout, direct.stdout, 'kubectl passes on what the plugin completes');
  });

  t.test('kubectl krew uninstall csr leaves nothing of it behind', async (t) => {
    const removed = await krew(['uninstall', 'csr']);
    t.equal(removed.code, 0, removed.stderr);
    t.equal(removed.stderr, 'Uninstalled plugin: csr\n');
    t.same(readdirSync(join(krewRoot, 'store')), [], 'the store is empty');
    t.same(readdirSync(join(krewRoot, 'receipts')), [], 'no receipt');
    // The recipe's shim is the user's file, not krew's: it stays, and does nothing without the plugin.
    t.same(readdirSync(bin), existsSync(join(bin, 'kubectl_complete-csr')) ? ['kubectl_complete-csr'] : [], 'the link is gone');
    const gone = await kube(['csr', 'version']);
    t.equal(gone.code, 1);
    t.match(gone.stderr, /unknown command "csr" for "kubectl"/);
    t.equal((await krew(['list'])).stdout, '', 'krew lists nothing');
  });
});
