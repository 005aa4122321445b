// After issuance the certificate must be for the identity requested (issue 21), read the same Go way; exit code 7.
import t from 'tap';
import { createPrivateKey } from 'node:crypto';
import { createRequest } from '../../src/pki/create-request.js';
import { ExitCode } from '../../src/errors.js';
import { checkIssuedIdentity, IdentityMismatchError, sameIdentity } from '../../src/commands/shared/issued-identity.js';
import type { Csr } from '../../src/kube/csr.js';
import type { DistinguishedName } from '../../src/pki/types.js';
import { makeTestCa, signClientCertificate } from '../fixtures/pki/sign-certificate.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';

const ca = makeTestCa('issued-identity-ca', rsaKeyPem('rsa-2048-1'));
const keyPem = rsaKeyPem('rsa-2048-2');

function csrFor(requested: { cn: string; o: string[] }, issued: { cn: string; o: string[] }): Csr {
  const request = createRequest({ key: createPrivateKey(keyPem), commonName: requested.cn, organizations: requested.o, dns: [], ip: [] });
  const now = Date.now();
  const cert = signClientCertificate({ ...ca, keyPem, commonName: issued.cn, organizations: issued.o, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000) });
  return {
    metadata: { name: 'jane' },
    spec: { request: Buffer.from(request).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
    status: { certificate: Buffer.from(cert.certificatePem).toString('base64') },
  };
}

t.test('the same identity passes, groups in any order', async (t) => {
  t.doesNotThrow(() => checkIssuedIdentity(csrFor({ cn: 'jane', o: ['dev', 'ops'] }, { cn: 'jane', o: ['ops', 'dev'] })));
});

t.test('another CN or other groups: exit 7, both identities named', async (t) => {
  const err = (() => {
    try {
      checkIssuedIdentity(csrFor({ cn: 'jane', o: ['dev'] }, { cn: 'system:kube-controller-manager', o: ['dev'] }));
    } catch (e) {
      return e;
    }
  })();
  t.ok(err instanceof IdentityMismatchError);
  t.equal((err as IdentityMismatchError).exitCode, ExitCode.identityMismatch);
  t.equal((err as Error).message, 'the certificate issued for "jane" is for CN=system:kube-controller-manager,O=dev, not the CN=jane,O=dev that was requested: do not use it');
  t.throws(() => checkIssuedIdentity(csrFor({ cn: 'jane', o: ['dev'] }, { cn: 'jane', o: ['dev', 'system:nodes'] })), IdentityMismatchError);
});

t.test('a UID: the kubernetes.io/ signers drop it, any other must keep it', async (t) => {
  const name = (uid: string | null): DistinguishedName => ({ attributes: [], commonName: 'u', organizations: [], organizationalUnits: [], uid, problems: [], text: '', rawText: '' });
  t.ok(sameIdentity(name('x'), name(null), 'kubernetes.io/kube-apiserver-client'));
  t.notOk(sameIdentity(name('x'), name(null), 'example.com/signer'));
  t.notOk(sameIdentity(name('x'), name('y'), 'kubernetes.io/kube-apiserver-client'));
  t.ok(sameIdentity(name('x'), name('x'), 'example.com/signer'));
});
