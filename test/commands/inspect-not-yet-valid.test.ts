// inspect -f CERT of a certificate whose notBefore is still to come: flagged, in describe, -o json and on stderr, and
// never shown as "expires in 4y" as if it were valid now (issue 27).
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-inspect-future-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const ca = makeTestCa(undefined, rsaKeyPem('rsa-2048-5'));
const future = signClientCertificate({ ...ca, keyPem: rsaKeyPem('rsa-2048-1'), commonName: 'later', notBefore: new Date('2030-06-01T12:00:00Z'), notAfter: new Date('2031-06-01T12:00:00Z') });
const file = join(dir, 'later.crt');
writeFileSync(file, future.certificatePem);

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, readStdin: async () => Buffer.alloc(0), env: {}, cwd: dir };
  const code = await main(argv, io, () => NOW);
  return { code, stdout, stderr };
}

t.test('describe and the warning say it is not valid yet, and for how long', async (t) => {
  const res = await run(['inspect', '-f', file]);
  t.equal(res.code, 0);
  t.match(res.stdout, /\n {2}Not before: +Jun 01, 2030 12:00 UTC \(NOT YET VALID: not valid for another 4y1d\)\n {2}Not after: +Jun 01, 2031 12:00 UTC\n/);
  t.notMatch(res.stdout, /expires in/);
  t.equal(res.stderr, 'warning: certificate CN=later is NOT VALID YET: not valid until Jun 01, 2030 12:00 UTC (in 4y1d)\n');
});

t.test('-o json carries notYetValid', async (t) => {
  const res = await run(['inspect', '-f', file, '-o', 'json']);
  const cert = JSON.parse(res.stdout).certificates[0];
  t.same([cert.notYetValid, cert.expired, cert.validity], [true, false, "not valid for another 4y1d"]);
});
