// The cases of the Go differential test: adversarial subjects made systematically (every ASN.1 string type and a few
// that are not strings, for CN, O, UID and other attributes, with terminators, empty, control, invalid UTF-8/UTF-16
// and long values), in structures that matter (repeated and multi-valued attributes, empty RDNs, unknown and invalid
// OIDs, non-minimal lengths), then seeded random subjects; each a signed PKCS#10 request.
import { attribute, oidBytes, tlv } from '../fixtures/pki/der-name.js';
import { Prng } from '../robustness/prng.js';

export interface SubjectCase {
  name: string;
  rdns: Buffer[][];
  /** A whole Name's DER instead of rdns, for shapes derName does not make. */
  subject?: Buffer;
}

const CN = '2.5.4.3';
const O = '2.5.4.10';
const UID = '1.3.6.1.4.1.57683.2';
const OIDS = [CN, O, UID, '2.5.4.11', '2.5.4.6', '1.2.3.4', '0.9.2342.19200300.100.1.1', '2.999.4294967295'];

/** Universal tags: the six Go reads as strings, string types it skips, and values that are not strings at all. */
const TAGS = [0x0c, 0x12, 0x13, 0x14, 0x16, 0x1e, 0x15, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x17, 0x18, 0x80, 0xa0, 0x2c, 0x33];

const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16();
const utf32 = (s: string) => Buffer.concat([...s].map((c) => { const b = Buffer.alloc(4); b.writeUInt32BE(c.codePointAt(0)!); return b; }));

