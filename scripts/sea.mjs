// Makes a Node.js single executable application (https://nodejs.org/api/single-executable-applications.html) from the
// bundle: `node --experimental-sea-config` writes the preparation blob, and postject injects it into a copy of the
// target's Node.js runtime. This is what @yao-pkg/pkg's --sea mode does too (its output was byte for byte the same);
// docs/releasing.md says why pkg itself is not used.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import postject from 'postject';
import { CHUNK, chunkOf, LIST_SCRIPT, listOf, seaMainOf } from './bundle.mjs';

const run = promisify(execFile);

/** The fuse Node looks for to know it carries a blob (src/node_sea.cc); postject flips its last character to 1. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * LIEF, inside postject, warns about things that do not matter: section names it cannot resolve in Node's ELF notes,
 * and the Mach-O or Authenticode signature that injection invalidates (darwin binaries are signed again afterwards,
 * see codesign()). Anything else it prints passes through.
 */
const HARMLESS = /^warning: (Can't find string offset for section name '\.note|The signature seems corrupted!)/;

/** The asset names src/build/bundle-script.ts reads the bundle and its code cache by. */
const BUNDLE_ASSET = 'kubectl-csr.cjs';
const CODE_CACHE_ASSET = 'kubectl-csr.cjs.cache';
const CHUNK_ASSET = CHUNK;
const LIST_SCRIPT_ASSET = LIST_SCRIPT;

/**
 * The SEA configuration (Node's --experimental-sea-config), with the main script and assets in the same directory;
 * caches are the code caches' asset names (the bundle's, the chunk's, and the list script's).
 */
export function seaConfig({ codeCache, caches = [] }) {
  const scripts = [BUNDLE_ASSET, CHUNK_ASSET, LIST_SCRIPT_ASSET];
  const assets = Object.fromEntries([...scripts, ...caches].map((name) => [name, name]));
  // No V8 flag: any (--max-semi-space-size=2 took 8 MB off the peak of `list`) makes V8 refuse the code cache of Node's
  // own modules, built with the default flags, and cost 8 to 15 ms at every start (BENCHMARKS.md). --use-openssl-ca is
  // Node's, not V8's: with it, loading node:tls no longer parses Node's bundled roots and NODE_EXTRA_CA_CERTS on a
  // thread that competes with the API server for the cores; src/kube/tls-trust.ts (SEA_CA_FLAG) gives each connection
  // the same trust as before.
  return {
    main: 'main.cjs',
    output: 'sea-prep.blob',
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: codeCache,
    execArgv: ['--use-openssl-ca'],
    assets,
  };
}

/**
 * bundle → out, a single executable for target. Its main script is the small one bundle() wrote beside the bundle
 * (src/build/single-executable.ts); the bundle itself is an asset, run from there.
 *
 * generator is a Node.js that runs on this machine, of exactly the runtime's version: the blob's layout changes even
 * between patch releases. Without code caches the blob holds only the scripts, so one made on linux/amd64 is byte for
 * byte the one linux/arm64 or windows/amd64 would make (test/package/release-targets.test.ts checks this under qemu
 * and wine). codeCache adds V8 code caches, Node's for the main script and one made by running the bundle for the
 * bundle (trainCodeCache), but V8's code cache only loads where it was made: Node's docs warn that a cross-platform
 * one may crash at start-up, so it is only for the generator's own platform.
 */
