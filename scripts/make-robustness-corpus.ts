// Writes the committed malformed-input corpus (test/robustness/corpus/) from the valid seeds (test/robustness/seeds/).
// Deterministic: the same seeds give the same bytes, so a re-run shows no diff. What is large (megabytes, 10 000
// SANs) or needs a private key is made at test time instead, by generated-inputs.ts.
//
//   node scripts/run-ts.mjs scripts/make-robustness-corpus.ts
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { Prng } from '../test/robustness/prng.js';

const here = fileURLToPath(new URL('../test/robustness/', import.meta.url));
const seeds = join(here, 'seeds');
const out = join(here, 'corpus');
const seed = (name: string): Buffer => readFileSync(join(seeds, name));

const { asn1 } = forge;
const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
const pemDers = (text: string): Buffer[] =>
  [...text.matchAll(/-----BEGIN [A-Z ]+-----([^-]+)-----END/g)].map((m) => Buffer.from(m[1]!, 'base64'));
const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64');
const fromDer = (der: Buffer) =>
  (asn1.fromDer as unknown as (b: forge.util.ByteBuffer, o: object) => forge.asn1.Asn1)(forge.util.createBuffer(der.toString('binary')), { decodeBitStrings: false });
const toDer = (node: forge.asn1.Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const children = (node: forge.asn1.Asn1): forge.asn1.Asn1[] => node.value as forge.asn1.Asn1[];
const randomBytes = (rng: Prng, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rng.below(256)));

const rsaPem = seed('request-rsa.pem').toString();
const ecDer = seed('request-ecdsa.der');
const edB64 = seed('request-ed25519.b64').toString().trim();
const edPem = Buffer.from(edB64, 'base64').toString();
const [leafDer, caDer] = pemDers(seed('chain.pem').toString()) as [Buffer, Buffer];
const issuedYaml = seed('csr-issued.yaml').toString();
const listJson = seed('csr-list.json').toString();
const ecPemB64 = b64(pem('CERTIFICATE REQUEST', ecDer));
const rng = new Prng(20261128);

/** A CSR manifest with `spec` lines (indented by two) and optional extra top-level YAML. */
const manifest = (specLines: string, rest = '', head = 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: m\n'): string =>
  `${head}spec:\n${specLines}${rest}`;
const spec = (request = ecPemB64): string => `  request: ${request}\n  signerName: kubernetes.io/kube-apiserver-client\n  usages: [client auth]\n`;

/** The EC request with one element of its CertificationRequestInfo rewritten (the signature then fails, but later). */
function editedRequest(edit: (info: forge.asn1.Asn1[]) => void): Buffer {
  const request = fromDer(ecDer);
  edit(children(children(request)[0]!));
  return toDer(request);
}

/** The EC request's subjectAltName extension replaced by one holding `names`. */
function withSans(names: forge.asn1.Asn1[]): Buffer {
  return editedRequest((info) => {
    const extensions = children(children(children(children(info[3]!)[0]!)[1]!)[0]!);
    const san = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, names);
    extensions[0] = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('2.5.29.17').getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, asn1.toDer(san).getBytes()),
    ]);
  });
}

/** The certificate with the 13 characters of its notAfter UTCTime replaced. */
function withNotAfter(der: Buffer, time: string): Buffer {
  const text = der.toString('latin1');
  const [, notAfter] = [...text.matchAll(/\x17\x0d\d{12}Z/g)];
  return Buffer.from(text.slice(0, notAfter!.index + 2) + time + text.slice(notAfter!.index + 15), 'latin1');
}

const aliasBomb = (levels: number): string => {
  let text = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  return text;
};

