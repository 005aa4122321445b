// `inspect -f` on the malformed-input corpus, through the built binary and without any kubeconfig: every case gives
// its exact exit code and its exact one-line message naming the file, quickly and in bounded memory.
import t from 'tap';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCase } from './corpus-case.js';
import { writeGeneratedInputs } from './generated-inputs.js';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-inspect-corpus-'));
const generated = join(work, 'generated');
writeGeneratedInputs(generated);
mkdirSync(join(work, 'a-directory'));
const env = { KUBECONFIG: join(work, 'no-such-kubeconfig') };

const NOT_YAML = 'not PEM, DER, base64, YAML or JSON';
const NOT_REQUEST = 'not a PKCS#10 certificate request';
const NOT_CERTIFICATE = 'not an X.509 certificate';
const NOT_OBJECT = 'is not PEM, DER, base64, or a YAML/JSON object';
const EXPIRATION = 'has a spec.expirationSeconds that is not a whole number of seconds from 0 to 2147483647';

/** File, exit code, the message after "error: FILE: " (null: none), what stdout shows (none: nothing), arguments. */
type Row = [file: string, code: 0 | 1, message: string | null, stdout?: RegExp, args?: string[]];

// test/robustness/corpus/, written by make-corpus.ts.
const COMMITTED: Row[] = [
  // PEM
  ['pem-no-end-line.csr', 1, 'PEM block "CERTIFICATE REQUEST" has no END line (is the file cut short?)'],
  ['pem-missing-body-lines.csr', 1, `${NOT_REQUEST}: malformed DER: too few bytes to read ASN.1 value`],
  ['pem-bad-base64.csr', 1, 'PEM block "CERTIFICATE REQUEST" is not valid base64 (is it corrupt or cut short?)'],
  ['pem-empty-body.csr', 1, 'PEM block "CERTIFICATE REQUEST" is not valid base64 (is it corrupt or cut short?)'],
  ['pem-random-der.csr', 1, `${NOT_REQUEST}: malformed DER: only 8, 16, 24, or 32 bits supported: 312`],
  ['pem-mismatched-end.csr', 1, 'PEM block "CERTIFICATE REQUEST" has no END line (is the file cut short?)'],
  ['pem-lowercase-label.csr', 1, 'holds no complete PEM block'],
  ['pem-begin-only.txt', 1, 'holds no complete PEM block'],
  ['pem-two-requests.csr', 1, 'holds 2 certificate requests; inspect reads one at a time'],
  ['pem-request-and-certificate.pem', 1, 'mixes certificate requests and certificates'],
  ['pem-public-key.pem', 1, 'holds a PEM block of type "PUBLIC KEY", not a CERTIFICATE REQUEST or CERTIFICATE'],
  ['pem-pkcs7.p7b', 1, 'holds a PEM block of type "PKCS7", not a CERTIFICATE REQUEST or CERTIFICATE'],
  ['pem-crl.pem', 1, 'holds a PEM block of type "X509 CRL", not a CERTIFICATE REQUEST or CERTIFICATE'],
  ['pem-request-labelled-certificate.crt', 1, `${NOT_CERTIFICATE}: TBSCertificate is incomplete`],
  // The DER decides, not the label: a certificate under a request's label is shown as the certificate it is.
  ['pem-certificate-labelled-request.csr', 0, null, /^Certificate:\n  Subject: +CN=bob, O=dev\n  Issuer: +CN=test-ca\n/],
  ['pem-truncated-certificate.crt', 1, `${NOT_CERTIFICATE}: malformed DER: too few bytes to read ASN.1 value`],
  ['pem-chain-second-corrupt.pem', 1, `${NOT_CERTIFICATE}: malformed DER: too few bytes to read ASN.1 value`],
  ['pem-bad-signature.csr', 1, "the request's self-signature does not verify", /\n  Signature: +INVALID: the self-signature does not verify\n/],
  // DER
  ['der-truncated.der', 1, `${NOT_REQUEST}: malformed DER: too few bytes to read ASN.1 value`],
  ['der-one-byte.der', 1, `${NOT_REQUEST}: malformed DER: too few bytes to parse DER`],
  ['der-trailing-garbage.der', 1, `${NOT_REQUEST}: malformed DER: unparsed DER bytes remain after ASN.1 parsing`],
  ['der-length-overflow.der', 1, `${NOT_REQUEST}: malformed DER: too few bytes to read ASN.1 value`],
  ['der-indefinite-length.der', 1, `${NOT_REQUEST}: indefinite-length (BER) encoding is not DER`],
  ['der-sequence-of-integers.der', 1, `${NOT_REQUEST}: CertificationRequestInfo is not a SEQUENCE`],
  ['der-info-is-a-set.der', 1, `${NOT_REQUEST}: CertificationRequestInfo is not a SEQUENCE`],
  ['der-random.der', 1, `${NOT_REQUEST}: malformed DER: only 8, 16, 24, or 32 bits supported: 208`],
  ['der-certificate-invalid-time.der', 1, `${NOT_CERTIFICATE}: notAfter is not a valid time`],
  // Go skips a UniversalString and refuses an empty OID: shown as the subject Go reads, the difference beside it.
  ['der-universalstring-out-of-range.der', 1, "the request's self-signature does not verify", /\n  Subject: +O=dev\n  Read differently: +CN UniversalString "\ufffd"; read generously: CN=\ufffd, O=dev\n/],
  ['der-empty-oid.der', 1, "the request's self-signature does not verify", /\n  Read differently: +subject attribute type: zero length OBJECT IDENTIFIER; read generously: #=bob, O=dev\n/],
  ['der-san-ip-five-bytes.der', 1, `${NOT_REQUEST}: subjectAltName extension: IP address of 5 bytes`],
  // base64
  ['b64-cut-short.b64', 1, 'base64 is cut short: the PEM inside has no END line (was it truncated when copied?)'],
  ['b64-length-mod-4.b64', 1, 'not valid base64'],
  ['b64-of-text.b64', 1, 'base64 decodes to neither PEM nor DER'],
  ['b64-double-encoded.b64', 1, 'base64 decodes to neither PEM nor DER'],
  ['b64-with-junk.b64', 1, NOT_OBJECT],
  ['digits.txt', 1, NOT_OBJECT],
  // YAML and JSON: hostile
  ['yaml-billion-laughs.yaml', 1, 'has a status.conditions[0] that is not an object'],
  ['yaml-billion-laughs-unknown-field.yaml', 0, null, /^\{\n  "kind": "CertificateSigningRequest",\n  "name": "lol",\n/, ['-o', 'json']],
  ['yaml-alias-list-items.yaml', 1, 'uses YAML aliases that expand to more than the file holds'],
  ['yaml-scalar-aliases.yaml', 1, 'uses YAML aliases that expand to more than the file holds'],
  ['yaml-deep-nesting.yaml', 1, `${NOT_YAML} (nesting exceeded maxDepth (100))`],
  ['yaml-unclosed.yaml', 1, `${NOT_YAML} (unexpected end of the stream within a flow collection)`],
  ['yaml-duplicate-keys.yaml', 1, `${NOT_YAML} (duplicated mapping key)`],
  ['yaml-tab-indent.yaml', 1, `${NOT_YAML} (tab characters must not be used in indentation)`],
  ['yaml-unknown-tag.yaml', 1, `${NOT_YAML} (unknown tag !<tag:yaml.org,2002:js/function>)`],
  ['json-truncated.json', 1, `${NOT_YAML} (unexpected end of the stream within a double quoted scalar)`],
  ['utf16.yaml', 1, `${NOT_YAML} (null byte is not allowed in input)`],
  ['binary-garbage.bin', 1, `${NOT_YAML} (null byte is not allowed in input)`],
  // YAML and JSON: the wrong object
  ['yaml-secret.yaml', 1, 'is a Secret, not a CertificateSigningRequest'],
  ['yaml-pod-list.yaml', 1, 'is a Pod, not a CertificateSigningRequest'],
  ['yaml-issued-wrong-kind.yaml', 1, 'is a CertificateSigningRequestx, not a CertificateSigningRequest'],
  ['yaml-kind-number.yaml', 1, 'is an object whose kind is not a string, not a CertificateSigningRequest'],
  ['yaml-csr-v2.yaml', 1, 'has apiVersion "certificates.k8s.io/v2"; expected certificates.k8s.io/v1'],
  ['yaml-csr-no-apiversion.yaml', 1, 'has apiVersion null; expected certificates.k8s.io/v1'],
  ['yaml-empty-list.yaml', 1, 'holds an empty List'],
  ['yaml-only-comments.yaml', 1, 'holds no object'],
  // YAML and JSON: a CSR with fields of the wrong shape
  ['yaml-no-spec.yaml', 1, 'has no spec'],
  ['yaml-spec-is-a-string.yaml', 1, 'has a spec that is not an object'],
  ['yaml-metadata-list.yaml', 1, 'has a metadata that is not an object'],
  ['yaml-no-signer.yaml', 1, 'has no spec.signerName'],
  ['yaml-request-number.yaml', 1, 'has a spec.request that is not a string'],
  ['yaml-request-not-base64.yaml', 1, 'spec.request: not valid base64'],
  ['yaml-request-holds-certificate.yaml', 1, 'spec.request holds certificates, not a CERTIFICATE REQUEST'],
  ['yaml-request-truncated.yaml', 1, 'spec.request: base64 is cut short: the PEM inside has no END line (was it truncated when copied?)'],
  ['yaml-certificate-garbage.yaml', 1, 'status.certificate: base64 decodes to neither PEM nor DER'],
  ['yaml-certificate-holds-request.yaml', 1, 'status.certificate holds no CERTIFICATE PEM block'],
  ['yaml-expiration-negative.yaml', 1, EXPIRATION],
  ['yaml-expiration-huge.yaml', 1, EXPIRATION],
  ['yaml-expiration-string.yaml', 1, EXPIRATION],
  ['yaml-usages-string.yaml', 1, 'has a spec.usages that is not a list'],
  ['yaml-groups-numbers.yaml', 1, 'has a spec.groups[0] that is not a string'],
  ['yaml-condition-not-object.yaml', 1, 'has a status.conditions[0] that is not an object'],
  ['yaml-condition-without-type.yaml', 1, 'has a status.conditions[0] without type and status'],
  // Names no CSR can have
  ['yaml-name-not-string.yaml', 1, 'has a metadata.name that is not a string'],
  ['yaml-name-slash.yaml', 1, 'has metadata.name "a/b", which may not contain "/" or "%"'],
  ['yaml-name-dot-dot.yaml', 1, 'has metadata.name "..", which may not be "." or ".."'],
  ['yaml-name-300-characters.yaml', 1, `has metadata.name "${'n'.repeat(300)}", which is 300 characters long, more than 253`],
  ['json-name-nul.json', 1, 'has metadata.name "a\\u0000b", which may not contain control characters'],
  ['yaml-name-escape-sequence.yaml', 1, 'has metadata.name "jane\\u001b[2K\\rroot", which may not contain control characters'],
  ['yaml-no-name.yaml', 0, null, /^Name: +<none>\n/],
];

// Made at test time by generated-inputs.ts: megabytes, absurd contents.
const GENERATED: Row[] = [
  ['ten-thousand-sans.csr', 1, 'has 10000 subject alternative names, more than the 1000 kubectl csr reads'],
  ['ten-thousand-sans.yaml', 1, 'spec.request: has 10000 subject alternative names, more than the 1000 kubectl csr reads'],
  ['sixty-four-kib-cn.csr', 1, 'has a subject CN of 65536 characters, more than the 4096 kubectl csr reads'],
  ['ten-thousand-groups.csr', 1, 'has 10001 subject attributes, more than the 1000 kubectl csr reads'],
  // Control characters from a request are shown escaped, never sent to the terminal.
  ['escape-sequences.csr', 0, null, /\n  Common name: +jane\\x1b\]0;owned\\x07\\nCommon name: admin\n  Organizations: +dev\\u202enimda\n/],
  // A critical extension we do not know is shown as such; whether to sign it is the approver's call.
  ['unknown-critical-extension.csr', 0, null, /\n  Extensions: +1\.3\.6\.1\.4\.1\.99999\.1 \(critical\)\n/],
  ['deep-nesting.der', 1, `${NOT_REQUEST}: malformed DER: ASN.1 parsing error: Max depth exceeded`],
  ['nine-mib.yaml', 1, 'larger than 8 MiB'],
  ['seven-mib-chain.pem', 1, 'has 7376 certificates, more than the 1000 kubectl csr reads'],
  ['seven-mib-of-configmaps.yaml', 1, 'is a ConfigMap, not a CertificateSigningRequest'],
  // Large but valid: unknown fields are not copied, so a 7 MiB annotation costs nothing.
  ['seven-mib-annotation.yaml', 0, null, /^Name: +big\n/],
  ['multi-mib-list.yaml', 0, null, /^\{\n  "kind": "List",\n  "items": \[\n    \{\n      "kind": "CertificateSigningRequest",\n      "name": "x",/, ['-o', 'json']],
];

t.test('every file in the committed corpus has a row, and every row a file', async (t) => {
  t.strictSame(readdirSync(CORPUS).sort(), COMMITTED.map(([file]) => file).sort());
  t.ok(COMMITTED.length + GENERATED.length >= 50, `${COMMITTED.length + GENERATED.length} inputs`);
});

for (const [set, dir, rows] of [['committed', CORPUS, COMMITTED], ['generated', generated, GENERATED]] as const) {
  t.test(`inspect -f on the ${set} corpus`, async (t) => {
    for (const [file, code, message, stdout, args = []] of rows) {
      const stderr = message === null ? '' : `error: ${file}: ${message}\n`;
      await checkCase(t, file, { args: ['inspect', '-f', file, ...args], code, stderr, stdout }, { cwd: dir, env });
    }
  });
}

t.test('what is not a file, and standard input', async (t) => {
  const cases: Array<[name: string, args: string[], stderr: string, input?: Buffer]> = [
    ['missing', ['inspect', '-f', 'no-such.csr'], 'error: no-such.csr: no such file\n'],
    ['directory', ['inspect', '-f', 'a-directory'], 'error: a-directory: is a directory\n'],
    ['an endless device', ['inspect', '-f', '/dev/zero'], 'error: /dev/zero: is a character device, not a file\n'],
    ['9 MiB on stdin', ['inspect', '-f', '-'], 'error: <stdin>: larger than 8 MiB\n', Buffer.alloc(9 * 1024 * 1024, 0x41)],
    ['aliases on stdin', ['inspect', '-f', '-'], 'error: <stdin>: uses YAML aliases that expand to more than the file holds\n', readFileSync(join(CORPUS, 'yaml-scalar-aliases.yaml'))],
  ];
  for (const [name, args, stderr, input] of cases) await checkCase(t, name, { args, code: 1, stderr, input }, { cwd: work, env });
});
