// `npm run release`: single executables for every target, their archives with sha256 files, and the krew manifest.
//
//   node scripts/release.mjs [build] [package] [--targets linux/amd64,...|host] [--out DIR]
//     build      the bundle, then OUT/bin/OS_ARCH/kubectl-csr[.exe] and OUT/THIRD_PARTY_LICENSES
//     package    OUT/kubectl-csr_vX.Y.Z_OS_ARCH.tar.gz (.zip for windows) and .sha256 for each, and OUT/plugin.yaml
//     (neither)  both
//   node scripts/release.mjs krew-template     rewrite .krew.yaml, the krew-release-bot template
//
// OUT defaults to release/vX.Y.Z (package.json's version). The two steps are apart because darwin binaries must be
// signed on a Mac in between (.github/workflows/release.yml); on macOS, build signs them itself.
//   KUBECTL_CSR_REPOSITORY   owner/name on GitHub, for the download URLs (default kubectl-csr/kubectl-csr)
//   SOURCE_DATE_EPOCH        the time stamped on archive entries (default: the commit's time)
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeTarGz, writeZip } from './archive.mjs';
import { buildInfo, bundle, root } from './bundle.mjs';
import { archiveFiles, archiveName, downloadUrl, krewManifest, repository } from './krew-manifest.mjs';
import { findTarget, hostTarget, nodeRuntime, targets as allTargets } from './node-runtime.mjs';
import { makeSea } from './sea.mjs';
import { thirdPartyLicenses } from './third-party-licenses.mjs';

function parseArgs(argv) {
  const opts = { steps: [], targets: allTargets(), out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--targets') opts.targets = argv[++i].split(',').map((name) => findTarget(name.trim()));
    else if (arg === '--out') opts.out = resolve(argv[++i]);
    else if (['build', 'package', 'krew-template'].includes(arg)) opts.steps.push(arg);
    else throw new Error(`unknown argument "${arg}"; see the comment at the top of scripts/release.mjs`);
  }
  if (!opts.steps.length) opts.steps = ['build', 'package'];
  return opts;
}

const binDir = (out, target) => join(out, 'bin', `${target.os}_${target.arch}`);

async function buildBinaries(out, targets, info) {
  await mkdir(out, { recursive: true });
  const bundled = join(out, 'kubectl-csr.cjs');
  const metafile = await bundle(bundled, info);
  const host = hostTarget();
  const generator = await nodeRuntime(host);
  await writeFile(join(out, 'THIRD_PARTY_LICENSES'), thirdPartyLicenses(metafile, root, generator.version, generator.license));
  for (const target of targets) {
    const started = Date.now();
    const runtime = await nodeRuntime(target);
    const dir = binDir(out, target);
    await mkdir(dir, { recursive: true });
    const exe = join(dir, target.exe);
    const codeCache = target.name === host.name; // V8's code cache only loads where it was made
    await makeSea({ bundle: bundled, runtime: runtime.node, generator: generator.node, out: exe, codeCache, target });
    console.log(`built ${exe} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

async function packageArchives(out, targets, info) {
  const mtime = Number(process.env.SOURCE_DATE_EPOCH) || info.commitTime;
  const sources = {
    'kubectl_complete-csr': join(root, 'scripts', 'kubectl_complete-csr'),
    'kubectl_complete-csr.cmd': join(root, 'scripts', 'kubectl_complete-csr.cmd'),
    LICENSE: join(root, 'LICENSE'),
    THIRD_PARTY_LICENSES: join(out, 'THIRD_PARTY_LICENSES'),
  };
  const platforms = [];
  for (const target of targets) {
    const entries = archiveFiles(target).map((f) => ({ name: f.name, mode: f.mode, file: f.role === 'bin' ? join(binDir(out, target), f.name) : sources[f.name] }));
    const missing = entries.find((e) => !existsSync(e.file));
    if (missing) throw new Error(`${missing.file} is missing: run the build step first`);
    const archive = join(out, archiveName(info.version, target));
    await (target.os === 'windows' ? writeZip : writeTarGz)(archive, entries, mtime);
    const sha256 = createHash('sha256').update(await readFile(archive)).digest('hex');
    await writeFile(`${archive}.sha256`, `${sha256}  ${basename(archive)}\n`);
    platforms.push({ target, uri: downloadUrl(repository(), info.version, target), sha256 });
    console.log(`packaged ${archive}`);
  }
  const homepage = `https://github.com/${repository()}`;
  await writeFile(join(out, 'plugin.yaml'), krewManifest({ version: info.version, homepage, platforms }));
  console.log(`wrote ${join(out, 'plugin.yaml')}`);
}

async function writeKrewTemplate() {
  const repo = repository();
  const platforms = allTargets().map((target) => ({ target, uri: downloadUrl(repo, '{{ .TagName }}', target) }));
  const text = krewManifest({ version: '{{ .TagName }}', homepage: `https://github.com/${repo}`, platforms, template: true });
  await writeFile(join(root, '.krew.yaml'), text);
  console.log(`wrote ${join(root, '.krew.yaml')}`);
}

async function release(argv) {
  const opts = parseArgs(argv);
  const info = buildInfo();
  const out = opts.out ?? join(root, 'release', info.version);
  if (opts.steps.includes('krew-template')) await writeKrewTemplate();
  if (opts.steps.includes('build')) {
    await rm(join(out, 'bin'), { recursive: true, force: true });
    await buildBinaries(out, opts.targets, info);
  }
  if (opts.steps.includes('package')) await packageArchives(out, opts.targets, info);
}

release(process.argv.slice(2)).catch((err) => {
  console.error(`release: ${err.message}`);
  process.exitCode = 1;
});
