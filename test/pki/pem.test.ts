import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { pemBlocks, toPem } from '../../src/pki/pem.js';

t.test('pemBlocks finds every block, with CRLF, indentation, headers and text around them', async (t) => {
  const text = [
    'Bag Attributes: as openssl pkcs12 writes them',
    '-----BEGIN CERTIFICATE-----\r',
    '  AQID\r',
    'BAU=\r',
    '-----END CERTIFICATE-----\r',
    'between',
    '-----BEGIN RSA PRIVATE KEY-----',
    'Proc-Type: 4,ENCRYPTED',
    'DEK-Info: AES-128-CBC,00',
    '',
    'BgcI',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n');
  t.strictSame(pemBlocks(text), [
    { label: 'CERTIFICATE', headers: [], der: Buffer.from([1, 2, 3, 4, 5]) },
    { label: 'RSA PRIVATE KEY', headers: ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00'], der: Buffer.from([6, 7, 8]) },
  ]);
  t.strictSame(pemBlocks('no pem here'), []);
});

t.test('pemBlocks refuses broken blocks', async (t) => {
  t.strictSame(caught(() => pemBlocks('-----BEGIN CERTIFICATE-----\nAQID\n')), {
    pkiError: true,
    message: 'PEM block "CERTIFICATE" has no END line (is the file cut short?)',
  });
  t.strictSame(caught(() => pemBlocks('-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----')), {
    pkiError: true,
    message: 'PEM block "CERTIFICATE" is not valid base64 (is it corrupt or cut short?)',
  });
  t.strictSame(caught(() => pemBlocks('-----BEGIN CERTIFICATE-----\nAQID\n-----END PUBLIC KEY-----')), {
    pkiError: true,
    message: 'PEM block "CERTIFICATE" has no END line (is the file cut short?)',
  });
});

t.test('toPem wraps at 64 characters and ends with a newline', async (t) => {
  const der = Buffer.alloc(100, 0xff);
  const base64 = der.toString('base64');
  t.equal(
    toPem('PUBLIC KEY', der),
    `-----BEGIN PUBLIC KEY-----\n${base64.slice(0, 64)}\n${base64.slice(64, 128)}\n${base64.slice(128)}\n-----END PUBLIC KEY-----\n`,
  );
  t.strictSame(pemBlocks(toPem('X', der)), [{ label: 'X', headers: [], der }]);
});
