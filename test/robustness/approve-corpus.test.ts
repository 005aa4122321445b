// `approve -f` and `deny -f` on the malformed-input corpus, through the built binary, with a kubeconfig whose server
// is 127.0.0.1:1: each bad file fails on its own, with its exact message, before anything is sent. The control rows
// show what reaching for the cluster looks like, so a case that got that far could not pass unnoticed.
import t from 'tap';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCase, unreachableKubeconfig } from './corpus-case.js';
import { writeGeneratedInputs } from './generated-inputs.js';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const SEEDS = fileURLToPath(new URL('./seeds/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-approve-corpus-'));
const generated = join(work, 'generated');
writeGeneratedInputs(generated);
mkdirSync(join(work, 'a-directory'));
const env = { KUBECONFIG: unreachableKubeconfig(work) };
const REFUSED = 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';

const NOT_YAML = 'not PEM, DER, base64, YAML or JSON';
const PEM_OR_DER = 'holds PEM or DER, not CertificateSigningRequest objects (what "kubectl get csr NAME -o yaml" writes)';
const EXPIRATION = 'has a spec.expirationSeconds that is not a whole number of seconds from 0 to 2147483647';

/** File (in the corpus, or generated), and the message after "error: FILE: ". */
const ROWS: Array<[file: string, message: string]> = [
  ['pem-bad-signature.csr', PEM_OR_DER],
  ['pem-crl.pem', PEM_OR_DER],
  ['der-random.der', PEM_OR_DER],
  ['b64-of-text.b64', 'is not PEM, DER, base64, or a YAML/JSON object'],
  ['binary-garbage.bin', `${NOT_YAML} (null byte is not allowed in input)`],
  ['yaml-billion-laughs.yaml', 'has a status.conditions[0] that is not an object'],
  ['yaml-alias-list-items.yaml', 'uses YAML aliases that expand to more than the file holds'],
  ['yaml-scalar-aliases.yaml', 'uses YAML aliases that expand to more than the file holds'],
  ['yaml-deep-nesting.yaml', `${NOT_YAML} (nesting exceeded maxDepth (100))`],
  ['yaml-unclosed.yaml', `${NOT_YAML} (unexpected end of the stream within a flow collection)`],
  ['yaml-duplicate-keys.yaml', `${NOT_YAML} (duplicated mapping key)`],
  ['yaml-unknown-tag.yaml', `${NOT_YAML} (unknown tag !<tag:yaml.org,2002:js/function>)`],
  ['json-truncated.json', `${NOT_YAML} (unexpected end of the stream within a double quoted scalar)`],
  ['utf16.yaml', `${NOT_YAML} (null byte is not allowed in input)`],
  ['yaml-secret.yaml', 'is a Secret, not a CertificateSigningRequest'],
  ['yaml-pod-list.yaml', 'is a Pod, not a CertificateSigningRequest'],
  ['yaml-kind-number.yaml', 'is an object whose kind is not a string, not a CertificateSigningRequest'],
  ['yaml-csr-v2.yaml', 'has apiVersion "certificates.k8s.io/v2"; expected certificates.k8s.io/v1'],
  ['yaml-csr-no-apiversion.yaml', 'has apiVersion null; expected certificates.k8s.io/v1'],
  ['yaml-empty-list.yaml', 'holds an empty List'],
  ['yaml-no-spec.yaml', 'has no spec'],
  ['yaml-no-signer.yaml', 'has no spec.signerName'],
  ['yaml-request-number.yaml', 'has a spec.request that is not a string'],
  ['yaml-expiration-negative.yaml', EXPIRATION],
  ['yaml-expiration-huge.yaml', EXPIRATION],
  ['yaml-usages-string.yaml', 'has a spec.usages that is not a list'],
  ['yaml-condition-without-type.yaml', 'has a status.conditions[0] without type and status'],
  ['yaml-no-name.yaml', 'has a CertificateSigningRequest without metadata.name'],
  ['yaml-name-not-string.yaml', 'has a metadata.name that is not a string'],
  ['yaml-name-slash.yaml', 'has metadata.name "a/b", which may not contain "/" or "%"'],
  ['yaml-name-dot-dot.yaml', 'has metadata.name "..", which may not be "." or ".."'],
  ['yaml-name-300-characters.yaml', `has metadata.name "${'n'.repeat(300)}", which is 300 characters long, more than 253`],
  ['json-name-nul.json', 'has metadata.name "a\\u0000b", which may not contain control characters'],
  ['yaml-name-escape-sequence.yaml', 'has metadata.name "jane\\u001b[2K\\rroot", which may not contain control characters'],
  ['nine-mib.yaml', 'larger than 8 MiB'],
  ['seven-mib-of-configmaps.yaml', 'is a ConfigMap, not a CertificateSigningRequest'],
];

