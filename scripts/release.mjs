// `npm run release`: single executables for every target, their archives with sha256 files, and the krew manifest.
//
//   node scripts/release.mjs [build] [package] [--targets linux/amd64,...|host] [--out DIR] [--base-url URL]
//     build      the bundle, then OUT/bin/OS_ARCH/kubectl-csr[.exe] and OUT/THIRD_PARTY_LICENSES
//     package    OUT/kubectl-csr_vX.Y.Z_OS_ARCH.tar.gz (.zip for windows) and .sha256 for each, and OUT/plugin.yaml,
//                plugin.yaml at the root rendered as krew-release-bot renders it (scripts/krew-manifest.mjs), with
//                the platforms of the targets packaged
//     (neither)  both
//   --base-url   the directory plugin.yaml's URIs point to instead of the GitHub release (a test server, a mirror)
//
// OUT defaults to release/vX.Y.Z (package.json's version). The two steps are apart because darwin binaries must be
// signed on a Mac in between (.github/workflows/release.yml); on macOS, build signs them itself. Each archive holds
// the files plugin.yaml installs for its platform, in that order.
//   SOURCE_DATE_EPOCH        the time stamped on archive entries (default: the commit's time)
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeTarGz, writeZip } from './archive.mjs';
import { buildInfo, bundle, root } from './bundle.mjs';
import { keepPlatforms, readTemplate, renderManifest, templatePlatforms } from './krew-manifest.mjs';
import { findTarget, hostTarget, nodeRuntime, targets as allTargets } from './node-runtime.mjs';
import { makeSea } from './sea.mjs';
import { thirdPartyLicenses } from './third-party-licenses.mjs';

function parseArgs(argv) {
  const opts = { steps: [], targets: allTargets(), out: undefined, baseUrl: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--targets') opts.targets = argv[++i].split(',').map((name) => findTarget(name.trim()));
    else if (arg === '--out') opts.out = resolve(argv[++i]);
    else if (arg === '--base-url') opts.baseUrl = argv[++i].replace(/\/+$/, '');
    else if (['build', 'package'].includes(arg)) opts.steps.push(arg);
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

async function packageArchives(out, targets, info, baseUrl) {
  const mtime = Number(process.env.SOURCE_DATE_EPOCH) || info.commitTime;
  const sources = {
    'kubectl_complete-csr': { file: join(root, 'scripts', 'kubectl_complete-csr'), mode: 0o755 },
    'kubectl_complete-csr.cmd': { file: join(root, 'scripts', 'kubectl_complete-csr.cmd'), mode: 0o755 },
    LICENSE: { file: join(root, 'LICENSE'), mode: 0o644 },
    THIRD_PARTY_LICENSES: { file: join(out, 'THIRD_PARTY_LICENSES'), mode: 0o644 },
  };
  const template = readTemplate();
  const platforms = templatePlatforms(template, info.version);
  const sha256s = new Map();
  for (const target of targets) {
    const platform = platforms.find((p) => p.os === target.os && p.arch === target.arch);
    if (!platform) throw new Error(`plugin.yaml has no platform for ${target.name}`);
    if (platform.bin !== target.exe) throw new Error(`plugin.yaml: ${target.name}'s bin is ${platform.bin}, the release builds ${target.exe}`);
    const entries = platform.files.map(({ from, to }) => {
      const source = from === target.exe ? { file: join(binDir(out, target), target.exe), mode: 0o755 } : sources[from];
      if (!source || to !== '.') throw new Error(`plugin.yaml: ${target.name} installs ${from} to ${to}; the release makes ${[target.exe, ...Object.keys(sources)].join(', ')}, all to .`);
      return { name: from, ...source };
    });
    const missing = entries.find((e) => !existsSync(e.file));
    if (missing) throw new Error(`${missing.file} is missing: run the build step first`);
    const name = basename(new URL(platform.url).pathname);
    const archive = join(out, name);
    await (target.os === 'windows' ? writeZip : writeTarGz)(archive, entries, mtime);
    const sha256 = createHash('sha256').update(await readFile(archive)).digest('hex');
    await writeFile(`${archive}.sha256`, `${sha256}  ${name}\n`);
    sha256s.set(platform.url, sha256);
    console.log(`packaged ${archive}`);
  }
  const packaged = keepPlatforms(template, (p) => targets.some((t) => t.os === p.os && t.arch === p.arch));
  const manifest = renderManifest(packaged, {
    tag: info.version,
    uriAndSha: (url) => ({ uri: baseUrl ? `${baseUrl}/${basename(new URL(url).pathname)}` : url, sha256: sha256s.get(url) }),
  });
  await writeFile(join(out, 'plugin.yaml'), manifest);
  console.log(`wrote ${join(out, 'plugin.yaml')}`);
}

async function release(argv) {
  const opts = parseArgs(argv);
  const info = buildInfo();
  const out = opts.out ?? join(root, 'release', info.version);
  if (opts.steps.includes('build')) {
    await rm(join(out, 'bin'), { recursive: true, force: true });
    await buildBinaries(out, opts.targets, info);
  }
  if (opts.steps.includes('package')) await packageArchives(out, opts.targets, info, opts.baseUrl);
}

release(process.argv.slice(2)).catch((err) => {
  console.error(`release: ${err.message}`);
  process.exitCode = 1;
});
