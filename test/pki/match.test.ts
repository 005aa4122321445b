import t from 'tap';
import { JANE_SUBJECT, makeCaAndLeaf, workdir } from '../fixtures/pki/openssl.js';
import { parseCertificates } from '../../src/pki/certificate.js';
import { certificateMatchesKey, certificateMatchesRequest, sameKey } from '../../src/pki/match.js';
import { publicKeyOfPrivateKey } from '../../src/pki/public-key.js';
import { parseRequestPem } from '../fixtures/pki/parse-request-pem.js';

const w = workdir(t);
makeCaAndLeaf(w);
const [leaf] = parseCertificates(w.read('leaf.crt'));
const [ca] = parseCertificates(w.read('ca.crt'));

t.test('a certificate matches the request it was issued for, and no other', async (t) => {
  const request = parseRequestPem(w.read('leaf.csr'));
  t.equal(certificateMatchesRequest(leaf!, request), true);
  t.equal(certificateMatchesRequest(ca!, request), false);
  const sameSubjectOtherKey = parseRequestPem(
    w.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other.key',
      '-subj', JANE_SUBJECT]),
  );
  t.equal(certificateMatchesRequest(leaf!, sameSubjectOtherKey), false);
});

t.test('a certificate matches its private key, and no other', async (t) => {
  t.equal(certificateMatchesKey(leaf!, publicKeyOfPrivateKey(w.read('leaf.key'))), true);
  t.equal(certificateMatchesKey(leaf!, publicKeyOfPrivateKey(w.read('ca.key'))), false);
  t.equal(certificateMatchesKey(ca!, publicKeyOfPrivateKey(w.read('ca.key'))), true);
  t.equal(sameKey(leaf!.publicKey, ca!.publicKey), false);
  t.equal(sameKey(ca!.publicKey, ca!.publicKey), true);
});
