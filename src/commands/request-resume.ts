// Running `request NAME` again while the CSR NAME exists with the key on disk (issue 23): the first run was
// interrupted, or its wait timed out, so this run picks it up where it stopped, as `fetch NAME --key KEY` would,
// instead of failing with "already exists". A CSR of that name with another key is somebody else's: not touched.
import type { KeyObject } from 'node:crypto';
import { ApiError } from '../kube/api-error.js';
import type { CsrApi } from '../kube/api.js';
import { hasCondition, type Csr } from '../kube/csr.js';
import { decodeRequestField } from '../kube/csr-request.js';
import { sameKey } from '../pki/match.js';
import { publicKeyOf } from '../pki/public-key.js';
import { loadKey } from './shared/credentials.js';

export interface Resumable {
  csr: Csr;
  key: KeyObject;
}

/** The CSR `name` when it exists and asks for the key in `keyFile`; null when it does not, or asks for another key. */
export async function findResumable(client: CsrApi, name: string, keyFile: string): Promise<Resumable | null> {
  const key = await loadKey(keyFile).catch(() => null);
  if (!key) return null;
  const csr = await client.get(name).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  });
  if (!csr || !requestCarries(csr, key)) return null;
  return { csr, key };
}

function requestCarries(csr: Csr, key: KeyObject): boolean {
  try {
    return sameKey(decodeRequestField(csr).publicKey, publicKeyOf(key));
  } catch {
    return false; // a request that does not decode carries no key of ours
  }
}

export function isPending(csr: Csr): boolean {
  return !hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied') && !hasCondition(csr, 'Failed');
}

/** An AlreadyExists answer to the create (or its dry run): the name is taken. */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && err.reason === 'AlreadyExists';
}
