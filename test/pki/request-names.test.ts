// parseRequestNames, what `list` reads of every request: the same subject and SANs as the full parseRequest, for each
// key type openssl makes, without looking at the key or the signature.
import t from 'tap';
import { parseRequest } from '../../src/pki/request.js';
import { parseRequestNames } from '../../src/pki/request-names.js';
import { caught } from '../fixtures/pki/caught.js';
import { JANE_SUBJECT, NEWKEY, derOf, workdir } from '../fixtures/pki/openssl.js';

const w = workdir(t);
const SAN = 'subjectAltName=DNS:a.example,IP:10.0.0.1,IP:2001:db8::1,email:j@example.com,URI:spiffe://x/y';

for (const type of ['rsa-2048', 'ecdsa-p256', 'ed25519']) {
  t.test(`a ${type} request: the subject and SANs that parseRequest reads`, async (t) => {
    w.openssl(['req', '-new', ...NEWKEY[type]!, '-nodes', '-keyout', `${type}.key`, '-out', `${type}.csr`, '-subj', JANE_SUBJECT, '-addext', SAN]);
    const der = derOf(w.read(`${type}.csr`));
    const full = parseRequest(der);
    const names = parseRequestNames(der);
    t.strictSame(names.subject, full.subject);
    t.strictSame(names.requested.sans, { dns: ['a.example'], ip: ['10.0.0.1', '2001:db8::1'], email: ['j@example.com'], uri: ['spiffe://x/y'] });
    t.strictSame(names.requested.extensions, full.extensions);
  });
}

t.test('no extension request: no SANs', async (t) => {
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'plain.key', '-out', 'plain.csr', '-subj', '/CN=plain']);
  const names = parseRequestNames(derOf(w.read('plain.csr')));
  t.equal(names.subject.commonName, 'plain');
  t.strictSame(names.requested.sans, { dns: [], ip: [], email: [], uri: [] });
});

t.test('the signature is not looked at: a request with a broken one still names its subject', async (t) => {
  w.openssl(['req', '-new', ...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'broken.key', '-out', 'broken.csr', '-subj', '/CN=broken']);
  const der = Buffer.from(derOf(w.read('broken.csr')));
  der[der.length - 1]! ^= 0xff;
  t.equal(parseRequest(der).signatureValid, false);
  t.equal(parseRequestNames(der).subject.commonName, 'broken');
});

t.test('what is not a request is an error that says so', async (t) => {
  t.strictSame(caught(() => parseRequestNames(Buffer.from([0x30, 0x00]))), {
    pkiError: true,
    message: 'not a PKCS#10 certificate request: CertificationRequestInfo is missing',
  });
  t.strictSame(caught(() => parseRequestNames(Buffer.from('hello'))).pkiError, true);
});
