// Which kubeconfig files kubectl reads, and how it merges them (k8s.io/client-go/tools/clientcmd/loader.go).
// @kubernetes/client-node's loadFromDefault() differs: it throws on a missing file and on a name that two files
// both define, where kubectl skips the file and keeps the first definition.
import path from 'node:path';
import yaml from 'js-yaml';
import { readPlainKubeconfig } from './kubeconfig-plain-yaml.js';
import { aggregateMessages, goPathError, KubeconfigError } from './kubeconfig-error.js';
import type { MergedKubeconfig, RawCluster, RawContext, RawUser } from './kubeconfig-types.js';
import { readBoundedSync, type ReadProblem } from '../util/read-bounded.js';

/** A kubeconfig with thousands of clusters and users is a few MiB; KUBECONFIG=/dev/zero must not fill the memory. */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

export interface KubeconfigSource {
  files: string[];
  /** --kubeconfig was given: its file must exist. */
  explicit: boolean;
}

/** --kubeconfig alone, else every entry of KUBECONFIG, else ~/.kube/config (ClientConfigLoadingRules). */
export function kubeconfigSource(
  explicitPath: string | undefined,
  env: NodeJS.ProcessEnv,
  home: string,
): KubeconfigSource {
  if (explicitPath) return { files: [explicitPath], explicit: true };
  const list = env.KUBECONFIG;
  if (list) {
    // filepath.SplitList + deduplicate; empty entries are skipped when loading.
    return { files: [...new Set(list.split(path.delimiter).filter((f) => f !== ''))], explicit: false };
  }
  return { files: [path.join(home, '.kube', 'config')], explicit: false };
}

/**
 * Reads and merges the files. For each cluster, user and context name the first file that defines it wins, whole
 * (fields of a later definition are not mixed in); current-context comes from the first file that sets it.
 * Missing files are skipped, except --kubeconfig's, which is `stat FILE: no such file or directory` as in kubectl.
 */
export function loadKubeconfigFiles(source: KubeconfigSource): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: null,
    files: [],
    userFiles: new Map(),
  };
  const problems: string[] = [];
  for (const file of source.files) {
    let doc: Record<string, unknown> | null;
    try {
      doc = readKubeconfigFile(file, source.explicit);
    } catch (err) {
      if (!(err instanceof KubeconfigError) || source.explicit) throw err;
      // kubectl reports every unreadable file at once, not only the first.
      problems.push(err.message);
      continue;
    }
    if (doc === null) continue;
    merged.files.push(file);
    // kubectl resolves relative paths against the directory of the file that defined them (loader.go
    // ResolveLocalPaths, using LocationOfOrigin); after merging that origin is gone, so it happens here.
    const base = path.resolve(path.dirname(file));
    for (const [name, cluster] of namedEntries<RawCluster>(doc.clusters, 'cluster')) {
      if (!merged.clusters.has(name)) merged.clusters.set(name, resolveClusterPaths(cluster, base));
    }
    for (const [name, user] of namedEntries<RawUser>(doc.users, 'user')) {
      if (merged.users.has(name)) continue;
      merged.users.set(name, resolveUserPaths(user, base));
      merged.userFiles.set(name, file);
    }
    for (const [name, context] of namedEntries<RawContext>(doc.contexts, 'context')) {
      if (!merged.contexts.has(name)) merged.contexts.set(name, { ...context });
    }
    const current = doc['current-context'];
    if (merged.currentContext === null && typeof current === 'string' && current !== '')
      merged.currentContext = current;
  }
  if (problems.length > 0) throw new KubeconfigError(aggregateMessages(problems));
  return merged;
}

/** The parsed document, or null for a missing file that may be skipped. */
function readKubeconfigFile(file: string, explicit: boolean): Record<string, unknown> | null {
  let text: string;
  try {
    text = readBoundedSync(file, MAX_KUBECONFIG_BYTES).toString('utf8');
  } catch (err) {
    const problem = err as ReadProblem;
    if (problem.code === 'ENOENT') {
      if (!explicit) return null;
      throw new KubeconfigError(goPathError('stat', file, problem));
    }
    const why = problem.code ? goPathError('open', file, problem) : `${file} ${problem.problem}`;
    throw new KubeconfigError(`error loading config file "${file}": ${why}`);
  }
  let doc: unknown;
  try {
    // CORE_SCHEMA: no YAML timestamps or binaries, so values stay the strings kubectl (via JSON) sees. The common
    // kubeconfig is read without js-yaml, which the bundle then never loads (scripts/bundle.mjs lazyJsYaml).
    doc = readPlainKubeconfig(text) ?? yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    throw new KubeconfigError(`error loading config file "${file}": ${yamlProblem(err)}`);
  }
  if (doc === undefined || doc === null) return {}; // an empty file is an empty config, as in kubectl
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    const kind = Array.isArray(doc) ? 'a list' : `a ${typeof doc}`;
    throw new KubeconfigError(`error loading config file "${file}": not a kubeconfig: the document is ${kind}`);
  }
  return doc as Record<string, unknown>;
}

/** Go's yaml package words it `yaml: line 3: ...`; js-yaml's own message spans several lines with a snippet. */
function yamlProblem(err: unknown): string {
  if (err instanceof yaml.YAMLException) return `yaml: line ${err.mark.line + 1}: ${err.reason}`;
  return err instanceof Error ? err.message : String(err);
}

/** `[{name, cluster: {...}}]` → [name, shallow copy of the inner object]; entries without a name are skipped. */
function namedEntries<T>(list: unknown, key: string): [string, T][] {
  if (!Array.isArray(list)) return [];
  const entries: [string, T][] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, [key]: inner } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') continue;
    const value = typeof inner === 'object' && inner !== null ? { ...inner } : {};
    entries.push([name, value as T]);
  }
  return entries;
}

function resolveClusterPaths(cluster: RawCluster, base: string): RawCluster {
  return withoutUndefined({ ...cluster, 'certificate-authority': resolvePath(cluster['certificate-authority'], base) });
}

/**
 * kubectl's GetAuthInfoFileReferences: client-certificate, client-key, tokenFile, and the exec command when it
 * contains a path separator (a bare name is looked up on PATH). '/' counts on Windows too, so that `./plugin`
 * works there as well.
 */
function resolveUserPaths(user: RawUser, base: string): RawUser {
  const resolved: RawUser = {
    ...user,
    'client-certificate': resolvePath(user['client-certificate'], base),
    'client-key': resolvePath(user['client-key'], base),
    tokenFile: resolvePath(user.tokenFile, base),
  };
  const exec = user.exec;
  if (exec && typeof exec.command === 'string' && (exec.command.includes('/') || exec.command.includes(path.sep))) {
    resolved.exec = { ...exec, command: resolvePath(exec.command, base) };
  }
  return withoutUndefined(resolved);
}

function resolvePath(ref: string | undefined, base: string): string | undefined {
  if (typeof ref !== 'string' || ref === '' || path.isAbsolute(ref)) return ref;
  return path.join(base, ref);
}

/** Keeps the entries' keys to those the file had, so that tests and `config view`-like output see no extra keys. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
