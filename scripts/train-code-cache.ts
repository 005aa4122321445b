// Makes the V8 code cache that the single executable loads with its bundle (src/build/bundle-script.ts): runs the bundle,
// compiled by the same bundleScript(), through a few offline commands, under the very Node.js runtime the executable
// is made of, and saves what V8 compiled meanwhile. scripts/sea.mjs bundles and runs this, for the host's binary only.
//
//   RUNTIME_NODE train-code-cache.mjs BUNDLE OUT [FAMILY]
//
// Without FAMILY it writes the cache for every command, the chunk's, and then, each in a process of its own, one for
// each command family of CACHE_FAMILIES (src/build/bundle-script.ts): the cache of the family's own script, which lies
// beside BUNDLE (and is then what BUNDLE names), trained on that family's commands alone.
//
// The commands cover what every run goes through (yargs, the kubeconfig, an HTTPS request up to "connection refused"
// on a port nothing listens on), the offline work (a key, a request, a manifest, decoding it), and `list` reading a
// page from a small local HTTPS server that answers as the API server does (the rows, the subject's DER walk, the
// table), with a self-signed certificate made here by node-forge. Nothing is read from the builder's home: HOME is an empty directory, and the commands only write there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import forge from 'node-forge';
import { BUNDLE_ASSET, bundleScript, CACHE_FAMILIES, CHUNK_ASSET, CHUNK_CODE_CACHE_ASSET, familyCacheAsset, runBundleScript, withChunk } from '../src/build/bundle-script.js';
import { execKubeconfig } from '../src/build/exec-kubeconfig.js';
import { restoreV8Defaults } from '../src/startup/v8-tuning.js';

const [trainer, bundle, out, family] = process.argv.slice(1);
if (!bundle || !out) throw new Error('usage: train-code-cache BUNDLE OUT [FAMILY]');
if (family !== undefined && !(family in CACHE_FAMILIES)) throw new Error(`no command family ${family}: ${Object.keys(CACHE_FAMILIES).join(', ')}`);
/** What the bundle requires with: Node's require, and the chunk compiled as the executable compiles it. */
let bundleRequire: NodeJS.Require;
// The bundle's entry point ends the process once a command is done (src/run-main.ts); this process runs one command after
// another and writes the cache at the end.
process.exit = (() => undefined) as unknown as typeof process.exit;

