// The names a CSR argument may take, as kubectl reads TYPE/NAME (cli-runtime resource.Builder).
import t from 'tap';
import { csrNameFromArgument, ObjectNameError } from '../../src/kube/object-name.js';
import { ExitCode } from '../../src/errors.js';

t.test('every form kubectl takes for a CSR names the same CSR', async (t) => {
  for (const arg of [
    'jane',
    'csr/jane',
    'certificatesigningrequest/jane',
    'certificatesigningrequests/jane',
    'certificatesigningrequest.certificates.k8s.io/jane',
    'certificatesigningrequests.certificates.k8s.io/jane',
    'certificatesigningrequests.v1.certificates.k8s.io/jane',
    'csr.certificates.k8s.io/jane',
    'CSR/jane',
  ]) {
    t.equal(csrNameFromArgument(arg), 'jane', arg);
  }
});

t.test('another type, more than one slash, empty parts: errors that say so, exit 2', async (t) => {
  const cases: [string, RegExp][] = [
    ['pod/x', /^"pod\/x" is not a CertificateSigningRequest: "pod" is another type of resource/],
    ['certificatesigningrequests.v1beta1.certificates.k8s.io/x', /is not a CertificateSigningRequest/],
    ['csr.example.com/x', /is not a CertificateSigningRequest/],
    ['a/b/c', /^"a\/b\/c": arguments in resource\/name form may not have more than one slash$/],
    ['csr/', /must have a single resource and name$/],
    ['/x', /must have a single resource and name$/],
    ['csr/..', /^invalid CSR name "csr\/\.\.": it may not be "\." or "\.\."$/],
    ['', /^invalid CSR name "": it is empty$/],
  ];
  for (const [arg, message] of cases) {
    t.throws(() => csrNameFromArgument(arg), { message, name: 'ObjectNameError' }, arg);
  }
  const err = (() => {
    try {
      csrNameFromArgument('pod/x');
    } catch (e) {
      return e;
    }
  })();
  t.ok(err instanceof ObjectNameError);
  t.equal((err as ObjectNameError).exitCode, ExitCode.usage);
});