/** Contents worth trying in any type; BMP and UniversalString get UTF-16 and UTF-32 forms of the same text. */
const CONTENTS: [string, Buffer][] = [
  ['ascii', Buffer.from('system:masters')],
  ['empty', Buffer.alloc(0)],
  ['star-amp', Buffer.from('a*b&c')],
  ['underscore', Buffer.from('a_b')],
  ['digits', Buffer.from('12 34')],
  ['nul-end', Buffer.from('admins\0')],
  ['newline', Buffer.from('a\nb')],
  ['latin1', Buffer.from('Köln', 'latin1')],
  ['utf8', Buffer.from('Jürgen 😀', 'utf8')],
  ['bom', Buffer.from('\ufeffbom', 'utf8')],
  ['invalid-utf8', Buffer.from([0x61, 0xc3, 0x28])],
  ['utf8-surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ['overlong', Buffer.from([0xc0, 0xaf])],
  ['bmp', utf16('rt-admins')],
  ['bmp-terminator', utf16('rt-admins\0')],
  ['bmp-two-terminators', utf16('rt\0\0')],
  ['bmp-only-terminator', utf16('\0')],
  ['bmp-inner-nul', utf16('a\0b')],
  ['bmp-surrogate-pair', utf16('😀')],
  ['bmp-nonchar', utf16('a\ufffe')],
  ['bmp-fdd0', utf16('\ufdd0')],
  ['odd', Buffer.from([0x00, 0x61, 0x00])],
  ['utf32', utf32('A😀')],
  ['utf32-big', Buffer.from([0x00, 0x11, 0x00, 0x00])],
  ['high-bytes', Buffer.from([0x80, 0xff, 0x9b])],
  ['long', Buffer.from('x'.repeat(5000))],
  ['long-bmp', utf16('y'.repeat(2100))],
];

const utf8 = (oid: string, value: string) => attribute(oid, 0x0c, Buffer.from(value));

function systematic(): SubjectCase[] {
  const cases: SubjectCase[] = [];
  for (const oid of OIDS) {
    for (const tag of TAGS) {
      for (const [label, content] of CONTENTS) {
        const value = attribute(oid, tag, content);
        const name = `${oid} tag 0x${tag.toString(16)} ${label}`;
        cases.push({ name, rdns: [[value]] });
        // The attack of issue 21: a value of this type after (or before) a UTF8String CN and O.
        cases.push({ name: `${name} after a CN`, rdns: [[utf8(CN, 'system:kube-controller-manager')], [utf8(O, 'system:nodes')], [value]] });
        cases.push({ name: `${name} before a CN`, rdns: [[value], [utf8(CN, 'jane')]] });
      }
    }
  }
  return cases;
}

function structures(): SubjectCase[] {
  const raw = (oid: Buffer, value: Buffer) => tlv(0x30, Buffer.concat([tlv(0x06, oid), value]));
  const str = tlv(0x0c, Buffer.from('x'));
  return [
    { name: 'empty name', rdns: [] },
    { name: 'empty RDN', rdns: [[]] },
    { name: 'empty RDN between', rdns: [[utf8(CN, 'a')], [], [utf8(O, 'g')]] },
    { name: 'two CNs', rdns: [[utf8(CN, 'a')], [utf8(CN, 'b')]] },
    { name: 'two CNs, one RDN', rdns: [[utf8(CN, 'a'), utf8(CN, 'b')]] },
    { name: 'multi-valued O and CN', rdns: [[utf8(O, 'g1'), utf8(CN, 'u'), utf8(O, 'g2')], [utf8(O, 'g3')]] },
    { name: 'repeated O', rdns: [[utf8(O, 'g')], [utf8(O, 'g')], [utf8(O, '')]] },
    { name: 'one UID', rdns: [[utf8(CN, 'u')], [utf8(UID, 'uid-1')]] },
    { name: 'two UIDs', rdns: [[utf8(CN, 'u')], [utf8(UID, 'a')], [utf8(UID, 'b')]] },
    { name: 'two equal UIDs', rdns: [[utf8(UID, 'a'), utf8(UID, 'a')]] },
    { name: 'empty UID', rdns: [[utf8(CN, 'u')], [utf8(UID, '')]] },
    { name: 'empty CN', rdns: [[utf8(CN, '')]] },
    { name: 'CN then empty CN', rdns: [[utf8(CN, 'admin')], [utf8(CN, '')]] },
    { name: 'OID with a leading 0x80', rdns: [[raw(Buffer.from([0x55, 0x80, 0x04]), str)]] },
    { name: 'empty OID', rdns: [[raw(Buffer.alloc(0), str)]] },
    { name: 'OID arc of 2^31', rdns: [[raw(Buffer.concat([Buffer.from([0x2a]), oidBytes('1.2.2147483648').subarray(1)]), str)]] },
    { name: 'OID arc of 2^31-1', rdns: [[raw(Buffer.concat([Buffer.from([0x2a]), oidBytes('1.2.2147483647').subarray(1)]), str)]] },
    { name: 'OID of six-byte arc', rdns: [[raw(Buffer.from([0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x01]), str)]] },
    { name: 'unfinished OID', rdns: [[raw(Buffer.from([0x55, 0x04, 0x83]), str)]] },
    { name: 'CN OID 2.5.4.3.0', rdns: [[raw(Buffer.from([0x55, 0x04, 0x03, 0x00]), str)]] },
    { name: 'non-minimal length in a value', rdns: [[raw(oidBytes(CN), Buffer.from([0x0c, 0x81, 0x01, 0x61]))]] },
    { name: 'length with a leading zero', rdns: [[raw(oidBytes(CN), Buffer.from([0x0c, 0x82, 0x00, 0x81, ...Buffer.alloc(0x81, 0x61)]))]] },
    { name: 'long-form length of 128', rdns: [[raw(oidBytes(CN), Buffer.from([0x0c, 0x81, 0x80, ...Buffer.alloc(0x80, 0x61)]))]] },
    { name: 'attribute without value', rdns: [[tlv(0x30, tlv(0x06, oidBytes(CN)))]] },
    { name: 'attribute with a third element', rdns: [[tlv(0x30, Buffer.concat([tlv(0x06, oidBytes(CN)), str, str]))]] },
    { name: 'empty attribute', rdns: [[tlv(0x30, Buffer.alloc(0))]] },
    { name: 'multi-byte tag 31', rdns: [[raw(oidBytes(CN), Buffer.from([0x1f, 0x1f, 0x01, 0x61]))]] },
    { name: 'non-minimal multi-byte tag', rdns: [[raw(oidBytes(CN), Buffer.from([0x1f, 0x0c, 0x01, 0x61]))]] },
    { name: 'multi-byte tag 0x80 0x1f', rdns: [[raw(oidBytes(CN), Buffer.from([0x1f, 0x80, 0x1f, 0x01, 0x61]))]] },
    { name: 'value a SEQUENCE', rdns: [[raw(oidBytes(CN), tlv(0x30, str))]] },
    { name: 'RDN a SEQUENCE', rdns: [], subject: tlv(0x30, tlv(0x30, utf8(CN, 'a'))) },
    { name: 'name a SET', rdns: [], subject: tlv(0x31, tlv(0x31, utf8(CN, 'a'))) },
    { name: 'name of a non-minimal length', rdns: [], subject: Buffer.concat([Buffer.from([0x30, 0x81, 0x0e]), tlv(0x31, utf8(CN, 'a'))]) },
  ];
}

const RANDOM_TAGS = [0x0c, 0x0c, 0x0c, 0x13, 0x13, 0x14, 0x16, 0x12, 0x1e, 0x1e, 0x1a, 0x19, 0x1b, 0x1c, 0x02];
const RANDOM_OIDS = [CN, CN, O, O, O, UID, '2.5.4.11', '2.5.4.6', '1.2.3.4'];

/** A random subject from the pools above, replayable from `seed` and its index. */
function random(seed: number, index: number): SubjectCase {
  const prng = Prng.forCase(seed, index);
  const rdns: Buffer[][] = [];
  for (let r = prng.below(6); r >= 0; r--) {
    const rdn: Buffer[] = [];
    for (let a = prng.below(3); a >= 0; a--) {
      const [, content] = prng.pick(CONTENTS.filter(([label]) => !label.startsWith('long')));
      const text = prng.below(3) === 0 ? content : Buffer.from(prng.pick(['admin', 'system:nodes', 'g', '', 'x y', 'a\0']));
      const tag = prng.pick(RANDOM_TAGS);
      rdn.push(attribute(prng.pick(RANDOM_OIDS), tag, tag === 0x1e && prng.below(2) === 0 ? utf16(text.toString('latin1')) : text));
    }
    rdns.push(rdn);
  }
  return { name: `random ${seed}/${index}`, rdns };
}

export function subjectCases(seed: number, randomCount: number): SubjectCase[] {
  return [...systematic(), ...structures(), ...Array.from({ length: randomCount }, (_, i) => random(seed, i))];
}

