// version: what a bug report needs to know about this binary — kubectl-csr's version and commit, and the Node.js that
// runs it, which in a single executable is the one embedded in it. The entry points print the common forms themselves
// (src/version.ts); this is the way for the rest, through yargs and the printer.
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { makePrinter } from '../output/printer.js';
import { versionInfo, versionText, type VersionInfo } from '../version.js';
import type { ArgvOf } from './shared/flags.js';
import type { RunDeps } from './shared/verb.js';
import type { VERSION_COMMAND } from './version-flags.js';

/** version's printer: versionText, or -o json|yaml of the same facts. */
export function complete(a: ArgvOf<typeof VERSION_COMMAND.flags>, io: Io) {
  const printer = makePrinter<VersionInfo>({ output: a.output, io, view: { kind: 'text', render: ([info]) => versionText(info!) }, name: (i) => i.version, resource: 'version' });
  return { options: {}, printer };
}

export function run(_opts: object, { printer }: RunDeps<VersionInfo>): Promise<ExitCode> {
  printer.print([versionInfo()]);
  return Promise.resolve(ExitCode.ok);
}
