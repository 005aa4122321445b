// A release for this machine's target, built by scripts/release.mjs as the release workflow does, and its plugin.yaml
// held to krew's rules: name, version, selectors, sha256 values, bin and LICENSE installed from the archive, and the
// binary from the archive runs. All five targets: release-targets.test.ts (KUBECTL_CSR_RELEASE_TESTS=1).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { installArchive, manifestProblems, selects, sha256File, type Manifest, type Platform } from './krew-rules.js';
import { run } from './run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const version = `v${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}`;
const out = mkdtempSync(join(tmpdir(), 'kubectl-csr-release-'));
t.teardown(() => rmSync(out, { recursive: true, force: true }));
const started = Date.now();
execFileSync(process.execPath, [join(root, 'scripts', 'release.mjs'), '--targets', 'host', '--out', out], {
  cwd: root,
  env: { ...process.env, KUBECTL_CSR_REPOSITORY: '' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
t.comment(`release for the host built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
const manifest = yaml.load(readFileSync(join(out, 'plugin.yaml'), 'utf8')) as Manifest;
const host = { os: process.platform === 'win32' ? 'windows' : process.platform, arch: process.arch === 'x64' ? 'amd64' : process.arch };
const archive = `kubectl-csr_${version}_${host.os}_${host.arch}.${host.os === 'windows' ? 'zip' : 'tar.gz'}`;

t.test('plugin.yaml passes krew\'s rules', async (t) => {
  t.same(manifestProblems(manifest, 'csr'), []);
  t.equal(manifest.spec?.version, version, 'the version of package.json, with its v');
  t.equal(manifest.spec?.homepage, 'https://github.com/kubectl-csr/kubectl-csr');
  t.equal(manifest.spec?.platforms?.length, 1);
  t.match(manifest.spec?.caveats, /kubectl_complete-csr/, 'the caveats explain completion');
});

t.test('the rules catch what krew refuses', async (t) => {
  const platform = manifest.spec!.platforms![0]!;
  const broken = (change: (m: Manifest) => void) => {
    const copy = structuredClone(manifest);
    change(copy);
    return manifestProblems(copy, 'csr');
  };
  t.same(broken((m) => (m.spec!.version = version.slice(1))), [`version ${version.slice(1)} is not semver with a leading v`]);
  t.same(broken((m) => (m.metadata!.name = 'CSR')), ['plugin should be named csr, not CSR']);
  t.same(broken((m) => (m.spec!.platforms![0]!.sha256 = platform.sha256!.toUpperCase())), [`platforms[0]: sha256 ${platform.sha256!.toUpperCase()} is not 64 lowercase hex digits`]);
  t.same(broken((m) => m.spec!.platforms!.push(structuredClone(platform))), [`platforms 0, 1 overlap: they all select os=${host.os} arch=${host.arch}`]);
  t.same(broken((m) => (m.spec!.platforms![0]!.selector = { matchLabels: { os: host.os, arch: host.arch, libc: 'musl' } })), ['platforms[0]: selector key libc is not supported', 'platforms[0]: the selector matches no supported platform']);
  t.equal(selects({ matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }] }, 'darwin', 'arm64'), true);
});

t.test('each platform installs from its archive as krew would', async (t) => {
  const platform = manifest.spec!.platforms![0] as Platform;
  t.same(platform.selector, { matchLabels: { os: host.os, arch: host.arch } });
  t.equal(platform.uri, `https://github.com/kubectl-csr/kubectl-csr/releases/download/${version}/${archive}`);
  t.equal(platform.sha256, sha256File(join(out, archive)));
  t.equal(readFileSync(join(out, `${archive}.sha256`), 'utf8'), `${platform.sha256}  ${archive}\n`, 'sha256sum -c format');
  const { dir, problems } = installArchive(platform, join(out, archive), out);
  t.same(problems, []);
  t.equal(readFileSync(join(dir, 'LICENSE'), 'utf8'), readFileSync(join(root, 'LICENSE'), 'utf8'));
  t.match(readFileSync(join(dir, 'THIRD_PARTY_LICENSES'), 'utf8'), /\nNode\.js v\d+\.\d+\.\d+, the runtime of the single executable\n/);

  const empty = mkdtempSync(join(out, 'nopath-'));
  const res = await run(join(dir, platform.bin!), ['--version'], { env: { PATH: empty } });
  t.equal(res.code, 0, res.stderr);
  t.equal(res.stdout, `kubectl-csr ${version}\n`);
  if (host.os !== 'windows') {
    // The completion shim finds the binary next to it, with nothing on PATH.
    const complete = await run(join(dir, 'kubectl_complete-csr'), ['ver'], { env: { PATH: empty } });
    t.equal(complete.code, 0, complete.stderr);
    t.equal(complete.stdout, 'version\tPrint the version, the commit it was built from and the Node.js runtime\n:4\n');
  }
});

t.test('.krew.yaml is the same manifest, as a template for krew-release-bot', async (t) => {
  const { krewManifest, downloadUrl } = await import(pathToFileURL(join(root, 'scripts', 'krew-manifest.mjs')).href);
  const { targets } = await import(pathToFileURL(join(root, 'scripts', 'node-runtime.mjs')).href);
  const template = readFileSync(join(root, '.krew.yaml'), 'utf8');
  const platforms = targets().map((target: unknown) => ({ target, uri: downloadUrl('kubectl-csr/kubectl-csr', '{{ .TagName }}', target) }));
  t.equal(template, krewManifest({ version: '{{ .TagName }}', homepage: 'https://github.com/kubectl-csr/kubectl-csr', platforms, template: true }), 'node scripts/release.mjs krew-template writes it');

  // Render it as krew-release-bot does (pkg/source/template.go): addURIAndSha prints uri and a sha256 indented by 4.
  const rendered = template
    .replace(/\{\{addURIAndSha "([^"]+)" \.TagName \}\}/g, (_m, url: string) => {
      const uri = url.replaceAll('{{ .TagName }}', version);
      const sha = uri.endsWith(`/${archive}`) ? sha256File(join(out, archive)) : 'f'.repeat(64);
      return `uri: ${uri}\n    sha256: ${sha}`;
    })
    .replaceAll('{{ .TagName }}', version);
  const fromTemplate = yaml.load(rendered) as Manifest;
  t.same(manifestProblems(fromTemplate, 'csr'), []);
  t.same(fromTemplate.spec?.platforms?.map((p) => `${p.selector?.matchLabels?.os}/${p.selector?.matchLabels?.arch}`), ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64']);
  const mine = fromTemplate.spec!.platforms!.find((p) => p.uri?.endsWith(`/${archive}`));
  t.same({ ...fromTemplate, spec: { ...fromTemplate.spec, platforms: [mine] } }, manifest, 'rendered for this release, it is plugin.yaml');
});