const rsaLines = rsaPem.split('\n');
const files: Record<string, string | Buffer> = {
  // PEM
  'pem-no-end-line.csr': rsaLines.slice(0, 10).join('\n') + '\n',
  'pem-missing-body-lines.csr': [...rsaLines.slice(0, 5), ...rsaLines.slice(9)].join('\n'),
  'pem-bad-base64.csr': rsaPem.replace(/(\n[A-Za-z0-9+/]{20})[A-Za-z0-9+/]/, '$1*'),
  'pem-empty-body.csr': '-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n',
  'pem-random-der.csr': pem('CERTIFICATE REQUEST', Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), randomBytes(rng, 256)])),
  'pem-mismatched-end.csr': rsaPem.replace('-----END CERTIFICATE REQUEST-----', '-----END CERTIFICATE-----'),
  'pem-lowercase-label.csr': rsaPem.replaceAll('CERTIFICATE REQUEST', 'certificate request'),
  'pem-two-requests.csr': rsaPem + edPem,
  'pem-request-and-certificate.pem': rsaPem + pem('CERTIFICATE', leafDer),
  'pem-public-key.pem': pem('PUBLIC KEY', ecDer),
  'pem-pkcs7.p7b': pem('PKCS7', ecDer),
  'pem-crl.pem': pem('X509 CRL', ecDer),
  'pem-request-labelled-certificate.crt': pem('CERTIFICATE', ecDer),
  'pem-certificate-labelled-request.csr': pem('CERTIFICATE REQUEST', leafDer),
  'pem-truncated-certificate.crt': pem('CERTIFICATE', leafDer.subarray(0, leafDer.length - 10)),
  'pem-chain-second-corrupt.pem': pem('CERTIFICATE', leafDer) + pem('CERTIFICATE', Buffer.concat([caDer.subarray(0, 40), randomBytes(rng, 40)])),
  'pem-bad-signature.csr': pem('CERTIFICATE REQUEST', Buffer.concat([ecDer.subarray(0, -3), Buffer.from([ecDer.at(-3)! ^ 0xff]), ecDer.subarray(-2)])),
  'pem-begin-only.txt': 'some text\n-----BEGIN \nmore text\n',
  // DER
  'der-truncated.der': ecDer.subarray(0, ecDer.length >> 1),
  'der-one-byte.der': Buffer.from([0x30]),
  'der-trailing-garbage.der': Buffer.concat([ecDer, Buffer.from('junk')]),
  'der-length-overflow.der': Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), ecDer.subarray(4)]),
  'der-indefinite-length.der': Buffer.concat([Buffer.from([0x30, 0x80]), ecDer.subarray(4), Buffer.from([0, 0])]),
  'der-sequence-of-integers.der': Buffer.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]),
  'der-info-is-a-set.der': Buffer.concat([ecDer.subarray(0, 4), Buffer.from([0x31]), ecDer.subarray(5)]),
  'der-random.der': Buffer.concat([Buffer.from([0x30, 0x81, 0xc8]), randomBytes(rng, 200)]),
  'der-certificate-invalid-time.der': withNotAfter(leafDer, 'ABCDEFGHIJKLZ'),
  'der-universalstring-out-of-range.der': editedRequest((info) => {
    const cn = children(children(children(info[1]!)[0]!)[0]!);
    cn[1] = asn1.create(asn1.Class.UNIVERSAL, 28 as forge.asn1.Type, false, '\x00\x11\x00\x00'); // UniversalString
  }),
  'der-empty-oid.der': editedRequest((info) => {
    children(children(children(info[1]!)[0]!)[0]!)[0] = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, '');
  }),
  'der-san-ip-five-bytes.der': withSans([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, '\x0a\x00\x00\x01\x01')]),
  // base64
  'b64-cut-short.b64': edB64.slice(0, (edB64.length >> 3) * 4),
  'b64-length-mod-4.b64': 'AAAAA\n',
  'b64-of-text.b64': b64('hello, world\n'),
  'b64-double-encoded.b64': b64(edB64),
  'b64-with-junk.b64': `${edB64.slice(0, 40)}!${edB64.slice(40)}`,
  'digits.txt': '12345678\n',
  // YAML and JSON that attack the parser or the printers
  'yaml-billion-laughs.yaml': manifest(spec(), `status:\n  conditions: *a8\n`, `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: lol\n${aliasBomb(9)}`),
  'yaml-billion-laughs-unknown-field.yaml': manifest(spec(), `lol: *a8\n`, `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: lol\n${aliasBomb(9)}`),
  'yaml-alias-list-items.yaml': `apiVersion: v1\nkind: List\ncsr: &csr\n  apiVersion: certificates.k8s.io/v1\n  kind: CertificateSigningRequest\n  metadata: {name: x}\n  spec:\n    request: ${ecPemB64}\n    signerName: kubernetes.io/kube-apiserver-client\nitems: [${Array(50).fill('*csr').join(', ')}]\n`,
  'yaml-scalar-aliases.yaml': manifest(spec(), '', `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: s\nbig: &big "${'x'.repeat(1000)}"\n`).replace('  usages: [client auth]\n', `  usages: [${Array(1000).fill('*big').join(',')}]\n`),
  'yaml-deep-nesting.yaml': `${'['.repeat(200)}${']'.repeat(200)}\n`,
  'yaml-unclosed.yaml': 'apiVersion: certificates.k8s.io/v1\nkind: [CertificateSigningRequest\n',
  'yaml-duplicate-keys.yaml': manifest(spec()).replace('kind: CertificateSigningRequest\n', 'kind: CertificateSigningRequest\nkind: Secret\n'),
  'yaml-tab-indent.yaml': manifest(spec()).replace('  name: m', '\tname: m'),
  'yaml-unknown-tag.yaml': manifest(spec()).replace('name: m', 'name: !!js/function "function () {}"'),
  'json-truncated.json': listJson.slice(0, listJson.length >> 1),
  'yaml-secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ndata: {key: c2VjcmV0}\n',
  'yaml-pod-list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n',
  'yaml-kind-number.yaml': 'apiVersion: certificates.k8s.io/v1\nkind: 42\n',
  'yaml-csr-v2.yaml': manifest(spec()).replace('certificates.k8s.io/v1', 'certificates.k8s.io/v2'),
  'yaml-csr-no-apiversion.yaml': manifest(spec()).replace('apiVersion: certificates.k8s.io/v1\n', ''),
  'yaml-empty-list.yaml': 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequestList\nitems: []\n',
  'yaml-only-comments.yaml': '# nothing here\n---\n# nor here\n',
  'yaml-no-spec.yaml': 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: x}\n',
  'yaml-spec-is-a-string.yaml': 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: x}\nspec: request\n',
  'yaml-no-signer.yaml': manifest(spec().replace('  signerName: kubernetes.io/kube-apiserver-client\n', '')),
  'yaml-request-not-base64.yaml': manifest(spec('"!!!not base64"')),
  'yaml-request-holds-certificate.yaml': manifest(spec(b64(pem('CERTIFICATE', leafDer)))),
  'yaml-request-truncated.yaml': manifest(spec(edB64.slice(0, 200))),
  'yaml-request-number.yaml': manifest(spec('12345')),
  'yaml-certificate-garbage.yaml': manifest(spec(), `status:\n  certificate: ${b64('hello, world')}\n`),
  'yaml-certificate-holds-request.yaml': manifest(spec(), `status:\n  certificate: ${ecPemB64}\n`),
  'yaml-expiration-negative.yaml': manifest(spec() + '  expirationSeconds: -1\n'),
  'yaml-expiration-huge.yaml': manifest(spec() + '  expirationSeconds: 1e30\n'),
  'yaml-expiration-string.yaml': manifest(spec() + '  expirationSeconds: "86400"\n'),
  'yaml-usages-string.yaml': manifest(spec().replace('[client auth]', 'client auth')),
  'yaml-groups-numbers.yaml': manifest(spec() + '  groups: [1, 2]\n'),
  'yaml-name-not-string.yaml': manifest(spec()).replace('name: m', 'name: [a]'),
  'yaml-name-slash.yaml': manifest(spec()).replace('name: m', 'name: a/b'),
  'yaml-name-dot-dot.yaml': manifest(spec()).replace('name: m', 'name: ".."'),
  'yaml-name-300-characters.yaml': manifest(spec()).replace('name: m', `name: ${'n'.repeat(300)}`),
  'json-name-nul.json': JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'a\u0000b' }, spec: { request: ecPemB64, signerName: 'kubernetes.io/kube-apiserver-client' } }),
  'yaml-name-escape-sequence.yaml': manifest(spec()).replace('name: m', 'name: "jane\\e[2K\\rroot"'),
  'yaml-no-name.yaml': manifest(spec()).replace('metadata:\n  name: m\n', ''),
  'yaml-condition-not-object.yaml': manifest(spec(), 'status:\n  conditions: [42]\n'),
  'yaml-condition-without-type.yaml': manifest(spec(), 'status:\n  conditions: [{status: "True"}]\n'),
  'yaml-metadata-list.yaml': manifest(spec()).replace('metadata:\n  name: m\n', 'metadata: [m]\n'),
  'yaml-issued-wrong-kind.yaml': issuedYaml.replace('kind: CertificateSigningRequest', 'kind: CertificateSigningRequestx'),
  // Encodings and noise
  'utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifest(spec()), 'utf16le')]),
  'binary-garbage.bin': Buffer.concat([Buffer.from([0x00]), randomBytes(rng, 512)]),
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [name, content] of Object.entries(files)) writeFileSync(join(out, name), content);
console.log(`wrote ${Object.keys(files).length} files to ${out}`);
