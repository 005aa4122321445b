import t from 'tap';
import { ipFromBytes, ipToBytes } from '../../src/pki/ip.js';

// RFC 5952 section 4 and 5 examples, and the edges of the zero-run rule.
const CANONICAL: Array<[string, string]> = [
  ['10.0.0.1', '0a000001'],
  ['0.0.0.0', '00000000'],
  ['::', '00000000000000000000000000000000'],
  ['::1', '00000000000000000000000000000001'],
  ['2001:db8::1', '20010db8000000000000000000000001'],
  ['2001:db8::1:0:0:1', '20010db8000000000001000000000001'],
  ['2001:0:0:1::1', '20010000000000010000000000000001'],
  ['2001:db8:0:1:1:1:1:1', '20010db8000000010001000100010001'],
  ['fe80::', 'fe800000000000000000000000000000'],
  ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:1', '20010db8aaaabbbbccccddddeeee0001'],
  ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
];

for (const [text, hex] of CANONICAL) {
  t.equal(ipFromBytes(Buffer.from(hex, 'hex')), text, `${hex} prints as ${text}`);
  t.equal(ipToBytes(text)?.toString('hex'), hex, `${text} parses`);
}

const SPELLINGS: Array<[string, string]> = [
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['::ffff:c000:201', '::ffff:192.0.2.1'],
  ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
];
for (const [spelling, canonical] of SPELLINGS) t.equal(ipFromBytes(ipToBytes(spelling)!), canonical, spelling);

for (const bad of ['', '10.0.0', '10.0.0.256', '2001:db8:::1', 'fe80::1%eth0', 'example.com', '1::2::3']) {
  t.equal(ipToBytes(bad), null, `"${bad}" is refused`);
}
t.equal(ipFromBytes(Buffer.alloc(5)), null, '5 bytes is no address');
t.equal(ipFromBytes(Buffer.alloc(8)), null, '8 bytes (an address and mask, as in name constraints) is no address');
