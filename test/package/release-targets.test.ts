// Every release target, opt-in because it takes minutes (KUBECTL_CSR_RELEASE_TESTS=1): a whole release, its krew
// manifest with five platforms, the format of each binary, linux/arm64 run under qemu-user, windows/amd64 under wine,
// and the claim scripts/sea.mjs rests on: the preparation blob that linux/amd64's node makes is byte for byte the one
// linux/arm64's and windows/amd64's make. KUBECTL_CSR_RELEASE_DIR tests an existing release instead of building one.
//
// qemu: Debian's qemu-user-static (or qemu-user) and the arm64 C/C++ runtime (libc6-arm64-cross,
// libstdc++6-arm64-cross, in /usr/aarch64-linux-gnu). wine: Debian's wine and wine64.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { installArchive, manifestProblems, type Manifest } from './krew-rules.js';
import { run, which } from './run.js';

const skip = process.env.KUBECTL_CSR_RELEASE_TESTS !== '1' && 'set KUBECTL_CSR_RELEASE_TESTS=1 to build and test every release target (a few minutes)';
t.test('every release target', { skip }, releaseTests);

async function releaseTests(t: Test) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const version = `v${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}`;
  const scratch = mkdtempSync(join(tmpdir(), 'kubectl-csr-targets-'));
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
  let out = process.env.KUBECTL_CSR_RELEASE_DIR;
  if (!out) {
    out = join(scratch, 'release');
    const started = Date.now();
    execFileSync(process.execPath, [join(root, 'scripts', 'release.mjs'), '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    t.comment(`release of every target built in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  }
  const binary = (os: string, arch: string) => join(out, 'bin', `${os}_${arch}`, os === 'windows' ? 'kubectl-csr.exe' : 'kubectl-csr');
  const fixture = readFileSync(join(root, 'test', 'fixtures', 'pki', 'rsa-8192.csr'), 'utf8');

  t.test('plugin.yaml: five platforms that krew installs', async (t) => {
    const manifest = yaml.load(readFileSync(join(out, 'plugin.yaml'), 'utf8')) as Manifest;
    t.same(manifestProblems(manifest, 'csr'), []);
    const platforms = manifest.spec!.platforms!;
    t.same(platforms.map((p) => `${p.selector?.matchLabels?.os}/${p.selector?.matchLabels?.arch}`), ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64']);
    for (const p of platforms) {
      const { os, arch } = p.selector!.matchLabels!;
      const archive = join(out, `kubectl-csr_${version}_${os}_${arch}.${os === 'windows' ? 'zip' : 'tar.gz'}`);
      const { problems } = installArchive(p, archive, scratch);
      t.same(problems, [], `${os}/${arch} installs`);
      t.equal(p.bin, os === 'windows' ? 'kubectl-csr.exe' : 'kubectl-csr');
    }
  });

  t.test('each binary is the target\'s executable format, with the blob in', async (t) => {
    const elf = (file: string) => readFileSync(file).readUInt16LE(18); // e_machine
    t.equal(elf(binary('linux', 'amd64')), 62, 'ELF x86-64');
    t.equal(elf(binary('linux', 'arm64')), 183, 'ELF AArch64');
    t.same(machO(binary('darwin', 'amd64')), { cpu: 0x01000007, segments: ['__PAGEZERO', '__TEXT', '__DATA_CONST', '__DATA', 'NODE_SEA', '__LINKEDIT'] });
    t.same(machO(binary('darwin', 'arm64')).cpu, 0x0100000c, 'Mach-O arm64');
    t.ok(machO(binary('darwin', 'arm64')).segments.includes('NODE_SEA'), 'postject\'s Mach-O segment');
    const pe = readFileSync(binary('windows', 'amd64'));
    const header = pe.readUInt32LE(0x3c);
    t.equal(pe.toString('latin1', header, header + 4), 'PE\0\0');
    t.equal(pe.readUInt16LE(header + 4), 0x8664, 'PE x86-64');
    t.ok(pe.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le')), 'the blob is a PE resource');
    for (const [os, arch] of [['linux', 'amd64'], ['linux', 'arm64'], ['darwin', 'amd64'], ['darwin', 'arm64'], ['windows', 'amd64']] as const) {
      t.ok(readFileSync(binary(os, arch)).includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'), `${os}/${arch}: the fuse is set`);
    }
  });

  const qemu = ['qemu-aarch64-static', 'qemu-aarch64'].map(which).find(Boolean);
  const sysroot = '/usr/aarch64-linux-gnu';
  const arm64Ready = qemu && existsSync(join(sysroot, 'lib', 'ld-linux-aarch64.so.1')) && existsSync(join(sysroot, 'lib', 'libstdc++.so.6'));
  t.test('linux/arm64 under qemu-user', { skip: !arm64Ready && `needs qemu-user-static, libc6-arm64-cross and libstdc++6-arm64-cross (qemu: ${qemu ?? 'missing'})` }, async (t) => {
    const arm = (args: string[], input?: string) => run(qemu!, ['-L', sysroot, binary('linux', 'arm64'), ...args], { env: { PATH: '/nonexistent' }, input, timeoutMs: 120_000 });
    const v = await arm(['--version']);
    t.equal(v.code, 0, v.stderr);
    t.equal(v.stdout, `kubectl-csr ${version}\n`);
    const help = await arm(['--help']);
    t.match(help.stdout, /^Request, review, approve and hand out Kubernetes client certificates\.\n[^]*\nUsage:\n  kubectl csr \[flags\] \[options\]\n/);
    const info = JSON.parse((await arm(['version', '-o', 'json'])).stdout);
    t.same([info.platform, info.singleExecutable], ['linux/arm64', true]);
    const inspect = await arm(['inspect', '-f', '-', '-o', 'json'], fixture);
    t.equal(JSON.parse(inspect.stdout).request.publicKey.bits, 8192, 'node-forge, js-yaml and the rest run on arm64');
  });

  const wine = ['wine', 'wine64'].map(which).find(Boolean);
  t.test('windows/amd64 under wine', { skip: !wine && 'needs wine (Debian: apt-get install wine wine64)' }, async (t) => {
    const prefix = join(scratch, 'wine');
    const wineEnv = { PATH: process.env.PATH, HOME: scratch, WINEPREFIX: prefix, WINEDEBUG: '-all' };
    // Node refuses Windows versions before 8.1; a new prefix says Windows 7.
    execFileSync(wine!, ['winecfg', '/v', 'win10'], { env: wineEnv, stdio: 'ignore', timeout: 180_000 });
    // Under wine, Node cannot open a pipe as stdout (EBADF): the output goes through files.
    const win = (args: string[]) => {
      const dir = mkdtempSync(join(scratch, 'run-'));
      const quoted = [wine!, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
      const code = (() => {
        try {
          execFileSync('sh', ['-c', `${quoted} >'${dir}/out' 2>'${dir}/err' </dev/null`], { env: wineEnv, timeout: 120_000 });
          return 0;
        } catch (err) {
          return (err as { status: number }).status;
        }
      })();
      return { code, stdout: readFileSync(join(dir, 'out'), 'utf8'), stderr: readFileSync(join(dir, 'err'), 'utf8') };
    };
    const exe = binary('windows', 'amd64');
    const v = win([exe, '--version']);
    t.equal(v.code, 0, v.stderr);
    t.equal(v.stdout.replaceAll('\r\n', '\n'), `kubectl-csr ${version}\n`);
    t.match(win([exe, '--help']).stdout, /^Request, review, approve and hand out Kubernetes client certificates\.\r?\n/);
    const info = JSON.parse(win([exe, 'version', '-o', 'json']).stdout);
    t.same([info.platform, info.singleExecutable], ['windows/amd64', true]);
    const shim = join(scratch, 'shim');
    mkdirSync(shim);
    execFileSync('cp', [exe, join(root, 'scripts', 'kubectl_complete-csr.cmd'), shim]);
    const completion = win(['cmd', '/c', join(shim, 'kubectl_complete-csr.cmd'), 'ver']);
    t.equal(completion.stdout.replaceAll('\r\n', '\n'), 'version\tPrint the version, the commit it was built from and the Node.js runtime\n:4\n', 'kubectl_complete-csr.cmd');
  });

  t.test('the blob does not depend on the platform that makes it', { skip: !(arm64Ready || wine) && 'needs qemu-user or wine' }, async (t) => {
    const { nodeRuntime, findTarget } = await import(pathToFileURL(join(root, 'scripts', 'node-runtime.mjs')).href);
    const dir = join(scratch, 'blob');
    mkdirSync(dir);
    // What scripts/sea.mjs makes for a target that is not the host: the small main script, the bundle and its chunk as assets.
    execFileSync('cp', [join(out, 'kubectl-csr.sea-main.cjs'), join(dir, 'main.cjs')]);
    execFileSync('cp', [join(out, 'kubectl-csr.cjs'), join(dir, 'kubectl-csr.cjs')]);
    execFileSync('cp', [join(out, 'kubectl-csr.client-node.cjs'), join(dir, 'kubectl-csr.client-node.cjs')]);
    const { seaConfig } = await import(pathToFileURL(join(root, 'scripts', 'sea.mjs')).href);
    const config = (output: string) => JSON.stringify({ ...seaConfig({ codeCache: false }), output });
    writeFileSync(join(dir, 'x64.json'), config('x64.blob'));
    execFileSync((await nodeRuntime(findTarget('linux/amd64'))).node, ['--experimental-sea-config', 'x64.json'], { cwd: dir, stdio: 'ignore' });
    const x64 = readFileSync(join(dir, 'x64.blob'));
    if (arm64Ready) {
      writeFileSync(join(dir, 'arm64.json'), config('arm64.blob'));
      execFileSync(qemu, ['-L', sysroot, (await nodeRuntime(findTarget('linux/arm64'))).node, '--experimental-sea-config', 'arm64.json'], { cwd: dir, stdio: 'ignore' });
      t.ok(readFileSync(join(dir, 'arm64.blob')).equals(x64), 'linux/arm64 makes the same blob');
    }
    if (wine) {
      writeFileSync(join(dir, 'win.json'), config('win.blob'));
      const env = { PATH: process.env.PATH, HOME: scratch, WINEPREFIX: join(scratch, 'wine'), WINEDEBUG: '-all' };
      execFileSync('sh', ['-c', `'${wine}' '${(await nodeRuntime(findTarget('windows/amd64'))).node}' --experimental-sea-config win.json >/dev/null 2>&1`], { cwd: dir, env });
      t.ok(readFileSync(join(dir, 'win.blob')).equals(x64), 'windows/amd64 makes the same blob');
    }
  });
}

/** The CPU type and segment names of a 64-bit Mach-O file. */
function machO(file: string): { cpu: number; segments: string[] } {
  const b = readFileSync(file);
  if (b.readUInt32LE(0) !== 0xfeedfacf) throw new Error(`${file} is not a 64-bit Mach-O file`);
  const segments: string[] = [];
  let at = 32;
  for (let i = 0; i < b.readUInt32LE(16); i++) {
    const cmd = b.readUInt32LE(at);
    if (cmd === 0x19) segments.push(b.toString('latin1', at + 8, at + 24).replace(/\0+$/, '')); // LC_SEGMENT_64
    at += b.readUInt32LE(at + 4);
  }
  return { cpu: b.readUInt32LE(4), segments };
}