export async function makeSea({ bundle, runtime, generator, out, codeCache, target }) {
  // Next to out, so that the final rename is atomic: tests may be running the previous binary right now.
  const tmp = await mkdtemp(join(dirname(out), '.sea-'));
  try {
    // Relative paths, so that the blob does not carry this machine's paths and stays reproducible.
    await copyFile(seaMainOf(bundle), join(tmp, 'main.cjs'));
    await writeAsset(bundle, join(tmp, BUNDLE_ASSET));
    await writeAsset(chunkOf(bundle), join(tmp, CHUNK_ASSET));
    await writeAsset(listOf(bundle), join(tmp, LIST_SCRIPT_ASSET));
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    if (codeCache) await trainCodeCache(generator, join(tmp, BUNDLE_ASSET), join(tmp, CODE_CACHE_ASSET), env);
    const caches = codeCache ? (await readdir(tmp)).filter((name) => name.endsWith('.cache')).sort() : [];
    await writeFile(join(tmp, 'sea-config.json'), JSON.stringify(seaConfig({ codeCache, caches })));
    await run(generator, ['--experimental-sea-config', 'sea-config.json'], { cwd: tmp, env });
    const blob = await readFile(join(tmp, 'sea-prep.blob'));

    const exe = join(tmp, 'executable');
    await copyFile(runtime, exe);
    await chmod(exe, 0o755);
    if (strips(target)) await stripSymbols(exe);
    if (target.os === 'darwin') await codesign(['--remove-signature', exe]);
    await quietly(() =>
      postject.inject(exe, 'NODE_SEA_BLOB', blob, {
        sentinelFuse: SEA_FUSE,
        machoSegmentName: target.os === 'darwin' ? 'NODE_SEA' : undefined,
        overwrite: true,
      }),
    );
    if (target.os === 'darwin') await codesign(['--sign', '-', '--force', exe]);
    // A plain copy, then the rename: a process that runs the file as postject (LIEF) wrote it has about 20 MB more
    // resident (60 MB, not 40 MB, for --help on linux/amd64) until the page cache lets it go, while a copy of the
    // same bytes, what an install or an unpacked archive is, does not. Measured, not explained: BENCHMARKS.md.
    await copyFile(exe, `${exe}.copy`);
    await rename(`${exe}.copy`, out);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * A script as the executable compiles it (src/build/bundle-script.ts): inside Node's CommonJS wrapper, its shebang line
 * (not JavaScript) left empty, so that its lines keep their numbers. Done here once rather than at every start, where
 * it cost two more copies of the bundle (BENCHMARKS.md, start-up). Read and written as Latin-1: the same bytes.
 */
async function writeAsset(script, to) {
  const text = (await readFile(script, 'latin1')).replace(/^#!.*/, '');
  await writeFile(to, `(function (exports, require, module, __filename, __dirname) {${text}\n})`, 'latin1');
}

/**
 * The bundle's code cache, made by running it (scripts/train-code-cache.ts) with the generator, which is the very
 * runtime of the host's executable: V8 takes a cache only from its own version and flags.
 */
async function trainCodeCache(generator, bundle, out, env) {
  const trainer = join(dirname(out), 'train-code-cache.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./train-code-cache.ts', import.meta.url))],
    outfile: trainer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    // node-forge (the training server's certificate) is CommonJS and requires Node's builtins.
    banner: { js: "import { createRequire as trainerRequire } from 'node:module'; const require = trainerRequire(import.meta.url);" },
  });
  try {
    await run(generator, [trainer, bundle, out], { cwd: dirname(out), env });
  } catch (err) {
    throw new Error(`training the code cache failed: ${err.stderr || err.message}`);
  }
}

/**
 * Node's linux runtimes carry their symbol table and some DWARF that nothing reads at run time (the dynamic symbols,
 * which addons link against, stay). Stripped here, on the runtime's copy, before the blob goes in: `strip` on the
 * finished executable made one that crashed at start, the injected blob broken. GNU strip reads only this machine's
 * ELF (it refuses an aarch64 file on amd64), so a linux target of another architecture is left as Node ships it.
 */
function strips(target) {
  return target.os === 'linux' && process.platform === 'linux' && target.nodeArch === process.arch;
}

async function stripSymbols(exe) {
  try {
    await run('strip', ['--strip-all', exe]);
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error('a linux executable is made from a stripped runtime: install strip (GNU binutils)');
    throw err;
  }
}

/**
 * darwin/arm64 refuses to start an unsigned binary, so the release signs darwin binaries ad hoc (`codesign --sign -`)
 * on macOS, as Node's docs say to. Elsewhere there is no codesign: the binary is left with the runtime's now broken
 * signature, to be signed on a Mac (.github/workflows/release.yml does).
 */
async function codesign(args) {
  if (process.platform !== 'darwin') return;
  await run('codesign', args);
}

async function quietly(fn) {
  const write = process.stderr.write;
  process.stderr.write = function (chunk, ...rest) {
    if (HARMLESS.test(String(chunk))) {
      const callback = rest.find((r) => typeof r === 'function');
      if (callback) process.nextTick(callback);
      return true;
    }
    return write.call(process.stderr, chunk, ...rest);
  };
  try {
    return await fn();
  } finally {
    process.stderr.write = write;
  }
}
