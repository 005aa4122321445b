import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { JANE, derOf, makeCaAndLeaf, workdir } from '../fixtures/pki/openssl.js';
import { signedPem } from '../fixtures/pki/sign-certificate.js';
import { parseCertificate, parseCertificates } from '../../src/pki/certificate.js';
import { validityText } from '../../src/pki/validity.js';
import type { DecodedCertificate, DistinguishedName, PublicKeyInfo } from '../../src/pki/types.js';

const w = workdir(t);
makeCaAndLeaf(w);

/** What openssl says about a certificate file, in our shapes. */
function opensslView(file: string): Pick<DecodedCertificate, 'serial' | 'notBefore' | 'notAfter' | 'fingerprintSha256'> & {
  publicKey: Pick<PublicKeyInfo, 'sha256' | 'pem'>;
} {
  const field = (args: string[]): string => w.openssl(['x509', '-in', file, '-noout', ...args]).split('=')[1]!.trim();
  const pem = w.openssl(['x509', '-in', file, '-noout', '-pubkey']);
  return {
    serial: field(['-serial']).replace(/..(?!$)/g, '$&:'),
    notBefore: new Date(field(['-startdate'])),
    notAfter: new Date(field(['-enddate'])),
    fingerprintSha256: field(['-fingerprint', '-sha256']),
    publicKey: { sha256: createHash('sha256').update(derOf(pem)).digest('hex'), pem },
  };
}

const CA_NAME: DistinguishedName = {
  attributes: [
    { type: 'CN', oid: '2.5.4.3', value: 'test-ca' },
    { type: 'O', oid: '2.5.4.10', value: 'kubectl-csr' },
  ],
  commonName: 'test-ca',
  organizations: ['kubectl-csr'],
  organizationalUnits: [],
  uid: null,
  problems: [],
  text: 'CN=test-ca, O=kubectl-csr',
  rawText: 'CN=test-ca, O=kubectl-csr',
};

t.test('a leaf signed by openssl decodes to exactly what openssl says', async (t) => {
  const pem = w.read('leaf.crt');
  const openssl = opensslView('leaf.crt');
  const [leaf, ...rest] = parseCertificates(pem);
  t.strictSame(rest, []);
  t.strictSame(leaf, {
    subject: JANE,
    issuer: CA_NAME,
    serial: '80:FF:01',
    notBefore: openssl.notBefore,
    notAfter: openssl.notAfter,
    sans: {
      dns: ['jane.example'],
      ip: ['10.0.0.1', '2001:db8::1'],
      email: ['jane@example.com'],
      uri: ['spiffe://example/jane'],
    },
    keyUsage: ['Digital Signature', 'Key Encipherment'],
    extendedKeyUsage: ['TLS Web Client Authentication'],
    isCA: false,
    fingerprintSha256: openssl.fingerprintSha256,
    // Kubernetes' form of the same hash: openssl's fingerprint, lower case, without colons.
    credentialId: `X509SHA256=${openssl.fingerprintSha256.replaceAll(':', '').toLowerCase()}`,
    publicKey: { algorithm: 'RSA', bits: 2048, curve: null, ...openssl.publicKey },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    pem,
  } satisfies DecodedCertificate);
  t.equal(leaf!.serial, openssl.serial, 'serial as openssl -serial prints it, colon separated');
  t.equal(leaf!.notAfter.getTime() - leaf!.notBefore.getTime(), 24 * 3600 * 1000, '-days 1');
  t.equal(validityText(leaf!.notAfter, leaf!.notBefore), 'expires in 24h');
});

t.test('the CA certificate', async (t) => {
  const [ca] = parseCertificates(w.read('ca.crt'));
  const openssl = opensslView('ca.crt');
  t.strictSame(ca!.subject, CA_NAME);
  t.strictSame(ca!.issuer, CA_NAME);
  t.equal(ca!.isCA, true);
  t.strictSame(ca!.keyUsage, ['Certificate Sign', 'CRL Sign']);
  t.equal(ca!.serial, openssl.serial);
  t.equal(ca!.fingerprintSha256, openssl.fingerprintSha256);
  t.strictSame(ca!.publicKey, { algorithm: 'ECDSA', bits: 256, curve: 'P-256', ...openssl.publicKey });
});

