// The self-signature checked on libuv's thread pool (checkInPool, what assess() and so the approver use) answers
// exactly as the inline check (parseRequest, what inspect uses), on requests openssl made and on the same requests
// tampered with every way a check can say no: a signature or a signed byte changed, an algorithm unknown or of
// another key's kind, a signature that is not DER, a key that does not load, parameters OpenSSL refuses to verify
// with (its job answers with an error). approve is a security boundary: no path through the pool may say yes where
// the inline check says no.
import t from 'tap';
import { checkInPool, parseRequest, parseRequestUnchecked } from '../../src/pki/request.js';
import { verifyInPool, verifySignature, type SignatureCheck } from '../../src/pki/signature.js';
import { NEWKEY, derOf, workdir } from '../fixtures/pki/openssl.js';

const w = workdir(t);

/** Both checks of `der`, with the unchecked request's own reading before its check. */
async function bothChecks(der: Buffer): Promise<{ before: boolean; inline: boolean; pooled: boolean }> {
  const inline = parseRequest(der).signatureValid;
  const unchecked = parseRequestUnchecked(der);
  const before = unchecked.request.signatureValid;
  const checked = await checkInPool(unchecked);
  if (checked !== unchecked.request) throw new Error('checkInPool answered with another request');
  return { before, inline, pooled: checked.signatureValid };
}

/** `der` with the byte at `at` (negative: from the end) changed by `change`. */
function changed(der: Buffer, at: number, change: (byte: number) => number): Buffer {
  const copy = Buffer.from(der);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = change(copy[i]!);
  return copy;
}

/** Where `bytes` last occur in `der`, which must hold them. */
function lastIndex(der: Buffer, bytes: number[]): number {
  const at = der.lastIndexOf(Buffer.from(bytes));
  if (at < 0) throw new Error(`no ${Buffer.from(bytes).toString('hex')} in the request`);
  return at;
}

