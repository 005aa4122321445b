// The cluster's CA as the only roots a connection trusts, without paying for Node's own roots.
//
// Given as the `ca` option, a CA costs Node.js the whole root store: SecureContext's addCACert compares the context's
// store with the process's root store, and making that store parses every bundled root certificate (145) and those of
// NODE_EXTRA_CA_CERTS, on a thread that loading node:tls starts and that addCACert then waits for. In the binary that
// was 95 M instructions, a third of `list --signer none`, for a store the connection never uses (BENCHMARKS.md,
// start-up). Made Node's default trust instead (tls.setDefaultCACertificates, Node.js 22.19), the same certificates
// are the only roots of every connection that names no CA of its own, and nobody waits for the bundled ones.
//
// The default is the process's, so it is replaced once, for the first CA, and not for an auth provider's user (OIDC:
// client-node makes requests of its own, to the issuer, which must keep Node's roots; an exec plugin runs apart). A
// connection with another CA passes its own `ca` (the slow way, the same trust), and one with no CA (the system's
// roots, as kubectl trusts then) gets Node's own default back, bundled and NODE_EXTRA_CA_CERTS, as a `ca` list.
//
// Nobody waits for that thread, but it still ran, on the other core, beside the API server answering (BENCHMARKS.md,
// start-up). The single executable starts Node.js with --use-openssl-ca (SEA_CA_FLAG, scripts/sea.mjs), with which
// loading node:tls parses nothing and Node's default trust is OpenSSL's store. That store is never left in place: the
// first connection that relies on the default (one without a CA, or a client-node user's, whose libraries may make
// requests of their own) makes Node's own roots, bundled and NODE_EXTRA_CA_CERTS, the default first, on this thread.
import { isSea } from 'node:sea';
import tls from 'node:tls';
import type { RequestOptions } from 'node:https';

/** Node.js 22.19's API, absent from the types of Node.js 20 (the oldest that runs the bundle). */
const nodeTls = tls as typeof tls & {
  setDefaultCACertificates?: (certs: string[]) => void;
  getCACertificates?: (type: 'bundled' | 'extra') => string[];
};

/** What scripts/sea.mjs starts the single executable's Node.js with (test/package/single-binary.test.ts checks). */
export const SEA_CA_FLAG = '--use-openssl-ca';

/** The CA the process's default trust was replaced with, as one PEM text; undefined while Node's own is in place. */
let replacedWith: string | undefined;
/** Whether Node's own roots are the default (the single executable's flag took them away until made so); unknown yet. */
let nodeRootsInPlace: boolean | undefined;

/** 0 while Node's own roots are the default trust, 1 once the cluster's CA replaced them: what a connection without ca trusts. */
export function defaultTrustChanges(): number {
  return replacedWith === undefined ? 0 : 1;
}

/**
 * opts with the same trust, the cluster's CA moved into Node's default when that is possible; `mayReplace`: false for
 * an auth provider's user, whose libraries rely on Node's default trust.
 */
export function withCheapTrust(opts: RequestOptions, mayReplace: boolean): RequestOptions {
  if (opts.rejectUnauthorized === false || !available()) return opts;
  if (replacedWith === undefined && (opts.ca === undefined || !mayReplace)) restoreNodeRoots();
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

/** Node's own roots made the default trust, where the single executable's flag took them away. */
function restoreNodeRoots(): void {
  nodeRootsInPlace ??= !(isSea() && process.execArgv.includes(SEA_CA_FLAG));
  if (nodeRootsInPlace) return;
  nodeTls.setDefaultCACertificates!(nodeDefaultRoots());
  nodeRootsInPlace = true;
}

/**
 * Node.js older than 22.19 (`node dist/kubectl-csr.cjs`) has no setDefaultCACertificates; with --use-openssl-ca (or
 * --use-system-ca) in NODE_OPTIONS, Node's default trust is not a list of certificates this could hand back. (The
 * single executable's own flags are its execArgv, the user's come in NODE_OPTIONS.)
 */
function available(): boolean {
  if (typeof nodeTls.setDefaultCACertificates !== 'function' || typeof nodeTls.getCACertificates !== 'function') return false;
  const flags = [...(isSea() ? [] : process.execArgv), process.env.NODE_OPTIONS ?? ''].join(' ');
  return !/--use-(openssl|system)-ca\b/.test(flags);
}

function pemText(ca: NonNullable<RequestOptions['ca']>): string {
  return [ca].flat().map((p) => (typeof p === 'string' ? p : p.toString('latin1'))).join('\n');
}

/** What Node.js trusts by default without --use-openssl-ca or --use-system-ca. */
function nodeDefaultRoots(): string[] {
  return [...nodeTls.getCACertificates!('bundled'), ...nodeTls.getCACertificates!('extra')];
}
