// What this build is: the version and commit are baked in by the bundler (scripts/bundle.mjs defines them); code run
// from source, as the unit tests do, has neither. With the runtime that runs it, that is all `version` prints, so the
// entry points print it themselves (clientVersionOutput, src/startup/version-request.ts).
import { isSea } from 'node:sea';
import { versionRequest } from './startup/version-request.js';

declare const __KUBECTL_CSR_VERSION__: string | undefined;
declare const __KUBECTL_CSR_COMMIT__: string | undefined;

export const VERSION: string = typeof __KUBECTL_CSR_VERSION__ === 'string' ? __KUBECTL_CSR_VERSION__ : 'v0.0.0-dev';
export const COMMIT: string = typeof __KUBECTL_CSR_COMMIT__ === 'string' ? __KUBECTL_CSR_COMMIT__ : 'unknown';

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

/** `version` without -o. */
export function versionText(info: VersionInfo): string {
  const runtime = info.singleExecutable ? 'embedded' : process.execPath;
  return `Version:  ${info.version}\nCommit:   ${info.commit}\nNode.js:  ${info.node} (${runtime})\nPlatform: ${info.platform}\n`;
}

/** `kubectl csr --version`: the top level's flag. */
export function shortVersion(): string {
  return `kubectl-csr ${VERSION}\n`;
}

/**
 * What `--version`, `version` and `version -o json|yaml` print, as main() prints them, or undefined for any other line
 * (and for a YAML that js-yaml would quote, left to main()).
 */
export function clientVersionOutput(argv: readonly string[]): string | undefined {
  const request = versionRequest(argv);
  if (request === undefined) return undefined;
  if (request === 'short') return shortVersion();
  const info = versionInfo();
  if (request === 'text') return versionText(info);
  return request === 'json' ? JSON.stringify(info, null, 2) + '\n' : plainYaml(info);
}

/**
 * js-yaml's dump of the facts, for values it writes without quotes: a word that starts with a letter and is none of
 * the words YAML reads as a boolean or null. Anything else (a commit that starts with a digit) is left to js-yaml.
 */
export function plainYaml(info: VersionInfo): string | undefined {
  let out = '';
  for (const [key, value] of Object.entries(info)) {
    if (typeof value === 'string' && !(/^[A-Za-z][A-Za-z0-9._/+-]*$/.test(value) && !YAML_WORDS.has(value.toLowerCase()))) return undefined;
    out += `${key}: ${String(value)}\n`;
  }
  return out;
}

/** The plain scalars js-yaml quotes although they are words: YAML 1.1's booleans and null, in any case. */
const YAML_WORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
