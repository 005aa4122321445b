import { createPublicKey } from 'node:crypto';
import t from 'tap';
import { generateKeyAsync, keyTypeOf } from '../../src/pki/generate.js';
import { publicKeyOf } from '../../src/pki/public-key.js';
import type { KeyType, PublicKeyInfo } from '../../src/pki/types.js';

const EXPECTED: Record<KeyType, Pick<PublicKeyInfo, 'algorithm' | 'bits' | 'curve'>> = {
  'rsa-2048': { algorithm: 'RSA', bits: 2048, curve: null },
  'rsa-3072': { algorithm: 'RSA', bits: 3072, curve: null },
  'rsa-4096': { algorithm: 'RSA', bits: 4096, curve: null },
  'ecdsa-p256': { algorithm: 'ECDSA', bits: 256, curve: 'P-256' },
  'ecdsa-p384': { algorithm: 'ECDSA', bits: 384, curve: 'P-384' },
  ed25519: { algorithm: 'Ed25519', bits: 256, curve: null },
};

const describe = (info: PublicKeyInfo): Pick<PublicKeyInfo, 'algorithm' | 'bits' | 'curve'> => ({
  algorithm: info.algorithm,
  bits: info.bits,
  curve: info.curve,
});

for (const type of ['rsa-2048', 'rsa-3072', 'ecdsa-p256', 'ecdsa-p384', 'ed25519'] as const) {
  t.test(`generateKeyAsync('${type}')`, async (t) => {
    const key = await generateKeyAsync(type);
    t.equal(key.type, 'private');
    t.strictSame(describe(publicKeyOf(key)), EXPECTED[type]);
    t.equal(keyTypeOf(key), type);
    t.equal(keyTypeOf(createPublicKey(key)), type, 'the public half is the same type');
  });
}

// RSA 4096 takes seconds on a busy machine: made once, asynchronously, as `request --key-type rsa-4096` would.
t.test('generateKeyAsync: rsa-4096 once', async (t) => {
  for (const type of ['rsa-4096', 'ecdsa-p384', 'ed25519'] as const) {
    const key = await generateKeyAsync(type);
    t.strictSame(describe(publicKeyOf(key)), EXPECTED[type], type);
    t.equal(keyTypeOf(key), type);
  }
});
