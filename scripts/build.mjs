// `npm run build`: dist/kubectl-csr, a single executable for this machine that needs no Node.js to run.
//
//   dist/kubectl-csr.cjs        the bundle (scripts/bundle.mjs); `node dist/kubectl-csr.cjs` runs it too
//   dist/kubectl-csr.client-node.cjs   @kubernetes/client-node, which the bundle requires on first use (exec users)
//   dist/kubectl-csr.list.cjs   what the single executable runs for a `list` line (src/bin-list.ts); not for `node`
//   dist/kubectl-csr            the bundle injected into the pinned Node.js runtime (scripts/sea.mjs)
//   dist/kubectl_complete-csr   what kubectl runs to complete `kubectl csr …` (docs/commands.md "Completion")
//
// The test harness runs this before every test run. The runtime is fetched once into a cache (node-runtime.mjs), and
// the injection, about 5 s, is skipped when neither the bundle nor the runtime changed since the last build.
import { createHash } from 'node:crypto';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, CHUNK, chunkOf, LIST_SCRIPT, listOf, root, seaMainOf } from './bundle.mjs';
import { hostTarget, nodeRuntime } from './node-runtime.mjs';
import { makeSea } from './sea.mjs';

const started = Date.now();
const dist = join(root, 'dist');
const out = join(dist, 'kubectl-csr');
const { target, runtime, upToDate } = await buildExecutable();
await installShim();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`built ${out} (Node.js v${runtime.version}, ${target.name}${upToDate ? ', unchanged' : ''}) in ${seconds}s`);

async function buildExecutable() {
  // This build's own copy of the bundle until the end: other builds may run at the same time (the test harness
  // builds too), and the binary and its stamp must come from the same bytes.
  const mine = join(dist, `.kubectl-csr.${process.pid}.cjs`);
  try {
    await bundle(mine);
    const target = hostTarget();
    const runtime = await nodeRuntime(target);
    const stampFile = join(dist, '.kubectl-csr.stamp');
    // Everything the executable is made of: both scripts, the runtime, and how they are put together and trained.
    const stamp = createHash('sha256')
      .update(await readFile(mine))
      .update(await readFile(chunkOf(mine)))
      .update(await readFile(listOf(mine)))
      .update(await readFile(seaMainOf(mine)))
      .update(`\0${target.integrity}\0${await readFile(new URL('./sea.mjs', import.meta.url), 'utf8')}`)
      .update(await readFile(new URL('./train-code-cache.ts', import.meta.url)))
      .digest('hex');
    const upToDate = existsSync(out) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')) === stamp;
    if (!upToDate) {
      // The host's own runtime is also the generator, so the code cache can be used: it loads where it was made.
      await makeSea({ bundle: mine, runtime: runtime.node, generator: runtime.node, out, codeCache: true, target });
      await writeFile(stampFile, stamp);
    }
    await rename(chunkOf(mine), join(dist, CHUNK));
    await rename(listOf(mine), join(dist, LIST_SCRIPT));
    await rename(mine, join(dist, 'kubectl-csr.cjs'));
    return { target, runtime, upToDate };
  } finally {
    await rm(mine, { force: true });
    await rm(chunkOf(mine), { force: true });
    await rm(listOf(mine), { force: true });
    await rm(seaMainOf(mine), { force: true });
  }
}

async function installShim() {
  const shim = join(dist, 'kubectl_complete-csr');
  const source = join(root, 'scripts', 'kubectl_complete-csr');
  if (!existsSync(shim) || !(await readFile(shim)).equals(await readFile(source))) await copyFile(source, shim);
}
