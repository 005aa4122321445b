// Makes the V8 code cache that the single executable loads with its bundle (src/build/bundle-script.ts): runs the bundle,
// compiled by the same bundleScript(), through a few offline commands, under the very Node.js runtime the executable
// is made of, and saves what V8 compiled meanwhile. scripts/sea.mjs bundles and runs this, for the host's binary only.
//
//   RUNTIME_NODE train-code-cache.mjs BUNDLE OUT
//
// The commands cover what every run goes through (yargs, the kubeconfig, an HTTPS request up to "connection refused"
// on a port nothing listens on) and the offline work (a key, a request, a manifest, decoding it). Nothing is read
// from the builder's home: HOME is an empty directory, and the commands only write there.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleScript, runBundleScript } from '../src/build/bundle-script.js';

const [bundle, out] = process.argv.slice(2);
if (!bundle || !out) throw new Error('usage: train-code-cache BUNDLE OUT');

const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-code-cache-'));
try {
  process.chdir(work);
  process.env = { PATH: process.env.PATH, HOME: work };
  const server = `https://127.0.0.1:${await closedPort()}`;
  const cluster = ['--server', server, '--token', 'training'];
  const script = bundleScript(readFileSync(bundle));
  const manifest = await run(script, ['request', 'train', '-g', 'dev', '--dry-run=client', '-o', 'yaml'], 0);
  writeFileSync('train.yaml', manifest);
  await run(script, ['request', 'train-ec', '--key-type', 'ecdsa-p256', '--dry-run=client', '-o', 'json'], 0);
  await run(script, ['inspect', '-f', 'train.yaml'], 0);
  await run(script, ['inspect', '-f', 'train.yaml', '-o', 'json'], 0);
  await run(script, ['version'], 0);
  for (const command of [['list'], ['approve', 'train'], ['approve', '--pending', '--yes'], ['fetch', 'train'], ['inspect', 'train']]) {
    await run(script, [...command, ...cluster], 1); // connection refused
  }
  writeFileSync(out, script.createCachedData());
  process.exitCode = 0;
} finally {
  process.chdir(tmpdir());
  rmSync(work, { recursive: true, force: true });
}

/**
 * One command, in this process: a fresh run of the bundle's top level (the compiled functions stay with the Script),
 * until the entry point sets the exit code, which must be `expected`: training on a failure that was not meant would
 * leave the cache without what it was for. Returns what the command printed on stdout.
 */
async function run(script: ReturnType<typeof bundleScript>, args: string[], expected: number): Promise<string> {
  process.argv = [process.execPath, 'kubectl-csr', ...args];
  process.exitCode = undefined;
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  try {
    runBundleScript(script, createRequire(import.meta.url), join(work, 'kubectl-csr'));
    const deadline = Date.now() + 60_000;
    while (process.exitCode === undefined) {
      if (Date.now() > deadline) throw new Error(`kubectl-csr ${args.join(' ')} did not finish`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    process.stdout.write = write;
  }
  if (process.exitCode !== expected) throw new Error(`kubectl-csr ${args.join(' ')} exited ${String(process.exitCode)}, not ${expected}`);
  return stdout;
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
