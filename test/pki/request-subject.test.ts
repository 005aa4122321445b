// What `list` reads of every request, by walking its DER in place: the same CN, O values and SANs as the full
// parseRequest, for each key type and string type openssl makes, without looking at the key or the signature.
import t from 'tap';
import { parseRequest } from '../../src/pki/request.js';
import { readRequestSans, readRequestSubject, requestDer } from '../../src/pki/request-subject.js';
import type { DistinguishedName } from '../../src/pki/types.js';
import { caught } from '../fixtures/pki/caught.js';
import { JANE_SUBJECT, NEWKEY, derOf, workdir } from '../fixtures/pki/openssl.js';

const w = workdir(t);
/** What list reads must be what inspect and the policy read: the same reader, one identity. */
const identity = ({ commonName, organizations, uid, problems }: DistinguishedName) => ({ commonName, organizations, uid, problems });
const SAN = 'subjectAltName=DNS:a.example,IP:10.0.0.1,IP:2001:db8::1,email:j@example.com,URI:spiffe://x/y';

for (const type of ['rsa-2048', 'ecdsa-p256', 'ed25519']) {
  t.test(`a ${type} request: the subject and SANs that parseRequest reads`, async (t) => {
    w.openssl(['req', '-new', ...NEWKEY[type]!, '-nodes', '-keyout', `${type}.key`, '-out', `${type}.csr`, '-subj', JANE_SUBJECT, '-addext', SAN]);
    const der = derOf(w.read(`${type}.csr`));
    const full = parseRequest(der);
    t.strictSame(readRequestSubject(der), identity(full.subject));
    t.strictSame(readRequestSans(der), full.sans);
    t.strictSame(readRequestSans(der), { dns: ['a.example'], ip: ['10.0.0.1', '2001:db8::1'], email: ['j@example.com'], uri: ['spiffe://x/y'] });
  });
}

t.test('string types: UTF8, BMP, T61 and Printable values read as parseRequest reads them; the last CN wins', async (t) => {
  const cases: [string, string[]][] = [
    ['utf8', ['-utf8', '-subj', '/CN=first/CN=zoë/O=dév']],
    ['bmp', ['-utf8', '-multivalue-rdn', '-subj', '/CN=bmp+O=grüppe/O=two']],
    ['printable', ['-subj', '/CN=plain/O=a b/OU=unit']],
  ];
  for (const [name, args] of cases) {
    const mask = name === 'bmp' ? ['-reqopt', 'no_header'] : [];
    w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, ...args, ...mask]);
    const der = derOf(w.read(`${name}.csr`));
    const full = parseRequest(der);
    t.strictSame(readRequestSubject(der), identity(full.subject), name);
  }
  w.write('bmp.cnf', '[req]\ndistinguished_name=dn\nstring_mask=nombstr\n[dn]\n');
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'm.key', '-out', 'm.csr', '-config', w.path('bmp.cnf'), '-utf8', '-subj', '/CN=ünï/O=x']);
  const der = derOf(w.read('m.csr'));
  t.strictSame(readRequestSubject(der), identity(parseRequest(der).subject));
  t.strictSame(readRequestSubject(der).organizations, ['x']);
  t.equal(readRequestSubject(der).commonName, 'ünï');
});

t.test('no extension request: no SANs', async (t) => {
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'plain.key', '-out', 'plain.csr', '-subj', '/CN=plain']);
  const der = derOf(w.read('plain.csr'));
  t.strictSame(readRequestSubject(der), { commonName: 'plain', organizations: [], uid: null, problems: [] });
  t.strictSame(readRequestSans(der), { dns: [], ip: [], email: [], uri: [] });
});

t.test('the signature is not looked at: a request with a broken one still names its subject', async (t) => {
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'broken.key', '-out', 'broken.csr', '-subj', '/CN=broken']);
  const der = Buffer.from(derOf(w.read('broken.csr')));
  der[der.length - 1]! ^= 0xff;
  t.equal(parseRequest(der).signatureValid, false);
  t.equal(readRequestSubject(der).commonName, 'broken');
});

t.test('spec.request: the base64 of the PEM, the plain block fast, anything else through sniff', async (t) => {
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'b.key', '-out', 'b.csr', '-subj', '/CN=b64']);
  const pem = w.read('b.csr');
  const der = derOf(pem);
  t.same(requestDer(Buffer.from(pem).toString('base64')), der);
  t.same(requestDer(Buffer.from(pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')).toString('base64')), der);
  t.equal(caught(() => requestDer(Buffer.from(pem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')).toString('base64'))).pkiError, true);
  t.throws(() => requestDer('!!!'));
});

t.test('what is not a request is an error that says so', async (t) => {
  t.strictSame(caught(() => readRequestSubject(Buffer.from([0x30, 0x00]))), {
    pkiError: true,
    message: 'not a PKCS#10 certificate request: CertificationRequestInfo is missing',
  });
  t.strictSame(caught(() => readRequestSubject(Buffer.from([0x30, 0x03, 0x30, 0x01, 0x02]))).pkiError, true);
  t.strictSame(caught(() => readRequestSubject(Buffer.from('hello'))).pkiError, true);
  t.strictSame(caught(() => readRequestSans(Buffer.from([0x30, 0x80, 0x00, 0x00]))), {
    pkiError: true,
    message: 'indefinite-length (BER) encoding is not DER',
  });
});
