// The plain reading of a request (pki/plain-request.ts) against node-forge's (request.ts readWithForge): on requests
// of every key type and thousands of mutations of them it gives forge's parts or no answer; it answers for the
// requests kubelets and this tool make; and what it does not answer for is refused, or read, in forge's words.
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import t from 'tap';
import { createRequest } from '../../src/pki/create-request.js';
import { readPlainRequest, type RequestParts } from '../../src/pki/plain-request.js';
import { parseRequest, readWithForge } from '../../src/pki/request.js';
import { caught } from '../fixtures/pki/caught.js';
import { attribute, oidBytes, tlv } from '../fixtures/pki/der-name.js';
import { keyOfType } from '../fixtures/pki/keys.js';
import { derOf } from '../fixtures/pki/openssl.js';
import { mutateBytes } from '../robustness/mutate-bytes.js';
import { Prng } from '../robustness/prng.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
const cat = (...parts: Buffer[]) => Buffer.concat(parts);
const NAME = tlv(0x30, tlv(0x31, attribute('2.5.4.3', 0x0c, Buffer.from('system:node:n1'))));

/** A P-256 request signed by hand, whose extensionRequest holds `extensions`. */
function request(extensions: Buffer[], o: { name?: Buffer; signature?: Buffer; before?: Buffer; algorithm?: string } = {}): Buffer {
  const extensionRequest = tlv(0x30, cat(tlv(0x06, oidBytes('1.2.840.113549.1.9.14')), tlv(0x31, tlv(0x30, cat(...extensions)))));
  const info = tlv(0x30, cat(tlv(0x02, Buffer.from([0])), o.name ?? NAME, spki, tlv(0xa0, cat(o.before ?? Buffer.alloc(0), extensionRequest))));
  const signature = o.signature ?? cat(Buffer.from([0]), sign('sha256', info, privateKey));
  return tlv(0x30, cat(info, tlv(0x30, tlv(0x06, oidBytes(o.algorithm ?? '1.2.840.10045.4.3.2'))), tlv(0x03, signature)));
}
const ext = (oid: string, value: Buffer, critical: Buffer = Buffer.alloc(0)) => tlv(0x30, cat(tlv(0x06, oidBytes(oid)), critical, tlv(0x04, value)));
const san = (...names: Buffer[]) => ext('2.5.29.17', tlv(0x30, cat(...names)));
const dns = (name: string) => tlv(0x82, Buffer.from(name));

/** Parts as plain data, the signature read out, to compare the two readings. */
function data(parts: RequestParts) {
  const { info, spki, subject, algorithm, requested, signature } = parts;
  return { info: info.toString('hex'), spki: spki.toString('hex'), subject: [subject.tag, subject.contentStart, subject.end], oid: algorithm.oid, requested, signature: signature().toString('hex') };
}

/**
 * The requests the mutations start from: a kubelet's serving request, this tool's for each key type, and between them
 * every signature algorithm plain-request.ts knows by its bytes.
 */
function seeds(): Buffer[] {
  const serving = { commonName: 'system:node:n1', organizations: ['system:nodes'], dns: ['n1'], ip: ['10.0.0.1'] };
  const every = { commonName: 'jane', organizations: ['dev', 'ops'], dns: ['a.example'], ip: ['2001:db8::1'], email: ['j@example.com'], uri: ['spiffe://x/y'] };
  return [
    derOf(createRequest({ key: keyOfType('ecdsa-p256'), ...serving })),
    derOf(createRequest({ key: keyOfType('rsa-2048'), ...every })),
    derOf(createRequest({ key: keyOfType('ed25519'), ...every })),
    derOf(createRequest({ key: keyOfType('ecdsa-p384'), commonName: 'no-extensions' })),
    request([san(tlv(0xa0, tlv(0x06, oidBytes('1.3.6.1.4.1.311.20.2.3'))), dns('n1')), ext('1.2.3.4', Buffer.from('not DER'), tlv(0x01, Buffer.from([0xff])))]),
    // (signed with SHA-256, so it does not verify: its OID is what is compared)
    request([san(dns('n1'))], { algorithm: '1.2.840.10045.4.3.4' }),
  ];
}

