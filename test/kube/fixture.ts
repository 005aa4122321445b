// Real kubeconfig files in a real temporary directory, for the kube/ tests.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { KubeFlags } from '../../src/kube/kubeconfig.js';

export interface Teardown {
  teardown(fn: () => void): void;
}

/** A fresh directory that is removed when the test ends. */
export function tempDir(t: Teardown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-csr-kube-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` (an object becomes YAML) to dir/name, creating folders; returns the absolute path. */
export function write(dir: string, name: string, content: string | object, mode?: number): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : yaml.dump(content));
  if (mode !== undefined) chmodSync(file, mode);
  return file;
}

/** The flags as kubeFlagsFrom() gives them when none is on the command line, plus `set`. */
export function flags(set: Partial<KubeFlags> = {}): KubeFlags {
  return { asGroups: [], insecureSkipTlsVerify: false, ...set };
}

/** A kubeconfig with one cluster, user and context, all named `name`. */
export function singleConfig(name: string, cluster: object, user: object, namespace?: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name, ...(namespace ? { namespace } : {}) } }],
    'current-context': name,
  };
}

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
export const CA_B64 = Buffer.from(CA_PEM).toString('base64');
