// plugin.yaml at the root, the one krew manifest: krew-release-bot's template for krew-index (the release workflow
// names it as krew_template_file) and what `npm run release` renders into release/vX.Y.Z/plugin.yaml. Here, with no
// build: what it says, and how scripts/krew-manifest.mjs renders it. krew itself validates and installs a rendered
// release, and the bot's rendering is compared byte for byte with ours, in test/e2e/krew.test.ts.
import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { manifestProblems, selects, type Manifest } from './krew-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { keepPlatforms, readTemplate, renderManifest } = await import(pathToFileURL(join(root, 'scripts', 'krew-manifest.mjs')).href);
const { targets } = await import(pathToFileURL(join(root, 'scripts', 'node-runtime.mjs')).href);
const template: string = readTemplate();
const fakeSha = (text: string) => createHash('sha256').update(text).digest('hex');
const render = (text: string, tag = 'v1.2.3') => renderManifest(text, { tag, uriAndSha: (uri: string) => ({ uri, sha256: fakeSha(uri) }) }) as string;
const manifest = yaml.load(render(template)) as Manifest;

t.test('the release workflow gives plugin.yaml to krew-release-bot, and there is no other template', async (t) => {
  const workflow = yaml.load(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
  };
  const bot = Object.values(workflow.jobs).flatMap((job) => job.steps).filter((step) => step.uses?.startsWith('rajatjindal/krew-release-bot@'));
  t.equal(bot.length, 1);
  t.same(bot[0]!.with, { krew_template_file: 'plugin.yaml' });
  t.notOk(existsSync(join(root, '.krew.yaml')), 'the bot\'s default template would be a second manifest');
});

t.test('rendered, plugin.yaml is a krew manifest for every release target', async (t) => {
  t.same(manifestProblems(manifest, 'csr'), []);
  const spec = manifest.spec!;
  t.equal(manifest.metadata?.name, 'csr');
  t.equal(spec.version, 'v1.2.3', 'the tag, with its v');
  t.equal(spec.homepage, 'https://github.com/kubectl-csr/kubectl-csr');
  // What krew-index's reviewers ask of every new plugin (see docs/releasing.md "krew-index"): a short description of at most 50
  // characters, and a description wrapped at 80 without usage examples.
  t.ok(spec.shortDescription!.length <= 50, spec.shortDescription!);
  t.notMatch(spec.shortDescription, /kubectl|plugin/i, 'no redundant words');
  for (const line of spec.description!.split('\n')) t.ok(line.length <= 80, line);
  for (const line of spec.caveats!.split('\n')) t.ok(line.length <= 80, line);
  t.notMatch(spec.description, /kubectl csr \w/, 'no usage examples');

  const platforms = spec.platforms!;
  t.same(platforms.map((p) => `${p.selector?.matchLabels?.os}/${p.selector?.matchLabels?.arch}`), targets().map((x: { name: string }) => x.name));
  for (const p of platforms) {
    const { os, arch } = p.selector!.matchLabels!;
    const windows = os === 'windows';
    const name = `kubectl-csr_v1.2.3_${os}_${arch}.${windows ? 'zip' : 'tar.gz'}`;
    t.equal(p.uri, `https://github.com/kubectl-csr/kubectl-csr/releases/download/v1.2.3/${name}`);
    t.equal(p.sha256, fakeSha(p.uri!));
    t.equal(p.bin, windows ? 'kubectl-csr.exe' : 'kubectl-csr');
    const shim = windows ? 'kubectl_complete-csr.cmd' : 'kubectl_complete-csr';
    t.same(p.files, [p.bin, shim, 'LICENSE', 'THIRD_PARTY_LICENSES'].map((from) => ({ from, to: '.' })), `${os}/${arch}: the files the archive holds`);
  }
});

t.test('the completion recipe of the caveats is the README\'s', async (t) => {
  const recipe = manifest.spec!.caveats!.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
  t.same(recipe, [
    `printf '#!/bin/sh\\nexec kubectl-csr __complete "$@"\\n' \\`,
    '> "${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-csr"',
    'chmod +x "${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-csr"',
  ]);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const line of recipe) t.ok(readme.includes(`\n${line.startsWith('>') ? '  ' : ''}${line}\n`), `the README's install section shows it: ${line}`);
});

t.test('the renderer knows the bot\'s template language as far as plugin.yaml uses it, and refuses the rest', async (t) => {
  const sha = fakeSha('https://x/v1.2.3/a.tar.gz');
  t.equal(render('a: {{ .TagName }}\n'), 'a: v1.2.3\n');
  t.equal(render('a: {{.TagName}}\n'), 'a: v1.2.3\n');
  t.equal(render('{{/* a comment\n over lines */ -}}\n\nb: 1\n'), 'b: 1\n', 'a comment, and " -}}" trims what follows');
  t.equal(render('a: 1\n  {{- /* c */}}\n'), 'a: 1\n', '"{{- " trims what precedes');
  t.equal(render('    {{addURIAndSha "https://x/{{ .TagName }}/a.tar.gz" .TagName }}\n'), `    uri: https://x/v1.2.3/a.tar.gz\n    sha256: ${sha}\n`, 'a "}}" inside the string');
  t.throws(() => render('{{ .Version }}'), /plugin\.yaml: \{\{\.Version\}\} is not one of the actions/);
  t.throws(() => render('{{ addURIAndSha "x" "v1" }}'), /is not one of the actions/);
  t.throws(() => render('a: {{ .TagName '), /never closed/);
  t.throws(() => render('{{/* open'), /never closed/);
});

t.test('a release of some targets lists only their platforms', async (t) => {
  const linux = yaml.load(render(keepPlatforms(template, (p: { os: string }) => p.os === 'linux'))) as Manifest;
  t.same(linux.spec!.platforms!.map((p) => p.selector?.matchLabels?.arch), ['amd64', 'arm64']);
  t.same({ ...linux.spec, platforms: [] }, { ...manifest.spec, platforms: [] }, 'the rest is the same');
});

// krew-rules.ts stands in for krew where krew is not built: the release workflow's check of every target
// (release-targets.test.ts). Its rules against the manifest changed the ways krew would refuse.
t.test('the rules catch what krew refuses', async (t) => {
  const platform = manifest.spec!.platforms![0]!;
  const broken = (change: (m: Manifest) => void) => {
    const copy = structuredClone(manifest);
    change(copy);
    return manifestProblems(copy, 'csr');
  };
  t.same(broken((m) => (m.spec!.version = '1.2.3')), ['version 1.2.3 is not semver with a leading v']);
  t.same(broken((m) => (m.metadata!.name = 'CSR')), ['plugin should be named csr, not CSR']);
  t.same(broken((m) => (m.spec!.platforms![0]!.sha256 = platform.sha256!.toUpperCase())), [`platforms[0]: sha256 ${platform.sha256!.toUpperCase()} is not 64 lowercase hex digits`]);
  t.same(broken((m) => m.spec!.platforms!.push(structuredClone(platform))), ['platforms 0, 5 overlap: they all select os=linux arch=amd64']);
  t.same(broken((m) => (m.spec!.platforms![0]!.selector = { matchLabels: { os: 'linux', arch: 'amd64', libc: 'musl' } })), ['platforms[0]: selector key libc is not supported', 'platforms[0]: the selector matches no supported platform']);
  t.equal(selects({ matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }] }, 'darwin', 'arm64'), true);
});