t.test('a v1 certificate (no version field, no extensions)', async (t) => {
  w.openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '7', '-days', '2',
    '-out', 'v1.crt']);
  t.match(w.openssl(['x509', '-in', 'v1.crt', '-noout', '-text']), 'Version: 1 (0x0)');
  const v1 = parseCertificate(derOf(w.read('v1.crt')));
  t.strictSame([v1.serial, v1.subject.text, v1.issuer.text], ['07', 'CN=jane, O=dev, O=ops', 'CN=test-ca, O=kubectl-csr']);
  t.strictSame([v1.sans, v1.keyUsage, v1.isCA], [{ dns: [], ip: [], email: [], uri: [] }, [], false]);
  t.equal(v1.publicKey.sha256, opensslView('v1.crt').publicKey.sha256);
});

t.test('a chain comes back in order; other PEM blocks are skipped', async (t) => {
  const chain = parseCertificates(`${w.read('leaf.crt')}${w.read('leaf.key')}${w.read('ca.crt')}`);
  t.strictSame(
    chain.map((c) => c.fingerprintSha256),
    [opensslView('leaf.crt').fingerprintSha256, opensslView('ca.crt').fingerprintSha256],
  );
  t.equal(chain[0]!.issuer.text, chain[1]!.subject.text);
});

/** A self-signed RSA certificate made with node-forge, which (unlike openssl 3.0) can backdate validity. */
function forgeCertificate(notBefore: Date, notAfter: Date): string {
  const privateKey = createPrivateKey(rsaKeyPem('rsa-2048-1'));
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ shortName: 'CN', value: 'old' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'old' }]);
  return signedPem(cert, rsaKeyPem('rsa-2048-1'));
}

t.test('an expired certificate, and GeneralizedTime dates from 2050 on', async (t) => {
  const expiredPem = forgeCertificate(new Date('2020-01-01T00:00:00Z'), new Date('2020-01-31T00:00:00Z'));
  t.match(expiredPem, '\r\n', 'forge writes CRLF line ends');
  const [expired] = parseCertificates(expiredPem);
  t.strictSame([expired!.notBefore, expired!.notAfter], [new Date('2020-01-01T00:00:00Z'), new Date('2020-01-31T00:00:00Z')]);
  t.equal(expired!.serial, '01');
  t.equal(expired!.pem, expiredPem.replace(/\r\n/g, '\n'));
  t.equal(validityText(expired!.notAfter, new Date('2020-02-02T03:00:00Z')), 'expired 2d3h ago');

  const [distant] = parseCertificates(forgeCertificate(new Date('2049-12-31T23:59:59Z'), new Date('2060-06-01T12:00:00Z')));
  t.strictSame([distant!.notBefore, distant!.notAfter], [new Date('2049-12-31T23:59:59Z'), new Date('2060-06-01T12:00:00Z')]);
});

t.test('malformed input is a PkiError with a one-line message', async (t) => {
  const cases: Array<[string, () => unknown, string]> = [
    ['garbage DER', () => parseCertificate(Buffer.from('xyz')), 'malformed DER: too few bytes to read ASN.1 value'],
    ['a request as DER', () => parseCertificate(derOf(w.read('leaf.csr'))), 'TBSCertificate is incomplete'],
    ['a request as PEM', () => parseCertificates(w.read('leaf.csr')), 'found PEM "CERTIFICATE REQUEST" instead'],
    ['a key as PEM', () => parseCertificates(w.read('leaf.key')), 'found PEM "PRIVATE KEY" instead'],
    ['nothing', () => parseCertificates(''), 'no "-----BEGIN CERTIFICATE-----" line found'],
    ['bad base64', () => parseCertificates('-----BEGIN CERTIFICATE-----\n$$$\n-----END CERTIFICATE-----\n'),
      'PEM block "CERTIFICATE" is not valid base64 (is it corrupt or cut short?)'],
  ];
  for (const [name, parse, reason] of cases) {
    t.strictSame(caught(parse), { pkiError: true, message: `not an X.509 certificate: ${reason}` }, name);
  }
});
