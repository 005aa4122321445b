import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { derOf, workdir } from '../fixtures/pki/openssl.js';
import { generateKey, keyOfType } from '../fixtures/pki/keys.js';
import { caught } from '../fixtures/pki/caught.js';
import { createRequest } from '../../src/pki/create-request.js';
import { loadPrivateKey } from '../../src/pki/private-key.js';
import { publicKeyOf } from '../../src/pki/public-key.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';
import type { KeyType } from '../../src/pki/types.js';

const w = workdir(t);

/** The line after `heading` in `openssl req -text` output, trimmed: how openssl shows one extension's value. */
function shown(text: string, heading: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim().startsWith(heading));
  return at < 0 ? undefined : lines[at + 1]?.trim();
}

function opensslAccepts(file: string): { status: number | null; stderr: string } {
  const { status, stderr } = w.run(['req', '-verify', '-noout', '-in', file]);
  return { status, stderr };
}

const VERIFIED = { status: 0, stderr: 'Certificate request self-signature verify OK\n' };

const SIGNED_WITH: Record<Exclude<KeyType, 'rsa-4096'>, string> = {
  'rsa-2048': 'sha256WithRSAEncryption',
  'rsa-3072': 'sha256WithRSAEncryption',
  'ecdsa-p256': 'ecdsa-with-SHA256',
  'ecdsa-p384': 'ecdsa-with-SHA384',
  ed25519: 'ED25519',
};

for (const [type, signatureAlgorithm] of Object.entries(SIGNED_WITH)) {
  t.test(`openssl accepts our ${type} request and reads what we wrote`, async (t) => {
    const key = keyOfType(type as KeyType);
    const pem = createRequest({
      key,
      commonName: 'jane',
      organizations: ['dev', 'ops'],
      dns: ['a.example', '*.b.example'],
      ip: ['10.0.0.1', '2001:db8::1'],
      email: ['j@example.com'],
      uri: ['spiffe://x/y'],
    });
    const file = w.write(`ours-${type}.csr`, pem);
    t.strictSame(opensslAccepts(file), VERIFIED);
    t.equal(w.openssl(['req', '-in', file, '-noout', '-subject']), 'subject=CN = jane, O = dev, O = ops\n');
    const text = w.openssl(['req', '-in', file, '-noout', '-text']);
    t.equal(
      shown(text, 'X509v3 Subject Alternative Name:'),
      'DNS:a.example, DNS:*.b.example, email:j@example.com, IP Address:10.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1, URI:spiffe://x/y',
    );
    t.equal(shown(text, 'X509v3 Key Usage:'), undefined, 'no key usage unless asked for');
    t.match(text, `    Signature Algorithm: ${signatureAlgorithm}\n`);
    t.equal(w.openssl(['req', '-in', file, '-noout', '-pubkey']), publicKeyOf(key).pem);

    const decoded = parseRequestPem(pem);
    t.strictSame(decoded.subject.attributes.map((a) => `${a.type}=${a.value}`), ['CN=jane', 'O=dev', 'O=ops']);
    t.strictSame(decoded.sans, {
      dns: ['a.example', '*.b.example'],
      ip: ['10.0.0.1', '2001:db8::1'],
      email: ['j@example.com'],
      uri: ['spiffe://x/y'],
    });
    t.equal(decoded.signatureAlgorithm, signatureAlgorithm);
    t.equal(decoded.signatureValid, true);
  });
}

t.test('a request with only a common name has no extensionRequest attribute', async (t) => {
  const pem = createRequest({ key: generateKey('ecdsa-p256'), commonName: 'system:node:worker-1' });
  const file = w.write('minimal.csr', pem);
  t.strictSame(opensslAccepts(file), VERIFIED);
  t.equal(w.openssl(['req', '-in', file, '-noout', '-subject']), 'subject=CN = system:node:worker-1\n');
  // The attributes field is there (RFC 2986 makes it mandatory) and empty.
  t.match(w.openssl(['asn1parse', '-in', file]), /\n +\d+:d=2 +hl=2 l= +0 cons: cont \[ 0 \] +\n +\d+:d=1 /);
  t.strictSame(parseRequestPem(pem).extensions, []);
});

