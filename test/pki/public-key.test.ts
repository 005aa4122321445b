import { createHash, generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { publicKeyInfo, publicKeyOf } from '../../src/pki/public-key.js';

const spkiOf = (key: import('node:crypto').KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });

t.test('keys we cannot sign with are still described and fingerprinted', async (t) => {
  const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey;
  const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
  const x25519 = generateKeyPairSync('x25519').publicKey;
  const describe = (key: import('node:crypto').KeyObject) => {
    const { algorithm, bits, curve, sha256 } = publicKeyOf(key);
    return { algorithm, bits, curve, sha256 };
  };
  const hash = (key: import('node:crypto').KeyObject) => createHash('sha256').update(spkiOf(key)).digest('hex');
  t.strictSame(describe(rsaPss), { algorithm: 'RSA', bits: 2048, curve: null, sha256: hash(rsaPss) });
  t.strictSame(describe(secp256k1), { algorithm: 'ECDSA', bits: null, curve: null, sha256: hash(secp256k1) });
  t.strictSame(describe(x25519), { algorithm: 'unknown', bits: null, curve: null, sha256: hash(x25519) });
});

t.test('an SPKI node:crypto cannot load is "unknown" but keeps its fingerprint and PEM', async (t) => {
  const spki = Buffer.from(spkiOf(generateKeyPairSync('ed25519').publicKey));
  spki[spki.indexOf(Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70])) + 4] = 0x7f; // 1.3.101.112 -> 1.3.101.127
  t.strictSame(publicKeyInfo(spki), {
    algorithm: 'unknown',
    bits: null,
    curve: null,
    sha256: createHash('sha256').update(spki).digest('hex'),
    pem: `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`,
  });
});

t.test("an EC key's curve, read from its SPKI, is the one node:crypto's key details name", async (t) => {
  const curves = { prime256v1: ['P-256', 256], secp384r1: ['P-384', 384], secp521r1: ['P-521', 521], secp256k1: [null, null] } as const;
  for (const [namedCurve, [curve, bits]] of Object.entries(curves)) {
    const key = generateKeyPairSync('ec', { namedCurve }).publicKey;
    t.equal(key.asymmetricKeyDetails?.namedCurve, namedCurve);
    const info = publicKeyInfo(spkiOf(key));
    t.strictSame([info.algorithm, info.curve, info.bits], ['ECDSA', curve, bits], namedCurve);
  }
});
