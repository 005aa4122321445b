// spec.request's base64: the one CERTIFICATE REQUEST block the API server keeps is cut out plainly (sniff.ts
// plainRequestDer, and from its base64 plainRequestBase64); it must give pemBlocks' bytes, and what pemBlocks refuses
// must still be refused in its words.
import t from 'tap';
import { isPemBase64, pemBlocks } from '../../src/pki/pem.js';
import { fromBase64, plainRequestBase64 } from '../../src/pki/sniff.js';
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

t.test('spec.request read from its base64 without the regular expressions: the bytes the general reading gives, or no answer', async (t) => {
  // The general reading: fromBase64's own test of the base64 (whitespace dropped), then pemBlocks on what it decodes.
  const general = (encoded: string): Buffer | string => {
    const compact = encoded.replace(/\s+/g, '');
    if (compact.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return 'not base64';
    try {
      const blocks = pemBlocks(Buffer.from(compact, 'base64').toString('latin1'));
      return blocks.length === 1 && blocks[0]!.label === 'CERTIFICATE REQUEST' ? blocks[0]!.der : `blocks ${blocks.map((b) => b.label).join(',')}`;
    } catch (err) {
      return (err as Error).message;
    }
  };
  const plain = b64(block(body));
  t.strictSame(plainRequestBase64(plain), der);
  t.strictSame(plainRequestBase64(b64(block(der.toString('base64')))), der, 'one long line');
  t.strictSame(plainRequestBase64(b64(block(der.toString('base64').match(/.{1,76}/g)!.join('\n')))), der, 'lines of 76');
  const cases: [string, string][] = [['plain', plain]];
  // every character of the base64 changed to a few others, and characters put in or taken out at a few places
  for (let i = 0; i < plain.length; i += 7) {
    for (const c of ['A', '/', '=', ' ', '\n', '-', '\u00e9']) cases.push([`${i} -> ${JSON.stringify(c)}`, plain.slice(0, i) + c + plain.slice(i + 1)]);
    cases.push([`${i} inserted`, `${plain.slice(0, i)}\n${plain.slice(i)}`], [`${i} dropped`, plain.slice(0, i) + plain.slice(i + 1)]);
  }
  // the PEM text changed: its lines, its padding, its last bits, what is around it
  const texts: [string, string][] = [
    ['CRLF', block(body, '\r\n')],
    ['no final newline', block(body).slice(0, -1)],
    ['text after', `${block(body)}x`],
    ['a blank line', block(`\n${body}`)],
    ['trailing bits', block(`${body.slice(0, -2)}B=`)],
    ['no padding', block(body.replace(/=+$/, ''))],
    ['a space in a line', block(`${body.slice(0, 5)} ${body.slice(5)}`)],
    ['a header', block(`Proc-Type: 4,ENCRYPTED\n${body}`)],
    ['another label', block(body).replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE')],
    ['empty', block('')],
    ['a newline only', block('\n')],
    ['two blocks', block(body) + block(body)],
  ];
  for (const [what, text] of texts) cases.push([what, b64(text)], [`${what}, unpadded base64`, b64(text).replace(/=+$/, '')]);
  let answered = 0;
  for (const [what, encoded] of cases) {
    const got = plainRequestBase64(encoded);
    if (got === null) continue;
    answered++;
    t.strictSame(general(encoded), got, what);
    t.ok(isPemBase64(encoded), what);
  }
  t.ok(answered > 1 && answered < cases.length / 2, `answered ${answered} of ${cases.length}`);
});
