import { createPublicKey } from 'node:crypto';
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { workdir } from '../fixtures/pki/openssl.js';
import { generateKey, keyOfType } from '../fixtures/pki/keys.js';
import { keyTypeOf } from '../../src/pki/generate.js';
import { loadPrivateKey, privateKeyToPem } from '../../src/pki/private-key.js';
import { publicKeyOf, publicKeyOfPrivateKey } from '../../src/pki/public-key.js';
import type { KeyType } from '../../src/pki/types.js';

const w = workdir(t);

const LABELS: Record<Exclude<KeyType, 'rsa-4096'>, string> = {
  'rsa-2048': 'RSA PRIVATE KEY',
  'rsa-3072': 'RSA PRIVATE KEY',
  'ecdsa-p256': 'EC PRIVATE KEY',
  'ecdsa-p384': 'EC PRIVATE KEY',
  ed25519: 'PRIVATE KEY',
};

for (const [type, label] of Object.entries(LABELS)) {
  t.test(`privateKeyToPem writes ${type} as "${label}", which openssl and loadPrivateKey read back`, async (t) => {
    const key = keyOfType(type as KeyType);
    const pem = privateKeyToPem(key);
    t.equal(pem.split('\n')[0], `-----BEGIN ${label}-----`);
    const file = w.write(`${type}.key`, pem);
    t.equal(w.run(['pkey', '-noout', '-in', file]).status, 0);
    t.equal(w.openssl(['pkey', '-in', file, '-pubout']), publicKeyOf(key).pem);
    const loaded = loadPrivateKey(pem);
    t.equal(publicKeyOf(loaded).sha256, publicKeyOf(key).sha256);
    t.equal(keyTypeOf(loaded), type);
  });
}

t.test('keys made by openssl in every unencrypted encoding', async (t) => {
  const made: Array<[string, string[], KeyType | null]> = [
    ['pkcs8-rsa.key', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'rsa-2048'],
    ['pkcs1-rsa.key', ['genrsa', '-traditional', '2048'], 'rsa-2048'],
    ['rsa-1024.key', ['genrsa', '-traditional', '1024'], null],
    ['ecparam.key', ['ecparam', '-name', 'prime256v1', '-genkey'], 'ecdsa-p256'],
    ['pkcs8-p384.key', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'ecdsa-p384'],
    ['p521.key', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], null],
    ['ed25519.key', ['genpkey', '-algorithm', 'ed25519'], 'ed25519'],
  ];
  for (const [file, args, type] of made) {
    w.openssl([args[0]!, '-out', file, ...args.slice(1)]);
    const pem = w.read(file);
    t.equal(keyTypeOf(loadPrivateKey(pem)), type, file);
    t.equal(publicKeyOfPrivateKey(pem).pem, w.openssl(['pkey', '-in', file, '-pubout']), `${file} public half`);
  }
  t.match(w.read('ecparam.key'), /^-----BEGIN EC PARAMETERS-----/, 'the EC PARAMETERS block comes first and is skipped');
});

t.test('unusable keys are a PkiError saying why', async (t) => {
  w.openssl(['genpkey', '-algorithm', 'ed25519', '-aes256', '-pass', 'pass:secret', '-out', 'pkcs8-encrypted.key']);
  w.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'plain-ec.key']);
  w.openssl(['ec', '-in', 'plain-ec.key', '-aes128', '-passout', 'pass:secret', '-out', 'legacy-encrypted.key']);
  const rsa = w.read('pkcs1-rsa.key');
  const encrypted = 'private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out plain-key.pem';
  const cases: Array<[string, string, string]> = [
    ['PKCS#8 encrypted', w.read('pkcs8-encrypted.key'), encrypted],
    ['legacy Proc-Type encrypted', w.read('legacy-encrypted.key'), encrypted],
    ['no PEM', 'hello', 'not a PEM private key: no "-----BEGIN ... PRIVATE KEY-----" line found'],
    ['a request', w.openssl(['req', '-new', '-key', 'plain-ec.key', '-subj', '/CN=x']),
      'not a PEM private key: found PEM "CERTIFICATE REQUEST" instead'],
    ['cut off', '-----BEGIN PRIVATE KEY-----\nMC4CAQA=\n', 'not a PEM private key: PEM block "PRIVATE KEY" has no END line (is the file cut short?)'],
    ['OpenSSH', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n',
      'unsupported private key format "OPENSSH PRIVATE KEY"; expected RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY'],
    ['truncated body', rsa.split('\n').slice(0, 5).join('\n') + '\n-----END RSA PRIVATE KEY-----\n',
      'cannot read RSA PRIVATE KEY: the key data is malformed'],
    ['wrong label', w.read('plain-ec.key').replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY'),
      'cannot read RSA PRIVATE KEY: the key data is malformed'],
  ];
  for (const [name, pem, message] of cases) t.strictSame(caught(() => loadPrivateKey(pem)), { pkiError: true, message }, name);
});

t.test('privateKeyToPem refuses a public key', async (t) => {
  const publicKey = publicKeyOfPrivateKey(privateKeyToPem(generateKey('ed25519')));
  t.equal(publicKey.algorithm, 'Ed25519');
  t.strictSame(caught(() => privateKeyToPem(createPublicKey(publicKey.pem))), {
    pkiError: true,
    message: 'expected a private key, got a public key',
  });
});
