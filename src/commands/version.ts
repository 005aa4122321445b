// version: what a bug report needs to know about this binary — kubectl-csr's version and commit, and the Node.js that
// runs it, which in a single executable is the one embedded in it.
import { isSea } from 'node:sea';
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { formatStructured, type StructuredFormat } from '../output/format.js';
import { COMMIT, VERSION } from '../version.js';

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

export function printVersion(output: StructuredFormat | undefined, io: Io, info: VersionInfo = versionInfo()): ExitCode {
  if (output) {
    io.stdout.write(formatStructured(info, output));
    return ExitCode.ok;
  }
  const runtime = info.singleExecutable ? 'embedded' : process.execPath;
  io.stdout.write(
    `Version:  ${info.version}\nCommit:   ${info.commit}\nNode.js:  ${info.node} (${runtime})\nPlatform: ${info.platform}\n`,
  );
  return ExitCode.ok;
}