t.test('the requests kubelets and this tool make are read plainly, to the parts forge reads', async (t) => {
  for (const der of seeds()) {
    const plain = readPlainRequest(der);
    t.not(plain, null);
    t.strictSame(data(plain!), data(readWithForge(der)));
  }
});

t.test('on mutated requests: forge\'s parts, or no answer', async (t) => {
  const all = seeds();
  const cases = 6000;
  let answered = 0;
  const wrong: string[] = [];
  for (let i = 0; i < cases; i++) {
    const rng = Prng.forCase(25, i);
    const { bytes, applied } = mutateBytes(rng.pick(all), rng);
    const plain = readPlainRequest(bytes);
    if (plain === null) continue;
    answered++;
    let forge: ReturnType<typeof data> | string;
    try {
      forge = data(readWithForge(bytes));
    } catch (err) {
      forge = (err as Error).message;
    }
    if (JSON.stringify(forge) !== JSON.stringify(data(plain))) wrong.push(`#${i} ${applied.join(',')}: ${bytes.toString('hex')}`);
  }
  t.strictSame(wrong, []);
  // Mutations that keep a request readable (a flipped bit in a signature, a key, a name's text) are read plainly.
  t.ok(answered > cases / 20, `${answered} of ${cases} answered`);
});

t.test('what the plain reading leaves to forge is refused, or read, in forge\'s words', async (t) => {
  const refused: Array<[string, Buffer, string]> = [
    ['an IP SAN of 5 bytes', request([san(tlv(0x87, Buffer.from([1, 2, 3, 4, 5])))]), 'subjectAltName extension: IP address of 5 bytes'],
    ['a constructed dNSName', request([san(tlv(0xa2, tlv(0x16, Buffer.from('n1'))))]), 'subjectAltName extension: dNSName is not a primitive value'],
    ['a SAN value with a byte after it', request([ext('2.5.29.17', cat(tlv(0x30, dns('n1')), Buffer.from([0])))]), 'subjectAltName extension: malformed DER: unparsed DER bytes remain after ASN.1 parsing'],
    ['a constructed extension value', request([tlv(0x30, cat(tlv(0x06, oidBytes('2.5.29.17')), tlv(0x24, tlv(0x04, tlv(0x30, dns('n1'))))))]), 'subjectAltName extension: value is not a primitive value'],
    ['an empty signature', request([], { signature: Buffer.alloc(0) }), 'signature is an empty BIT STRING'],
    ['a BMPString of odd length', request([], { name: tlv(0x30, tlv(0x31, attribute('2.5.4.3', 0x1e, Buffer.from([0, 0x61, 0])))) }), 'malformed DER: too few bytes to parse DER'],
  ];
  for (const [what, der, message] of refused) {
    t.equal(readPlainRequest(der), null, what);
    t.strictSame(caught(() => parseRequest(der)), { pkiError: true, message: `not a PKCS#10 certificate request: ${message}` }, what);
  }
  // forge takes an empty BOOLEAN as true, and reads the second byte of a multi-byte tag as a length (here, in an
  // attribute no one reads, to the same end as derElementAt).
  const emptyCritical = request([ext('2.5.29.17', tlv(0x30, dns('n1')), tlv(0x01, Buffer.alloc(0)))]);
  t.equal(readPlainRequest(emptyCritical), null);
  t.strictSame(parseRequest(emptyCritical).extensions, [{ oid: '2.5.29.17', name: 'subjectAltName', critical: true }]);
  const multiByteTag = request([san(dns('n1'))], { before: tlv(0x30, cat(tlv(0x06, oidBytes('1.2.3.4')), tlv(0x31, Buffer.from([0x1f, 0x81, 0x00, 0x01, 0x00])))) });
  t.equal(readPlainRequest(multiByteTag), null);
  t.strictSame(parseRequest(multiByteTag).sans, { dns: ['n1'], ip: [], email: [], uri: [] });
});