t.test('key usages and extended key usages when asked for', async (t) => {
  const pem = createRequest({
    key: generateKey('ed25519'),
    commonName: 'jane',
    keyUsage: ['Digital Signature', 'key encipherment'],
    extendedKeyUsage: ['TLS Web Client Authentication', '1.2.3.4'],
  });
  const file = w.write('usages.csr', pem);
  t.strictSame(opensslAccepts(file), VERIFIED);
  const text = w.openssl(['req', '-in', file, '-noout', '-text']);
  t.match(text, 'X509v3 Key Usage: critical\n');
  t.equal(shown(text, 'X509v3 Key Usage:'), 'Digital Signature, Key Encipherment');
  t.equal(shown(text, 'X509v3 Extended Key Usage:'), 'TLS Web Client Authentication, 1.2.3.4');
  // DER BIT STRING for bits 0 and 2: trailing zero bits dropped, so 5 unused bits of 0xA0.
  t.ok(derOf(pem).includes(Buffer.from([0x03, 0x02, 0x05, 0xa0])), 'minimal key usage encoding');
  const decoded = parseRequestPem(pem);
  t.strictSame(decoded.keyUsage, ['Digital Signature', 'Key Encipherment']);
  t.strictSame(decoded.extendedKeyUsage, ['TLS Web Client Authentication', '1.2.3.4']);

  const high = w.write('decipher.csr', createRequest({
    key: generateKey('ed25519'), commonName: 'x', keyUsage: ['Key Agreement', 'Decipher Only'],
  }));
  t.equal(shown(w.openssl(['req', '-in', high, '-noout', '-text']), 'X509v3 Key Usage:'), 'Key Agreement, Decipher Only');
});

t.test('a P-521 key from openssl is signed with ecdsa-with-SHA512', async (t) => {
  w.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', 'p521.key']);
  const pem = createRequest({ key: loadPrivateKey(w.read('p521.key')), commonName: 'big-curve' });
  const file = w.write('p521.csr', pem);
  t.strictSame(opensslAccepts(file), VERIFIED);
  t.strictSame(
    [parseRequestPem(pem).signatureAlgorithm, parseRequestPem(pem).publicKey.curve],
    ['ecdsa-with-SHA512', 'P-521'],
  );
});

t.test('bad options are a PkiError naming the value', async (t) => {
  const key = generateKey('ecdsa-p256');
  const cases: Array<[Parameters<typeof createRequest>[0], string]> = [
    [{ key, commonName: '' }, 'a certificate request needs a common name'],
    [{ key: publicKeyOfKey(), commonName: 'x' }, 'a certificate request is signed with a private key, got a public key'],
    [{ key, commonName: 'x', ip: ['10.0.0.256'] }, '"10.0.0.256" is not an IPv4 or IPv6 address'],
    [{ key, commonName: 'x', ip: ['fe80::1%eth0'] }, '"fe80::1%eth0" is not an IPv4 or IPv6 address'],
    [{ key, commonName: 'x', dns: ['bücher.example'] }, 'DNS name "bücher.example" must be non-empty printable ASCII'],
    [{ key, commonName: 'x', email: [''] }, 'email address "" must be non-empty printable ASCII'],
    [{ key, commonName: 'x', uri: ['spiffe://x/a b'] }, 'URI "spiffe://x/a b" must be non-empty printable ASCII'],
    [
      { key, commonName: 'x', keyUsage: ['Sign Everything'] },
      'unknown key usage "Sign Everything"; expected one of: Digital Signature, Non Repudiation, Key Encipherment, ' +
        'Data Encipherment, Key Agreement, Certificate Sign, CRL Sign, Encipher Only, Decipher Only',
    ],
    [
      { key: generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey, commonName: 'x' },
      'cannot sign a request with a key of type rsa-pss; use RSA, ECDSA or Ed25519',
    ],
    [
      { key: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, commonName: 'x' },
      'cannot sign a request with an EC key on curve secp256k1; use P-256, P-384 or P-521',
    ],
  ];
  for (const [options, message] of cases) t.strictSame(caught(() => createRequest(options)), { pkiError: true, message });
  const unknownPurpose = caught(() => createRequest({ key, commonName: 'x', extendedKeyUsage: ['Everything'] }));
  t.equal(unknownPurpose.pkiError, true);
  t.equal(
    unknownPurpose.message.split(';')[0],
    'unknown extended key usage "Everything"',
  );
  t.match(unknownPurpose.message, /; expected a dotted OID or one of: TLS Web Server Authentication, TLS Web Client Authentication, /);

  function publicKeyOfKey() {
    return generateKeyPairSync('ed25519').publicKey;
  }
});

t.test('a UID goes after the O attributes, as the one attribute the API server reads it from', async (t) => {
  const pem = createRequest({ key: generateKey('ecdsa-p256'), commonName: 'jane', organizations: ['dev'], uid: 'u-1234' });
  const subject = parseRequestPem(pem).subject;
  t.equal(subject.uid, 'u-1234');
  t.equal(subject.commonName, 'jane');
  t.same(subject.organizations, ['dev']);
  const file = w.write('uid.csr', pem);
  t.equal(w.run(['req', '-noout', '-subject', '-nameopt', 'oid', '-in', file]).stdout, 'subject=2.5.4.3=jane, 2.5.4.10=dev, 1.3.6.1.4.1.57683.2=u-1234\n', 'openssl reads the same three attributes');
});