for (const which of ['approve', 'deny']) {
  t.test(`${which} -f fails on a bad file before it connects`, async (t) => {
    for (const [file, message] of ROWS) {
      const cwd = file.startsWith('nine-mib') || file.startsWith('seven-mib') ? generated : CORPUS;
      await checkCase(t, `${which} ${file}`, { args: [which, '-f', file], code: 1, stderr: `error: ${file}: ${message}\n` }, { cwd, env });
    }
  });
}

t.test('a file with no object in it: No resources found, as kubectl says, and nothing is sent', async (t) => {
  for (const which of ['approve', 'deny']) {
    await checkCase(t, `${which} yaml-only-comments.yaml`, { args: [which, '-f', 'yaml-only-comments.yaml'], code: 0, stderr: 'No resources found\n' }, { cwd: CORPUS, env });
  }
});

t.test('a bad file fails the command even after good ones, and stops there', async (t) => {
  const good = join(SEEDS, 'csr-issued.yaml');
  await checkCase(t, 'good then bad', { args: ['approve', '-f', good, '-f', 'yaml-name-slash.yaml'], code: 1, stderr: 'error: yaml-name-slash.yaml: has metadata.name "a/b", which may not contain "/" or "%"\n' }, { cwd: CORPUS, env });
});

t.test('names given as arguments are checked the same way, by every command (exit 2: usage)', async (t) => {
  const cases: Array<[name: string, stderr: string]> = [
    ['a/b', 'error: "a/b" is not a CertificateSigningRequest: "a" is another type of resource (use NAME, csr/NAME or certificatesigningrequest/NAME)\n'],
    ['csr/a%b', 'error: invalid CSR name "csr/a%b": it may not contain "/" or "%"\n'],
    ['..', 'error: invalid CSR name "..": it may not be "." or ".."\n'],
    ['x'.repeat(300), `error: invalid CSR name "${'x'.repeat(300)}": it is 300 characters long, more than 253\n`],
    ['a\nb', 'error: invalid CSR name "a\\nb": it may not contain control characters\n'],
    ['jane\x1b[31m', 'error: invalid CSR name "jane\\u001b[31m": it may not contain control characters\n'],
  ];
  for (const [name, stderr] of cases) await checkCase(t, JSON.stringify(name), { args: ['approve', 'ok', name], code: 2, stderr }, { cwd: work, env });
  // The other commands that take names, too: fetch would otherwise write NAME.crt outside this directory.
  for (const args of [['deny', '../x'], ['fetch', '../x'], ['inspect', 'ok', '../x']]) {
    await checkCase(t, args.join(' '), { args, code: 2, stderr: 'error: "../x" is not a CertificateSigningRequest: ".." is another type of resource (use NAME, csr/NAME or certificatesigningrequest/NAME)\n' }, { cwd: work, env });
  }
});

t.test('what is not a file, and standard input', async (t) => {
  const cases: Array<[name: string, args: string[], stderr: string, input?: Buffer]> = [
    ['missing', ['approve', '-f', 'no-such.yaml'], 'error: no-such.yaml: no such file\n'],
    ['directory', ['approve', '-f', 'a-directory'], 'error: a-directory: is a directory\n'],
    ['an endless device', ['deny', '-f', '/dev/zero'], 'error: /dev/zero: is a character device, not a file\n'],
    ['9 MiB on stdin', ['approve', '-f', '-'], 'error: <stdin>: larger than 8 MiB\n', Buffer.alloc(9 * 1024 * 1024, 0x41)],
    ['aliases on stdin', ['approve', '-f', '-'], 'error: <stdin>: uses YAML aliases that expand to more than the file holds\n', readFileSync(join(CORPUS, 'yaml-alias-list-items.yaml'))],
  ];
  for (const [name, args, stderr, input] of cases) await checkCase(t, name, { args, code: 1, stderr, input }, { cwd: work, env });
});

t.test('control: only names are read from a file, so these pass and the command reaches for the cluster', async (t) => {
  // approve acts on the object in the cluster, by name; the file's spec.request is not what gets approved.
  // The server cannot be reached: a fault, exit 8, and the line names the CSR that was not decided (issue 27).
  for (const [file, name] of [['yaml-request-not-base64.yaml', 'm'], ['yaml-billion-laughs-unknown-field.yaml', 'lol']] as const) {
    await checkCase(t, file, { args: ['approve', '-f', file], code: 8, stderr: `error: "${name}" not approved: ${REFUSED.slice('error: '.length)}` }, { cwd: CORPUS, env });
  }
  await checkCase(t, 'no kubeconfig', { args: ['approve', '-f', join(SEEDS, 'csr-list.json')], code: 1, stderr: 'error: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n' }, { cwd: work, env: { KUBECONFIG: join(work, 'none') } });
});