const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-code-cache-'));
try {
  process.chdir(work);
  process.env = { PATH: process.env.PATH, HOME: work };
  const server = `https://127.0.0.1:${await closedPort()}`;
  const cluster = ['--server', server, '--token', 'training'];
  const script = bundleScript(readFileSync(bundle), undefined, family ? CACHE_FAMILIES[family]!.script : BUNDLE_ASSET);
  // The chunk (@kubernetes/client-node) lies beside the bundle, as in the executable's assets; its cache goes beside OUT.
  const chunk = bundleScript(readFileSync(join(dirname(bundle), CHUNK_ASSET)), undefined, CHUNK_ASSET);
  bundleRequire = withChunk(createRequire(import.meta.url), join(work, 'kubectl-csr'), () => chunk);
  // A family's cache holds only what its commands compile: the CSR its list server answers with comes from the whole
  // training, on stdin.
  const csr = JSON.parse(family ? readFileSync(0, 'utf8') : await trainOffline(script)) as object;
  const tls = selfSigned();
  writeFileSync('lister.crt', tls.cert);
  const lister = await listServer(csr, tls);
  try {
    const port = (lister.address() as { port: number }).port;
    const listed = ['--server', `https://127.0.0.1:${port}`, '--certificate-authority', 'lister.crt', '--token', 'training'];
    for (const command of [['list'], ['list', '-o', 'wide'], ['list', '-o', 'name']]) await run(script, [...command, ...listed], 0);
  } finally {
    lister.close();
  }
  // Connection refused: exit 1, and 8 for approve, which says that nothing was decided (README "exit codes").
  const refused = [['list'], ['approve', 'train'], ['approve', '--pending', '--yes'], ['fetch', 'train'], ['inspect', 'train']];
  for (const command of refused.filter(([name]) => inFamily(name!))) {
    await run(script, [...command, ...cluster], command[0] === 'approve' ? 8 : 1);
  }
  // A user with an exec plugin is what loads the chunk: its credential, then connection refused.
  writeFileSync('exec.kubeconfig', execKubeconfig(server, 'training'));
  await run(script, ['list', '--kubeconfig', 'exec.kubeconfig'], 1);
  // The bulk approval above tuned V8 (src/startup/v8-tuning.ts); every start is checked against the defaults.
  restoreV8Defaults();
  writeFileSync(out, script.createCachedData());
  // The chunk's cache comes from the whole training; a family's run loads the chunk with that one.
  if (!family) writeFileSync(join(dirname(out), CHUNK_CODE_CACHE_ASSET), chunk.createCachedData());
  // Each family's cache beside OUT, trained by this script in a process of its own: a Script compiled again here would
  // come from V8's compilation cache, with everything compiled so far.
  if (!family) {
    for (const f of Object.keys(CACHE_FAMILIES)) {
      execFileSync(process.execPath, [trainer!, join(dirname(bundle), CACHE_FAMILIES[f]!.script), join(dirname(out), familyCacheAsset(f)), f], { input: JSON.stringify(csr), stdio: ['pipe', 'ignore', 'inherit'] });
    }
  }
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
    // A family's script hands a line it does not read to the bundle, which this process would then never run.
    const exports = runBundleScript(script, bundleRequire, join(work, 'kubectl-csr')) as { handedOver?: boolean };
    if (exports.handedOver) throw new Error(`the ${family} script hands kubectl-csr ${args.join(' ')} to the bundle: train it on lines it runs`);
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

/** Whether a command is trained: all of them for the whole cache, a family's own for its cache. */
function inFamily(command: string): boolean {
  return family === undefined || CACHE_FAMILIES[family]!.commands.includes(command);
}

/** The offline commands (a key, a request, a manifest, decoding it), trained in this process; returns REQUEST_JSON's output. */
async function trainOffline(script: ReturnType<typeof bundleScript>): Promise<string> {
  const manifest = await run(script, ['request', 'train', '-g', 'dev', '--dry-run=client', '-o', 'yaml'], 0);
  writeFileSync('train.yaml', manifest);
  await run(script, ['request', 'train-ec', '--key-type', 'ecdsa-p256', '--dry-run=client', '-o', 'json'], 0);
  await run(script, ['inspect', '-f', 'train.yaml'], 0);
  await run(script, ['inspect', '-f', 'train.yaml', '-o', 'json'], 0);
  // Plain `version` is printed before the bundle is loaded (src/startup/version-request.ts): -v takes it through yargs.
  await run(script, ['version', '-v', '0'], 0);
  return run(script, ['request', 'train-list', '-g', 'dev', '--dry-run=client', '-o', 'json'], 0);
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

/** Answers a CSR list with one page holding `csr`, made an hour ago, as the API server lists it; 404 to the rest. */
function listServer(csr: object, tls: { cert: string; key: string }): Promise<Server> {
  const item = { ...csr, metadata: { name: 'train-list', creationTimestamp: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') }, status: {} };
  const list = JSON.stringify({ kind: 'CertificateSigningRequestList', apiVersion: 'certificates.k8s.io/v1', metadata: { resourceVersion: '1' }, items: [item] });
  const server = createHttpsServer(tls, (req, res) => {
    const found = req.url?.startsWith('/apis/certificates.k8s.io/v1/certificatesigningrequests?');
    res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(found ? list : JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A certificate for 127.0.0.1 that is its own CA, for the training's list server only. */
function selfSigned(): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const name = [{ name: 'commonName', value: 'kubectl-csr code cache training' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}
