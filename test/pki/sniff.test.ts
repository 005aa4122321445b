// spec.request's base64: the one CERTIFICATE REQUEST block the API server keeps is cut out plainly (sniff.ts
// plainRequestDer); it must give pemBlocks' bytes, and what pemBlocks refuses must still be refused in its words.
import t from 'tap';
import { pemBlocks } from '../../src/pki/pem.js';
import { fromBase64 } from '../../src/pki/sniff.js';
import { caught } from '../fixtures/pki/caught.js';

const der = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff));
der[0] = 0x30;
const body = der.toString('base64').match(/.{1,64}/g)!.join('\n');
const block = (lines: string, eol = '\n') => `-----BEGIN CERTIFICATE REQUEST-----${eol}${lines}${eol}-----END CERTIFICATE REQUEST-----${eol}`;
const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
const NOT_BASE64 = 'PEM block "CERTIFICATE REQUEST" is not valid base64 (is it corrupt or cut short?)';

t.test('the plain block and its variants read to the bytes pemBlocks reads', async (t) => {
  for (const text of [block(body), block(body, '\r\n'), block(`\n${body}\n`), `${block(body)}\n`, block(der.toString('base64'))]) {
    t.strictSame(fromBase64(b64(text)), { type: 'request', der: pemBlocks(text)[0]!.der });
    t.strictSame(pemBlocks(text)[0]!.der, der);
  }
});

t.test('what pemBlocks refuses in a block is refused in its words', async (t) => {
  const padded = `${body.slice(0, 10)}=${body.slice(11)}`;
  for (const lines of [padded, '\n\n', body.slice(0, -1), `${body}===`]) {
    t.strictSame(caught(() => fromBase64(b64(block(lines)))), { pkiError: true, message: NOT_BASE64 }, JSON.stringify(lines.slice(0, 12)));
  }
});
