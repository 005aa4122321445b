// Makes a Node.js single executable application (https://nodejs.org/api/single-executable-applications.html) from the
// bundle: `node --experimental-sea-config` writes the preparation blob, and postject injects it into a copy of the
// target's Node.js runtime. This is what @yao-pkg/pkg's --sea mode does too (its output was byte for byte the same);
// README "Single binary" says why pkg itself is not used.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import postject from 'postject';

const run = promisify(execFile);

/** The fuse Node looks for to know it carries a blob (src/node_sea.cc); postject flips its last character to 1. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * LIEF, inside postject, warns about things that do not matter: section names it cannot resolve in Node's ELF notes,
 * and the Mach-O or Authenticode signature that injection invalidates (darwin binaries are signed again afterwards,
 * see codesign()). Anything else it prints passes through.
 */
const HARMLESS = /^warning: (Can't find string offset for section name '\.note|The signature seems corrupted!)/;

/**
 * bundle → out, a single executable for target.
 *
 * generator is a Node.js that runs on this machine, of exactly the runtime's version: the blob's layout changes even
 * between patch releases. Without code cache or snapshot the blob holds only the script, so one made on linux/amd64
 * is byte for byte the one linux/arm64 or windows/amd64 would make (test/package/release-targets.test.ts checks this
 * under qemu and wine). codeCache compiles the script ahead of time, about 100 ms less at every start, but V8's code
 * cache only loads where it was made: Node's docs warn that a cross-platform one may crash at start-up, so it is
 * only for the generator's own platform.
 */
export async function makeSea({ bundle, runtime, generator, out, codeCache, target }) {
  // Next to out, so that the final rename is atomic: tests may be running the previous binary right now.
  const tmp = await mkdtemp(join(dirname(out), '.sea-'));
  try {
    // A relative main, so that the blob does not carry this machine's paths and stays reproducible.
    await copyFile(bundle, join(tmp, 'kubectl-csr.cjs'));
    const config = { main: 'kubectl-csr.cjs', output: 'sea-prep.blob', disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: codeCache };
    await writeFile(join(tmp, 'sea-config.json'), JSON.stringify(config));
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    await run(generator, ['--experimental-sea-config', 'sea-config.json'], { cwd: tmp, env });
    const blob = await readFile(join(tmp, 'sea-prep.blob'));

    const exe = join(tmp, 'executable');
    await copyFile(runtime, exe);
    await chmod(exe, 0o755);
    if (target.os === 'darwin') await codesign(['--remove-signature', exe]);
    await quietly(() =>
      postject.inject(exe, 'NODE_SEA_BLOB', blob, {
        sentinelFuse: SEA_FUSE,
        machoSegmentName: target.os === 'darwin' ? 'NODE_SEA' : undefined,
        overwrite: true,
      }),
    );
    if (target.os === 'darwin') await codesign(['--sign', '-', '--force', exe]);
    await rename(exe, out);
  } finally {
    await rm(tmp, { recursive: true, force: true });
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
