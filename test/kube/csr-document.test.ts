// What the object decoder keeps: only the fields kubectl-csr reads, each of the right type; nothing else of the file
// reaches the printers, and YAML aliases cannot make a copy bigger than the file.
import t from 'tap';
import { parseCsrDocuments } from '../../src/kube/csr-document.js';

const head = 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\n';

t.test('known fields are copied, unknown ones dropped, unquoted timestamps written back as RFC 3339', async (t) => {
  const text = `${head}metadata:
  name: jane
  creationTimestamp: 2026-01-01T00:00:00Z
  labels: {team: a}
  annotations: {note: "${'x'.repeat(100)}"}
  managedFields: [{manager: kubectl}]
spec:
  request: cmVxdWVzdA==
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
  expirationSeconds: 600
  username: admin
  groups: [system:masters]
  extra: {scopes: [a]}
status:
  certificate: Y2VydA==
  conditions:
  - {type: Approved, status: "True", reason: R, lastUpdateTime: 2026-01-01T00:01:00Z, unknown: 1}
surprise: {nested: [1, 2, 3]}
`;
  t.strictSame(parseCsrDocuments(text), [{
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'jane', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      request: 'cmVxdWVzdA==',
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      expirationSeconds: 600,
      username: 'admin',
      groups: ['system:masters'],
    },
    status: {
      certificate: 'Y2VydA==',
      conditions: [{ type: 'Approved', status: 'True', reason: 'R', lastUpdateTime: '2026-01-01T00:01:00Z' }],
    },
  }]);
});

t.test('a v1beta1 object without a signer gets the one the API server gives it', async (t) => {
  const [csr] = parseCsrDocuments('apiVersion: certificates.k8s.io/v1beta1\nkind: CertificateSigningRequest\nspec: {request: cmVx}\n');
  t.equal(csr!.spec.signerName, 'kubernetes.io/legacy-unknown');
});

t.test('aliases are fine while the copy stays within the size of the file', async (t) => {
  const text = `${head}metadata: {name: a}\nspec:\n  request: &r cmVxdWVzdA==\n  signerName: s.io/x\n  username: *r\n`;
  t.equal(parseCsrDocuments(text)[0]!.spec.username, 'cmVxdWVzdA==');
  const bomb = `${head}metadata: {name: a}\nx: &x "${'y'.repeat(200)}"\nspec:\n  request: cmVx\n  signerName: s.io/x\n  groups: [*x, *x, *x, *x, *x]\n`;
  const refused = (() => {
    try {
      parseCsrDocuments(bomb);
    } catch (err) {
      return err as Error;
    }
  })();
  t.strictSame([refused?.name, refused?.message], ['DocumentError', 'uses YAML aliases that expand to more than the file holds']);
});
