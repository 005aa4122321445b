// version: what a bug report needs to know about this binary — kubectl-csr's version and commit, and the Node.js that
// runs it, which in a single executable is the one embedded in it.
import { isSea } from 'node:sea';
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { makePrinter } from '../output/printer.js';
import { COMMIT, VERSION } from '../version.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { VERSION_COMMAND } from './version-flags.js';

export interface VersionInfo {
  version: string;
  /** `git rev-parse HEAD` at build time, `-dirty` when built from uncommitted changes. */
  commit: string;
  /** process.version: the embedded runtime in a single executable. */
  node: string;
  /** Go's names, as in the release archives and the krew manifest: linux/amd64, darwin/arm64, windows/amd64. */
  platform: string;
  /** True for the single executable, false for `node dist/kubectl-csr.cjs`. */
  singleExecutable: boolean;
}

export function versionInfo(): VersionInfo {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return { version: VERSION, commit: COMMIT, node: process.version, platform: `${os}/${arch}`, singleExecutable: isSea() };
}

/** version's printer: the text below, or -o json|yaml of the same facts. */
export function complete(a: ArgvOf<typeof VERSION_COMMAND.flags>, io: Io) {
  const printer = makePrinter<VersionInfo>({ output: a.output, io, view: { kind: 'text', render: ([info]) => versionText(info!) }, name: (i) => i.version, resource: 'version' });
  return { options: {}, printer };
}

export function run(_opts: object, { printer }: RunDeps<VersionInfo>): Promise<ExitCode> {
  printer.print([versionInfo()]);
  return Promise.resolve(ExitCode.ok);
}

function versionText(info: VersionInfo): string {
  const runtime = info.singleExecutable ? 'embedded' : process.execPath;
  return `Version:  ${info.version}\nCommit:   ${info.commit}\nNode.js:  ${info.node} (${runtime})\nPlatform: ${info.platform}\n`;
}
