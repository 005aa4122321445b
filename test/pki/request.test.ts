import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseRequest } from '../../src/pki/request.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';
import type { DecodedRequest, PublicKeyInfo } from '../../src/pki/types.js';
import { caught } from '../fixtures/pki/caught.js';
import { JANE, JANE_SUBJECT, NEWKEY, derOf, workdir, type Workdir } from '../fixtures/pki/openssl.js';

const w = workdir(t);

const SAN = 'subjectAltName=DNS:a.example,IP:10.0.0.1,IP:2001:db8::1,email:j@example.com,URI:spiffe://x/y';

/** Our view of the public key of the request in `file`, as openssl extracts it. */
function opensslPublicKey(w: Workdir, file: string, expected: Omit<PublicKeyInfo, 'sha256' | 'pem'>): PublicKeyInfo {
  const pem = w.openssl(['req', '-in', file, '-noout', '-pubkey']);
  return { ...expected, sha256: createHash('sha256').update(derOf(pem)).digest('hex'), pem };
}

const KEYS: Array<{ type: string; key: Omit<PublicKeyInfo, 'sha256' | 'pem'>; signatureAlgorithm: string }> = [
  { type: 'rsa-2048', key: { algorithm: 'RSA', bits: 2048, curve: null }, signatureAlgorithm: 'sha256WithRSAEncryption' },
  { type: 'rsa-3072', key: { algorithm: 'RSA', bits: 3072, curve: null }, signatureAlgorithm: 'sha256WithRSAEncryption' },
  { type: 'ecdsa-p256', key: { algorithm: 'ECDSA', bits: 256, curve: 'P-256' }, signatureAlgorithm: 'ecdsa-with-SHA256' },
  { type: 'ecdsa-p384', key: { algorithm: 'ECDSA', bits: 384, curve: 'P-384' }, signatureAlgorithm: 'ecdsa-with-SHA256' },
  { type: 'ecdsa-p521', key: { algorithm: 'ECDSA', bits: 521, curve: 'P-521' }, signatureAlgorithm: 'ecdsa-with-SHA256' },
  { type: 'ed25519', key: { algorithm: 'Ed25519', bits: 256, curve: null }, signatureAlgorithm: 'ED25519' },
];

for (const { type, key, signatureAlgorithm } of KEYS) {
  t.test(`an openssl ${type} request decodes to exactly what openssl put in`, async (t) => {
    const file = `${type}.csr`;
    w.openssl(['req', '-new', ...NEWKEY[type]!, '-nodes', '-keyout', `${type}.key`, '-out', file,
      '-subj', JANE_SUBJECT, '-addext', SAN]);
    const pem = w.read(file);
    t.strictSame(parseRequestPem(pem), {
      subject: JANE,
      sans: { dns: ['a.example'], ip: ['10.0.0.1', '2001:db8::1'], email: ['j@example.com'], uri: ['spiffe://x/y'] },
      publicKey: opensslPublicKey(w, file, key),
      signatureAlgorithm,
      extensions: [{ oid: '2.5.29.17', name: 'subjectAltName', critical: false }],
      keyUsage: [],
      extendedKeyUsage: [],
      signatureValid: true,
      pem,
    } satisfies DecodedRequest);
  });
}

t.test('an Ed448 request is recognised and verified', async (t) => {
  w.openssl(['req', '-new', '-newkey', 'ed448', '-nodes', '-keyout', 'ed448.key', '-out', 'ed448.csr', '-subj', '/CN=x']);
  const request = parseRequestPem(w.read('ed448.csr'));
  t.strictSame(request.publicKey, opensslPublicKey(w, 'ed448.csr', { algorithm: 'Ed448', bits: 448, curve: null }));
  t.equal(request.signatureAlgorithm, 'ED448');
  t.equal(request.signatureValid, true);
});