const made: Array<[name: string, args: string[]]> = [
  ['rsa-2048', [...NEWKEY['rsa-2048']!, '-nodes', '-keyout', 'rsa.key']],
  ['ecdsa-p256', [...NEWKEY['ecdsa-p256']!, '-nodes', '-keyout', 'p256.key']],
  ['ecdsa-p384 with SHA-512', [...NEWKEY['ecdsa-p384']!, '-nodes', '-keyout', 'p384.key', '-sha512']],
  ['ed25519', [...NEWKEY.ed25519!, '-nodes', '-keyout', 'ed25519.key']],
  ['ed448', ['-newkey', 'ed448', '-nodes', '-keyout', 'ed448.key']],
  ['rsa with SHA-1', ['-key', 'rsa.key', '-sha1']],
  ['rsa-pss, salt 32, SHA-384', ['-key', 'rsa.key', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sha384']],
];

t.test('requests openssl made verify in the pool as inline, and not once a signature or a signed byte is changed', async (t) => {
  for (const [name, args] of made) {
    const der = derOf(w.openssl(['req', '-new', ...args, '-subj', '/CN=system:node:w1/O=system:nodes']));
    t.strictSame(await bothChecks(der), { before: false, inline: true, pooled: true }, `${name} as made`);
    t.strictSame(await bothChecks(changed(der, -1, (b) => b ^ 0x01)), { before: false, inline: false, pooled: false }, `${name}, a signature bit flipped`);
    const subject = der.indexOf('w1', 0, 'latin1');
    t.strictSame(await bothChecks(changed(der, subject + 1, () => 0x32)), { before: false, inline: false, pooled: false }, `${name}, signed for system:node:w2`);
  }
});

t.test('every way a check says no says no in the pool too', async (t) => {
  const p256 = derOf(w.openssl(['req', '-new', '-key', 'p256.key', '-subj', '/CN=system:node:w1/O=system:nodes']));
  const ed25519 = derOf(w.openssl(['req', '-new', '-key', 'ed25519.key', '-subj', '/CN=x']));
  // The signature's AlgorithmIdentifier is the last Ed25519 OID; the first is the key's own.
  const ed25519Oid = lastIndex(ed25519, [0x06, 0x03, 0x2b, 0x65, 0x70]);
  // ecdsa-with-SHA256 (1.2.840.10045.4.3.2), the signature's algorithm.
  const ecdsaSha256 = lastIndex(p256, [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
  // After it, the signature's BIT STRING (03, a one-byte length, no unused bits), then its ECDSA-Sig-Value SEQUENCE.
  const sigValue = ecdsaSha256 + 10 + 3;
  t.strictSame([p256[sigValue - 3], p256[sigValue - 1], p256[sigValue]], [0x03, 0x00, 0x30]);
  const cases: Array<[string, Buffer]> = [
    ['an Ed25519 key under an Ed448 signature', changed(ed25519, ed25519Oid + 4, () => 0x71)],
    ['an algorithm nobody knows (1.3.101.127)', changed(ed25519, ed25519Oid + 4, () => 0x7f)],
    ['ecdsa-with-SHA384 over a SHA-256 signature', changed(p256, ecdsaSha256 + 9, () => 0x03)],
    ['an ECDSA signature that is not a DER SEQUENCE', changed(p256, sigValue, () => 0x31)],
    // The key's named curve (prime256v1) made one OpenSSL does not know: node:crypto cannot load the key.
    ['a key that does not load', changed(p256, p256.indexOf(Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07])) + 7, () => 0x7f)],
  ];
  for (const [name, der] of cases) t.strictSame(await bothChecks(der), { before: false, inline: false, pooled: false }, name);
  t.equal(parseRequest(cases[4]![1]).publicKey.algorithm, 'unknown', 'the unloadable key is still described');

  // An RSASSA-PSS key restricted to SHA-256 and salts of 32 or more, under a signature whose parameters say salt 20:
  // OpenSSL refuses to set up the verification (the inline check throws, the pool's job answers with an error).
  w.openssl(['genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_pss_keygen_md:sha256', '-pkeyopt', 'rsa_pss_keygen_mgf1_md:sha256', '-pkeyopt', 'rsa_pss_keygen_saltlen:32', '-out', 'pss.key']);
  const pss = derOf(w.openssl(['req', '-new', '-key', 'pss.key', '-subj', '/CN=pss', '-sigopt', 'rsa_pss_saltlen:32', '-sha256']));
  t.strictSame(await bothChecks(pss), { before: false, inline: true, pooled: true }, 'a restricted RSASSA-PSS key as made');
  // [2] saltLength INTEGER 32, in the signature's parameters (the last); the key's own come first.
  const salt = lastIndex(pss, [0xa2, 0x03, 0x02, 0x01, 0x20]);
  t.ok(salt > pss.indexOf(Buffer.from([0xa2, 0x03, 0x02, 0x01, 0x20])), 'the signature\'s salt, not the key\'s');
  t.strictSame(await bothChecks(changed(pss, salt + 4, () => 20)), { before: false, inline: false, pooled: false }, 'a salt length the key forbids');
});

t.test('a check that cannot be run, or whose call throws, answers false', async (t) => {
  const der = derOf(w.openssl(['req', '-new', '-key', 'p256.key', '-subj', '/CN=x']));
  const { check } = parseRequestUnchecked(der);
  t.equal(await verifyInPool(check), true, 'the check as read');
  const cases: Array<[string, SignatureCheck]> = [
    ['no key', { ...check, key: null }],
    ['signed bytes that are not bytes (node:crypto throws before any job)', { ...check, data: 'x' as unknown as Buffer }],
    ['a signature that is not bytes', { ...check, signature: 1 as unknown as Buffer }],
    ['RSASSA-PSS parameters that do not parse', { ...check, algorithm: { oid: '1.2.840.113549.1.1.10', params: { tagClass: 0, type: 2, constructed: false, composed: false, value: '\x01' } } }],
  ];
  for (const [name, c] of cases) t.strictSame([verifySignature(c), await verifyInPool(c)], [false, false], name);
});
