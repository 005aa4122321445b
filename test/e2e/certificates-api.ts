// What the trust bundle and pod certificate tests do to the cluster, independently of the code under test: the
// harness's kubectl (as admin, or impersonating a node or a signer), openssl for keys and certificates, and discovery
// read with the bare HTTPS client.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, type Credentials } from './api.js';

export interface KubectlOptions {
  /** Impersonate this user (--as), with these groups (--as-group). */
  as?: string;
  groups?: string[];
  /** stdin, for -f -. */
  input?: string;
}

export function kubectlRunner(kubectl: string, kubeconfig: string) {
  return (args: string[], opts: KubectlOptions = {}): string => {
    const identity = [...(opts.as ? [`--as=${opts.as}`] : []), ...(opts.groups ?? []).map((g) => `--as-group=${g}`)];
    return execFileSync(kubectl, ['--kubeconfig', kubeconfig, ...identity, ...args], { input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  };
}

export function openssl(dir: string, args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A self-signed CA (CA:TRUE, keyCertSign) valid for `days`; returns its PEM and file names. */
export function makeCa(dir: string, name: string, days: number): { pem: string; cert: string; key: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days), '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', `${name}.key`, '-out', `${name}.crt`]);
  return { pem: readFileSync(join(dir, `${name}.crt`), 'utf8'), cert: `${name}.crt`, key: `${name}.key` };
}

/** openssl's SHA-256 fingerprint of a PEM certificate file: "AB:CD:…". */
export function opensslFingerprint(dir: string, cert: string): string {
  return openssl(dir, ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256']).toString().trim().replace(/^.*=/, '');
}

/** The version of certificates.k8s.io that serves `resource`, most preferred first, as discovery lists it. */
export async function servedVersion(admin: Credentials, resource: string): Promise<string | null> {
  for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
    const res = await api(admin, 'GET', `/apis/certificates.k8s.io/${version}`);
    if (res.status === 200 && (res.body.resources as { name: string }[]).some((r) => r.name === resource)) return version;
  }
  return null;
}