t.test('an RSA 8192 request (fixture made by openssl)', async (t) => {
  const file = new URL('../fixtures/pki/rsa-8192.csr', import.meta.url).pathname;
  const request = parseRequestPem(readFileSync(file, 'utf8'));
  t.equal(request.subject.text, 'CN=big, O=dev');
  t.strictSame(request.sans.dns, ['big.example']);
  t.strictSame(request.publicKey, opensslPublicKey(w, file, { algorithm: 'RSA', bits: 8192, curve: null }));
  t.equal(request.signatureAlgorithm, 'sha256WithRSAEncryption');
  t.equal(request.signatureValid, true);
});

t.test('signature digests other than SHA-256, and RSA-PSS', async (t) => {
  w.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key']);
  w.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'p384.key']);
  const cases: Array<[string, string[], string]> = [
    ['rsa.key', ['-sha384'], 'sha384WithRSAEncryption'],
    ['rsa.key', ['-sha512'], 'sha512WithRSAEncryption'],
    ['rsa.key', ['-sha1'], 'sha1WithRSAEncryption'],
    ['p384.key', ['-sha384'], 'ecdsa-with-SHA384'],
    ['p384.key', ['-sha512'], 'ecdsa-with-SHA512'],
    ['rsa.key', ['-sigopt', 'rsa_padding_mode:pss'], 'rsassaPss'],
    ['rsa.key', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sha384'], 'rsassaPss'],
    ['rsa.key', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest', '-sha512'], 'rsassaPss'],
  ];
  for (const [keyFile, options, name] of cases) {
    const pem = w.openssl(['req', '-new', '-key', keyFile, '-subj', '/CN=digest', ...options]);
    const request = parseRequestPem(pem);
    t.strictSame([request.signatureAlgorithm, request.signatureValid], [name, true], options.join(' '));
  }
});

t.test('every subject attribute, in order, with openssl short names and escaping', async (t) => {
  w.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'subject.key']);
  const rich = w.openssl(['req', '-new', '-key', 'subject.key',
    '-subj', '/C=DE/ST=Berlin/L=Berlin/O=dev/OU=platform/CN=jane/emailAddress=jane@example.com',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext', 'extendedKeyUsage=clientAuth,serverAuth,1.2.3.5', '-addext', 'subjectAltName=DNS:a.example']);
  const request = parseRequestPem(rich);
  t.strictSame(request.subject, {
    attributes: [
      { type: 'C', oid: '2.5.4.6', value: 'DE' },
      { type: 'ST', oid: '2.5.4.8', value: 'Berlin' },
      { type: 'L', oid: '2.5.4.7', value: 'Berlin' },
      { type: 'O', oid: '2.5.4.10', value: 'dev' },
      { type: 'OU', oid: '2.5.4.11', value: 'platform' },
      { type: 'CN', oid: '2.5.4.3', value: 'jane' },
      { type: 'emailAddress', oid: '1.2.840.113549.1.9.1', value: 'jane@example.com' },
    ],
    commonName: 'jane',
    organizations: ['dev'],
    organizationalUnits: ['platform'],
    uid: null,
    problems: [],
    text: 'C=DE, ST=Berlin, L=Berlin, O=dev, OU=platform, CN=jane, emailAddress=jane@example.com',
    rawText: 'C=DE, ST=Berlin, L=Berlin, O=dev, OU=platform, CN=jane, emailAddress=jane@example.com',
  });
  t.strictSame(request.extensions, [
    { oid: '2.5.29.15', name: 'keyUsage', critical: true },
    { oid: '2.5.29.37', name: 'extKeyUsage', critical: false },
    { oid: '2.5.29.17', name: 'subjectAltName', critical: false },
  ]);
  t.strictSame(request.keyUsage, ['Digital Signature', 'Key Encipherment']);
  t.strictSame(request.extendedKeyUsage, ['TLS Web Client Authentication', 'TLS Web Server Authentication', '1.2.3.5']);

  const escaped = w.openssl(['req', '-new', '-key', 'subject.key', '-utf8', '-multivalue-rdn',
    '-subj', '/CN=Jürgen/O=a, b/OU=#x/OU=y+UID=z/CN=last']);
  t.strictSame(parseRequestPem(escaped).subject, {
    attributes: [
      { type: 'CN', oid: '2.5.4.3', value: 'Jürgen' },
      { type: 'O', oid: '2.5.4.10', value: 'a, b' },
      { type: 'OU', oid: '2.5.4.11', value: '#x' },
      { type: 'OU', oid: '2.5.4.11', value: 'y' },
      { type: 'UID', oid: '0.9.2342.19200300.100.1.1', value: 'z' },
      { type: 'CN', oid: '2.5.4.3', value: 'last' },
    ],
    commonName: 'last',
    organizations: ['a, b'],
    organizationalUnits: ['#x', 'y'],
    uid: null,
    problems: [{ kind: 'multiple-cn', detail: '2 CN attributes; Go keeps only the last one it reads' }],
    text: 'CN=Jürgen, O=a\\, b, OU=\\#x, OU=y + UID=z, CN=last',
    rawText: 'CN=Jürgen, O=a\\, b, OU=\\#x, OU=y + UID=z, CN=last',
  });

  w.write('oid.cnf', 'oid_section = new_oids\n[ new_oids ]\ntestAttr = 1.2.3.4\n[ req ]\ndistinguished_name = dn\n[ dn ]\n');
  const unknown = w.openssl(['req', '-config', 'oid.cnf', '-new', '-key', 'subject.key', '-subj', '/CN=jane/testAttr=custom']);
  t.strictSame(parseRequestPem(unknown).subject.attributes[1], { type: '1.2.3.4', oid: '1.2.3.4', value: 'custom' });
  t.equal(parseRequestPem(unknown).subject.text, 'CN=jane, 1.2.3.4=custom');
});

