// `request` on bad keys (--key), names, durations and absurd contents, through the built binary, with a kubeconfig
// whose server is 127.0.0.1:1: each fails on its input, with its exact message and exit code, before anything is
// sent and before any file is written.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCase, unreachableKubeconfig } from './corpus-case.js';
import { writeGeneratedKeys } from './generated-inputs.js';

const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-request-corpus-'));
const keys = join(work, 'keys');
writeGeneratedKeys(keys);
const env = { KUBECONFIG: unreachableKubeconfig(work) };
const REFUSED = 'error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
const UNSUPPORTED = 'use RSA, ECDSA P-256 or P-384, or Ed25519';

/** Key file (made by generated-inputs.ts) and the message after "error: FILE: ". */
const KEYS: Array<[file: string, message: string]> = [
  ['encrypted-pkcs8.key', 'private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out plain-key.pem'],
  ['encrypted-pkcs1.key', 'private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out plain-key.pem'],
  ['truncated.key', 'not a PEM private key: PEM block "RSA PRIVATE KEY" has no END line (is the file cut short?)'],
  ['corrupt-base64.key', 'not a PEM private key: PEM block "EC PRIVATE KEY" is not valid base64 (is it corrupt or cut short?)'],
  ['garbage-der.key', 'cannot read PRIVATE KEY: the key data is malformed'],
  ['ec-labelled-rsa.key', 'cannot read RSA PRIVATE KEY: it holds an ec key, not an rsa key'],
  ['der.key', 'not a PEM private key: no "-----BEGIN ... PRIVATE KEY-----" line found'],
  ['empty.key', 'not a PEM private key: no "-----BEGIN ... PRIVATE KEY-----" line found'],
  ['openssh.key', 'unsupported private key format "OPENSSH PRIVATE KEY"; expected RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY'],
  ['public.key', 'not a PEM private key: found PEM "PUBLIC KEY" instead'],
  ['certificate.key', 'not a PEM private key: found PEM "CERTIFICATE", "CERTIFICATE" instead'],
  ['request.key', 'not a PEM private key: found PEM "CERTIFICATE REQUEST" instead'],
  ['ed448.key', `unsupported key type ed448; ${UNSUPPORTED}`],
  ['secp256k1.key', `unsupported key type ec (curve secp256k1); ${UNSUPPORTED}`],
  ['x25519.key', `unsupported key type x25519; ${UNSUPPORTED}`],
  ['dsa.key', `unsupported key type dsa; ${UNSUPPORTED}`],
  ['nine-mib.key', 'larger than 8 MiB'],
  ['a-directory.key', 'is a directory'],
];

t.test('request --key refuses a bad key before it connects, and writes nothing', async (t) => {
  t.strictSame(readdirSync(keys).sort(), KEYS.map(([file]) => file).sort(), 'a row for every generated key');
  for (const [file, message] of KEYS) {
    await checkCase(t, file, { args: ['request', 'jane', '--key', file], code: 1, stderr: `error: ${file}: ${message}\n` }, { cwd: keys, env });
  }
  await checkCase(t, 'missing', { args: ['request', 'jane', '--key', 'no-such.key'], code: 1, stderr: 'error: no-such.key: no such file\n' }, { cwd: keys, env });
  await checkCase(t, '/dev/zero', { args: ['request', 'jane', '--key', '/dev/zero'], code: 1, stderr: 'error: /dev/zero: is a character device, not a file\n' }, { cwd: keys, env });
  t.strictSame(readdirSync(keys).sort(), KEYS.map(([file]) => file).sort(), 'no file was written');
});

const x64k = 'x'.repeat(64 * 1024);
const manyDns = Array.from({ length: 1001 }, (_, i) => [`--dns`, `h${i}.example.com`]).flat();

/** Arguments after `request` and the whole of stderr; all exit 2 (usage). */
const USAGE: Array<[args: string[], stderr: string]> = [
  [['a/b'], 'error: invalid CSR name "a/b": it may not contain "/" or "%"\n'],
  [['..'], 'error: invalid CSR name "..": it may not be "." or ".."\n'],
  [['.'], 'error: invalid CSR name ".": it may not be "." or ".."\n'],
  [['50%'], 'error: invalid CSR name "50%": it may not contain "/" or "%"\n'],
  [['n'.repeat(300)], `error: invalid CSR name "${'n'.repeat(300)}": it is 300 characters long, more than 253\n`],
  [['a\nb'], 'error: invalid CSR name "a\\nb": it may not contain control characters\n'],
  [['jane\x1b]0;pwned\x07'], 'error: invalid CSR name "jane\\u001b]0;pwned\\u0007": it may not contain control characters\n'],
  [['jane', '--duration', '-5m'], 'error: invalid --duration "-5m": use a duration like 90s, 30m, 24h or 30d\n'],
  [['jane', '--duration=-5m'], 'error: invalid --duration "-5m": use a duration like 90s, 30m, 24h or 30d\n'],
  [['jane', '--duration', '99999999999h'], 'error: invalid --duration "99999999999h": use a duration like 90s, 30m, 24h or 30d\n'],
  [['jane', '--duration', '1e30h'], 'error: invalid --duration "1e30h": use a duration like 90s, 30m, 24h or 30d\n'],
  [['jane', '--duration', '100000d'], 'error: --duration 100000d is too long\n'],
  [['jane', '--duration', '5m'], "error: --duration 5m is less than the API server's minimum of 600 seconds (10 minutes)\n"],
  [['jane', '--duration', '0'], "error: --duration 0 is less than the API server's minimum of 600 seconds (10 minutes)\n"],
  [['jane', '--cn', x64k], 'error: the request has a CN of 65536 characters, more than the 4096 kubectl csr reads\n'],
  [['jane', ...manyDns], 'error: the request has 1001 subject alternative names, more than the 1000 kubectl csr reads\n'],
  [['jane', '--ip', '999.1.1.1'], 'error: --ip "999.1.1.1" is not an IPv4 or IPv6 address\n'],
  [['jane', '--key-type', 'rsa-1024'], 'error: Invalid values: Argument: key-type, Given: "rsa-1024", Choices: "rsa-2048", "rsa-3072", "rsa-4096", "ecdsa-p256", "ecdsa-p384", "ed25519"\n'],
  [['jane', '--key'], 'error: flag needs an argument: --key\n'],
];

t.test('request refuses bad names, durations and contents as usage errors (exit 2), before anything is made', async (t) => {
  for (const [args, stderr] of USAGE) {
    await checkCase(t, JSON.stringify(args).slice(0, 80), { args: ['request', ...args], code: 2, stderr }, { cwd: work, env });
  }
  t.strictSame(readdirSync(work).filter((f) => f.endsWith('.key')), [], 'no key was written');
});

t.test('control: a good key passes and the command reaches for the cluster', async (t) => {
  writeFileSync(join(work, 'good.key'), generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  await checkCase(t, 'a good key', { args: ['request', 'jane', '--key', '../good.key'], code: 1, stderr: REFUSED }, { cwd: keys, env });
});
