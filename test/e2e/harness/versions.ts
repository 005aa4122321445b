// The Kubernetes releases the harness can build and start (test/controlplane/go.mod is the default; each
// test/controlplane/versions/vX.Y.Z.mod is another), and what each needs on its command lines so that the whole
// certificates.k8s.io group is served: the beta APIs sit behind feature gates and --runtime-config until 1.37.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const module = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'controlplane');

export interface KubeRelease {
  version: string;
  minor: number;
  apiServerArgs: string[];
  controllerManagerArgs: string[];
}

/** The version in test/controlplane/go.mod: what `npm test` and CI start unless KUBECTL_CSR_KUBE_VERSION says otherwise. */
export function defaultVersion(): string {
  const goMod = readFileSync(join(module, 'go.mod'), 'utf8');
  return /^\s*k8s\.io\/kubernetes (v\S+)$/m.exec(goMod)![1]!;
}

/**
 * The version this run builds and starts: KUBECTL_CSR_KUBE_VERSION (one of knownVersions(), as `npm run test:matrix`
 * sets it), else the default.
 */
export function selectedVersion(): string {
  const wanted = process.env.KUBECTL_CSR_KUBE_VERSION;
  if (!wanted) return defaultVersion();
  if (!knownVersions().includes(wanted)) {
    throw new Error(`KUBECTL_CSR_KUBE_VERSION=${wanted}: the harness knows ${knownVersions().join(', ')}`);
  }
  return wanted;
}

/** Every version the harness has a go.mod for, oldest first. */
export function knownVersions(): string[] {
  const others = readdirSync(join(module, 'versions'))
    .filter((f) => /^v\d+\.\d+\.\d+\.mod$/.test(f))
    .map((f) => f.slice(0, -'.mod'.length));
  return [...new Set([defaultVersion(), ...others])].sort((a, b) => minorOf(a) - minorOf(b));
}

export function minorOf(version: string): number {
  return Number(/^v1\.(\d+)\./.exec(version)?.[1] ?? NaN);
}

/**
 * Flags per minor, from each release's pkg/features/kube_features.go: ClusterTrustBundle is beta (off) from 1.33 and
 * GA in 1.37; PodCertificateRequest alpha (v1alpha1) in 1.34, beta (v1beta1, off) in 1.35 and 1.36, GA in 1.37. Both
 * kube-apiserver and kube-controller-manager read the gates (the controller manager starts the PodCertificateRequest
 * cleaner and the kube-apiserver-serving trust bundle publisher only with them).
 */
export function release(version: string): KubeRelease {
  const minor = minorOf(version);
  if (!(minor >= 34)) throw new Error(`the harness knows no flags for Kubernetes ${version}`);
  const gated = minor < 37;
  const gates = gated ? ['--feature-gates=ClusterTrustBundle=true,PodCertificateRequest=true'] : [];
  const pcrVersion = minor === 34 ? 'v1alpha1' : 'v1beta1';
  const runtimeConfig = gated
    ? [`--runtime-config=certificates.k8s.io/v1beta1/clustertrustbundles=true,certificates.k8s.io/${pcrVersion}/podcertificaterequests=true`]
    : [];
  return {
    version,
    minor,
    // From 1.37 kube-apiserver refuses a loopback --advertise-address with the default (lease) endpoint reconciler;
    // the harness has no Service network to reconcile, so none is needed on any version.
    apiServerArgs: [...gates, ...runtimeConfig, '--endpoint-reconciler-type=none'],
    controllerManagerArgs: gates,
  };
}
