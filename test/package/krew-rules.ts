// krew's checks of a plugin manifest, for a machine without krew: ValidatePlugin and validatePlatform
// (sigs.k8s.io/krew internal/index/validation/validate.go), and what krew-index's validate-krew-manifest adds
// (cmd/validate-krew-manifest/main.go): every platform selects a supported os/arch, no os/arch is selected twice,
// line lengths, and an install of each platform, done here by installArchive() the way krew does it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { has } from './run.js';

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface Platform {
  selector?: Selector;
  uri?: string;
  sha256?: string;
  bin?: string;
  files?: { from?: string; to?: string }[];
}

export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    version?: string;
    homepage?: string;
    shortDescription?: string;
    description?: string;
    caveats?: string;
    platforms?: Platform[];
  };
}

/** What krew and krew-index know how to install (validate-krew-manifest's allPlatforms). */
export const KREW_PLATFORMS: ReadonlyArray<readonly [string, string]> = [
  ['windows', '386'], ['windows', 'amd64'], ['windows', 'arm64'],
  ['linux', '386'], ['linux', 'amd64'], ['linux', 'arm'], ['linux', 'arm64'], ['linux', 'ppc64le'], ['linux', 's390x'],
  ['darwin', '386'], ['darwin', 'amd64'], ['darwin', 'arm64'],
];

const WINDOWS_RESERVED = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
// SemVer 2.0.0 with krew's mandatory "v" (internal/installation/semver: "does not start with 'v'").
const SEMVER_V = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** Every rule the manifest breaks; [] when krew would take it. name: the plugin name, i.e. the index file's name. */
export function manifestProblems(m: Manifest, name: string): string[] {
  const problems: string[] = [];
  const spec = m.spec ?? {};
  if (m.apiVersion !== 'krew.googlecontainertools.github.com/v1alpha2') problems.push(`apiVersion ${m.apiVersion} is not supported`);
  if (m.kind !== 'Plugin') problems.push(`kind ${m.kind} is not Plugin`);
  if (!/^[\w-]+$/.test(name) || WINDOWS_RESERVED.includes(name.toUpperCase())) problems.push(`plugin name ${name} is not allowed`);
  if (m.metadata?.name !== name) problems.push(`plugin should be named ${name}, not ${m.metadata?.name}`);
  if (!spec.shortDescription) problems.push('should have a short description');
  else if (/[\r\n]/.test(spec.shortDescription)) problems.push('should not have line breaks in short description');
  if (!spec.version) problems.push('should have a version specified');
  else if (!SEMVER_V.test(spec.version)) problems.push(`version ${spec.version} is not semver with a leading v`);
  for (const [field, max] of [['description', 80], ['shortDescription', 70], ['caveats', 80]] as const) {
    for (const line of (spec[field] ?? '').split('\n')) {
      if (line.length > max && line.trim().includes(' ')) problems.push(`a line of ${field} is longer than ${max}: ${line}`);
    }
  }
  const platforms = spec.platforms ?? [];
  if (!platforms.length) problems.push('should have a platform specified');
  platforms.forEach((p, i) => problems.push(...platformProblems(p).map((problem) => `platforms[${i}]: ${problem}`)));
  platforms.forEach((p, i) => {
    if (p.selector && !KREW_PLATFORMS.some(([os, arch]) => selects(p.selector!, os, arch))) {
      problems.push(`platforms[${i}]: the selector matches no supported platform`);
    }
  });
  for (const [os, arch] of KREW_PLATFORMS) {
    const matching = platforms.flatMap((p, i) => (p.selector && selects(p.selector, os, arch) ? [i] : []));
    if (matching.length > 1) problems.push(`platforms ${matching.join(', ')} overlap: they all select os=${os} arch=${arch}`);
  }
  return problems;
}

function platformProblems(p: Platform): string[] {
  const problems: string[] = [];
  if (!p.uri) problems.push('uri has to be set');
  if (!p.sha256) problems.push('sha256 has to be set');
  else if (!/^[a-f0-9]{64}$/.test(p.sha256)) problems.push(`sha256 ${p.sha256} is not 64 lowercase hex digits`);
  if (!p.bin) problems.push('bin has to be set');
  if (p.files !== undefined) {
    if (!p.files.length) problems.push('files has to be unspecified or non-empty');
    for (const f of p.files) if (!f.from || !f.to) problems.push('files need from and to');
  }
  const s = p.selector;
  if (!s) return [...problems, 'nil selector is not supported'];
  if (!s.matchLabels && !s.matchExpressions?.length) problems.push('empty selector is not supported');
  const keys = [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)];
  for (const key of keys) if (key !== 'os' && key !== 'arch') problems.push(`selector key ${key} is not supported`);
  if (s.matchLabels && !Object.keys(s.matchLabels).length) problems.push('matchLabels specified but empty');
  if (s.matchExpressions && !s.matchExpressions.length) problems.push('matchExpressions specified but empty');
  return problems;
}

/** metav1.LabelSelector semantics over the labels {os, arch}. */
export function selects(s: Selector, os: string, arch: string): boolean {
  const labels: Record<string, string> = { os, arch };
  const byLabels = Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (s.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    if (e.operator === 'In') return value !== undefined && (e.values ?? []).includes(value);
    if (e.operator === 'NotIn') return value === undefined || !(e.values ?? []).includes(value);
    if (e.operator === 'Exists') return value !== undefined;
    return value === undefined;
  });
  return byLabels && byExpressions;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Installs a platform from its archive as krew does (internal/installation: download, verify sha256, extract, move
 * each `files` entry, then the bin must exist) under workDir, and returns the install directory and the problems found.
 */
export function installArchive(p: Platform, archive: string, workDir: string): { dir: string; problems: string[] } {
  const problems: string[] = [];
  if (basename(p.uri ?? '') !== basename(archive)) problems.push(`uri ${p.uri} does not name ${basename(archive)}`);
  const actual = sha256File(archive);
  if (actual !== p.sha256) problems.push(`sha256 ${p.sha256} does not match the archive's ${actual}`);
  const work = mkdtempSync(join(workDir, 'krew-install-'));
  const extracted = join(work, 'extracted');
  const dir = join(work, 'installed');
  mkdirSync(extracted);
  mkdirSync(dir);
  if (!archive.endsWith('.zip')) execFileSync('tar', ['-xzf', archive, '-C', extracted]);
  else if (has('unzip')) execFileSync('unzip', ['-q', archive, '-d', extracted]);
  else execFileSync('python3', ['-m', 'zipfile', '-e', archive, extracted]);
  // krew: `from` is a glob relative to the archive's root, `to` a directory in the install dir ("." = its root).
  for (const f of p.files ?? [{ from: '*', to: '.' }]) {
    const pattern = new RegExp(`^${(f.from ?? '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const matched = readdirSync(extracted).filter((name) => pattern.test(name));
    if (!matched.length) problems.push(`files: ${f.from} matches nothing in the archive`);
    for (const name of matched) {
      mkdirSync(join(dir, f.to ?? '.'), { recursive: true });
      copyFileSync(join(extracted, name), join(dir, f.to ?? '.', name));
    }
  }
  const bin = join(dir, p.bin ?? '');
  if (!p.bin || !existsSync(bin)) problems.push(`bin ${p.bin} is not in the installed files`);
  else if (!p.bin.endsWith('.exe') && (statSync(join(extracted, basename(bin))).mode & 0o111) === 0) problems.push(`bin ${p.bin} is not executable`);
  if (!readdirSync(dir).some((name) => /^licen[cs]e/i.test(name))) problems.push('no LICENSE file is installed');
  return { dir, problems };
}