t.test('a tampered request does not verify', async (t) => {
  for (const type of ['rsa-2048', 'ecdsa-p256', 'ed25519']) {
    const der = derOf(w.read(`${type}.csr`));
    t.equal(parseRequest(der).signatureValid, true, `${type} as made`);
    const badSignature = Buffer.from(der);
    badSignature[badSignature.length - 1]! ^= 0x01;
    t.equal(parseRequest(badSignature).signatureValid, false, `${type} with a flipped signature bit`);
    const badSubject = Buffer.from(der);
    badSubject.write('jana', badSubject.indexOf('jane'), 'latin1');
    t.equal(parseRequest(badSubject).subject.commonName, 'jana');
    t.equal(parseRequest(badSubject).signatureValid, false, `${type} with a changed subject`);
  }
});

t.test('malformed input is a PkiError with a one-line message', async (t) => {
  const certificatePem = w.openssl(['req', '-x509', '-new', '-key', 'subject.key', '-subj', '/CN=c', '-days', '1']);
  const cases: Array<[string, () => unknown, string]> = [
    ['garbage DER', () => parseRequest(Buffer.from('hello world')), 'malformed DER: too few bytes to read ASN.1 value'],
    ['empty DER', () => parseRequest(Buffer.alloc(0)), 'malformed DER: too few bytes to parse DER'],
    ['trailing bytes', () => parseRequest(Buffer.from([0x30, 0x00, 0x00])), 'malformed DER: unparsed DER bytes remain after ASN.1 parsing'],
    ['an empty SEQUENCE', () => parseRequest(Buffer.from([0x30, 0x00])), 'CertificationRequestInfo is missing'],
    ['an INTEGER', () => parseRequest(Buffer.from([0x02, 0x01, 0x05])), 'CertificationRequest is not a SEQUENCE'],
    ['a certificate as DER', () => parseRequest(derOf(certificatePem)), 'attributes are not tagged [0]'],
    ['a certificate as PEM', () => parseRequestPem(certificatePem), 'found PEM "CERTIFICATE" instead'],
    ['no PEM at all', () => parseRequestPem('hello'), 'no "-----BEGIN CERTIFICATE REQUEST-----" line found'],
    ['a cut-off PEM', () => parseRequestPem('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n'),
      'PEM block "CERTIFICATE REQUEST" has no END line (is the file cut short?)'],
    ['a PEM of garbage', () => parseRequestPem('-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----'),
      'malformed DER: too few bytes to read ASN.1 value'],
  ];
  for (const [name, parse, reason] of cases) {
    t.strictSame(caught(parse), { pkiError: true, message: `not a PKCS#10 certificate request: ${reason}` }, name);
  }
});
