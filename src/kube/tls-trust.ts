// The cluster's CA as the only roots a connection trusts, without paying for Node's own roots.
//
// Given as the `ca` option, a CA costs Node.js the whole root store: SecureContext's addCACert compares the context's
// store with the process's root store, and making that store parses every bundled root certificate (145) and those of
// NODE_EXTRA_CA_CERTS, on a thread that loading node:tls starts and that addCACert then waits for. In the binary that
// was 95 M instructions, a third of `list --signer none`, for a store the connection never uses (BENCHMARKS.md,
// start-up). Made Node's default trust instead (tls.setDefaultCACertificates, Node.js 22.19), the same certificates
// are the only roots of every connection that names no CA of its own, and nobody waits for the bundled ones.
//
// The default is the process's, so it is replaced once, for the first CA, and only for a user whose credentials need
// no client-node (an OIDC auth provider makes requests of its own, to its issuer, which must keep Node's roots). A
// connection with another CA passes its own `ca` (the slow way, the same trust), and one with no CA (the system's
// roots, as kubectl trusts then) gets Node's own default back, bundled and NODE_EXTRA_CA_CERTS, as a `ca` list.
import tls from 'node:tls';
import type { RequestOptions } from 'node:https';

/** Node.js 22.19's API, absent from the types of Node.js 20 (the oldest that runs the bundle). */
const nodeTls = tls as typeof tls & {
  setDefaultCACertificates?: (certs: string[]) => void;
  getCACertificates?: (type: 'bundled' | 'extra') => string[];
};

/** The CA the process's default trust was replaced with, as one PEM text; undefined while Node's own is in place. */
let replacedWith: string | undefined;

/** 0 while Node's own roots are the default trust, 1 once the cluster's CA replaced them: what a connection without ca trusts. */
export function defaultTrustChanges(): number {
  return replacedWith === undefined ? 0 : 1;
}

/**
 * opts with the same trust, the cluster's CA moved into Node's default when that is possible; `mayReplace`: false for
 * a connection whose credentials come from client-node, which only gets Node's roots back where it needs them.
 */
export function withCheapTrust(opts: RequestOptions, mayReplace: boolean): RequestOptions {
  if (opts.rejectUnauthorized === false || !available()) return opts;
  if (opts.ca === undefined) return replacedWith === undefined ? opts : { ...opts, ca: nodeDefaultRoots() };
  const pem = pemText(opts.ca);
  if (replacedWith === undefined) {
    if (!mayReplace) return opts;
    try {
      nodeTls.setDefaultCACertificates!([pem]);
    } catch {
      // No certificate in it: the `ca` option fails the handshake with the error users have always seen.
      return opts;
    }
    replacedWith = pem;
  }
  if (pem !== replacedWith) return opts;
  const { ca: _trusted, ...rest } = opts;
  return rest;
}

/**
 * Node.js older than 22.19 (`node dist/kubectl-csr.cjs`) has no setDefaultCACertificates; with --use-openssl-ca (or
 * --use-system-ca) in NODE_OPTIONS, Node's default trust is not a list of certificates this could hand back.
 */
function available(): boolean {
  if (typeof nodeTls.setDefaultCACertificates !== 'function' || typeof nodeTls.getCACertificates !== 'function') return false;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return !/--use-(openssl|system)-ca\b/.test(flags);
}

function pemText(ca: NonNullable<RequestOptions['ca']>): string {
  return [ca].flat().map((p) => (typeof p === 'string' ? p : p.toString('latin1'))).join('\n');
}

/** What Node.js trusts by default without --use-openssl-ca or --use-system-ca. */
function nodeDefaultRoots(): string[] {
  return [...nodeTls.getCACertificates!('bundled'), ...nodeTls.getCACertificates!('extra')];
}
