import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyType } from './types.js';

type Parameters =
  | { kind: 'rsa'; modulusLength: number }
  | { kind: 'ec'; namedCurve: string }
  | { kind: 'ed25519' };

const PARAMETERS: Readonly<Record<KeyType, Parameters>> = {
  'rsa-2048': { kind: 'rsa', modulusLength: 2048 },
  'rsa-3072': { kind: 'rsa', modulusLength: 3072 },
  'rsa-4096': { kind: 'rsa', modulusLength: 4096 },
  'ecdsa-p256': { kind: 'ec', namedCurve: 'prime256v1' },
  'ecdsa-p384': { kind: 'ec', namedCurve: 'secp384r1' },
  ed25519: { kind: 'ed25519' },
};

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * A new private key, generated on libuv's thread pool so that a spinner can keep turning. Handed back loaded again
 * from its PKCS#8 bytes, not as the generation's own object: reading an EC key's details (the curve, when the request
 * is signed) locks the key's data while it allocates, and a garbage collection there may destroy the finished
 * generation job, which shares that data and locks it too; the process then hangs for good (seen in the storm bench
 * on Node 20, gdb: GetEcKeyDetail → GC → ~KeyGenJob → pthread_mutex_lock; Node 22 takes the same lock).
 */
export async function generateKeyAsync(type: KeyType): Promise<KeyObject> {
  const made = await generated(type);
  return createPrivateKey({ key: made.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
}

async function generated(type: KeyType): Promise<KeyObject> {
  const p = PARAMETERS[type];
  switch (p.kind) {
    case 'rsa':
      return (await generateKeyPairAsync('rsa', { modulusLength: p.modulusLength })).privateKey;
    case 'ec':
      return (await generateKeyPairAsync('ec', { namedCurve: p.namedCurve })).privateKey;
    case 'ed25519':
      return (await generateKeyPairAsync('ed25519', undefined)).privateKey;
  }
}

/** Which KeyType an existing key is, for a reused --key; null for keys `request --key-type` cannot make. */
export function keyTypeOf(key: KeyObject): KeyType | null {
  const details = key.asymmetricKeyDetails ?? {};
  const found = (Object.keys(PARAMETERS) as KeyType[]).find((type) => {
    const p = PARAMETERS[type];
    if (p.kind !== key.asymmetricKeyType) return false;
    if (p.kind === 'rsa') return details.modulusLength === p.modulusLength;
    if (p.kind === 'ec') return details.namedCurve === p.namedCurve;
    return true;
  });
  return found ?? null;
}
