// The one Name reader, against Go's rules (encoding/asn1 parseField, pkix FillFromRDNSequence, the API server's x509
// authenticator); test/go-identity/ checks the same against Go itself.
import t from 'tap';
import { caught } from '../fixtures/pki/caught.js';
import { derElementAt } from '../../src/pki/der-elements.js';
import { readName, readWholeName } from '../../src/pki/name.js';
import { readPlainName } from '../../src/pki/plain-name.js';
import { readGoName } from '../../src/pki/go-name.js';
import { attribute, derName, tlv } from '../fixtures/pki/der-name.js';
import { subjectCases } from '../go-identity/subjects.js';

const CN = '2.5.4.3';
const O = '2.5.4.10';
const UID = '1.3.6.1.4.1.57683.2';
const read = (der: Buffer, what = 'subject') => readName(der, derElementAt(der, 0, der.length), what);
const one = (...attributes: Buffer[]) => derName(attributes.map((a) => [a]));

t.test('every string type Go reads, and how', async (t) => {
  const decoded = read(one(
    attribute(CN, 0x0c, Buffer.from('Jürgen 😀', 'utf8')),
    attribute('2.5.4.6', 0x13, Buffer.from('DE')),
    attribute('2.5.4.7', 0x14, Buffer.from('Köln', 'latin1')), // T61String, read as Latin-1 as Go does
    attribute('1.2.840.113549.1.9.1', 0x16, Buffer.from('a@example.com')),
    attribute('2.5.4.5', 0x12, Buffer.from('12 34')),
    attribute(O, 0x1e, Buffer.from([0, 0x5a, 0, 0x6f, 0, 0xeb, 0x4e, 0x2d])), // BMPString "Zoë中"
  ));
  t.strictSame(decoded.attributes.map((a) => [a.type, a.value]), [
    ['CN', 'Jürgen 😀'], ['C', 'DE'], ['L', 'Köln'], ['emailAddress', 'a@example.com'], ['serialNumber', '12 34'], ['O', 'Zoë中'],
  ]);
  t.strictSame(decoded.problems, []);
  t.equal(decoded.rawText, decoded.text);
});

t.test('a string type Go skips: an earlier CN wins, and the name is marked', async (t) => {
  const decoded = read(one(
    attribute(CN, 0x0c, Buffer.from('system:kube-controller-manager')),
    attribute(CN, 0x1a, Buffer.from('harmless')), // VisibleString
  ));
  t.equal(decoded.commonName, 'system:kube-controller-manager');
  t.equal(decoded.text, 'CN=system:kube-controller-manager');
  t.equal(decoded.rawText, 'CN=system:kube-controller-manager, CN=harmless');
  t.strictSame(decoded.problems, [
    { kind: 'ignored-type', detail: 'CN VisibleString "harmless"' },
    { kind: 'multiple-cn', detail: '2 CN attributes; Go keeps only the last one it reads' },
  ]);
  for (const [tag, name] of [[0x19, 'GraphicString'], [0x1b, 'GeneralString'], [0x1c, 'UniversalString'], [0x02, 'INTEGER'], [0x15, 'VideotexString']] as const) {
    const d = read(one(attribute(CN, tag, Buffer.from([0, 0, 0, 0x41]))));
    t.equal(d.commonName, null, name);
    t.equal(d.problems[0]?.kind, 'ignored-type', name);
  }
});

t.test("BMPString: Go drops one terminator and refuses surrogates and noncharacters", async (t) => {
  const decoded = read(one(attribute(O, 0x1e, Buffer.from([0, 0x61, 0, 0x62, 0, 0]))));
  t.strictSame(decoded.organizations, ['ab']);
  t.equal(decoded.rawText, 'O=ab\\00');
  t.strictSame(decoded.problems, [{ kind: 'altered-value', detail: 'O BMPString ends in U+0000, which Go drops' }]);
  t.strictSame(read(one(attribute(O, 0x1e, Buffer.from([0xd8, 0x3d, 0xde, 0x00])))).problems, [{ kind: 'rejected-by-go', detail: 'O BMPString holds U+D83D' }]);
  t.strictSame(read(one(attribute(O, 0x1e, Buffer.from([0, 0x61, 0])))).problems, [{ kind: 'rejected-by-go', detail: 'O BMPString of an odd length' }]);
});

t.test('what Go refuses: invalid UTF-8, characters outside Printable, IA5 and Numeric, non-minimal DER', async (t) => {
  const kinds = (der: Buffer) => read(der).problems.map((p) => p.detail);
  t.strictSame(kinds(one(attribute(CN, 0x0c, Buffer.from([0x61, 0xff])))), ['CN UTF8String: invalid UTF-8 string']);
  t.strictSame(kinds(one(attribute(CN, 0x13, Buffer.from('a_b')))), ['CN PrintableString: PrintableString contains invalid character']);
  t.strictSame(kinds(one(attribute(CN, 0x13, Buffer.from('*&')))), [], 'Go allows * and & in PrintableString');
  t.strictSame(kinds(one(attribute(CN, 0x16, Buffer.from([0x80])))), ['CN IA5String: IA5String contains invalid character']);
  t.strictSame(kinds(one(attribute(CN, 0x12, Buffer.from('1a')))), ['CN NumericString: NumericString contains invalid character']);
  const longForm = derName([[tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x55, 4, 3])), Buffer.from([0x0c, 0x81, 0x01, 0x61])]))]]);
  t.strictSame(kinds(longForm), ['non-minimal length']);
  t.strictSame(kinds(derName([[tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x80, 0x01])), tlv(0x0c, Buffer.from('x'))]))]])), ['subject attribute type: integer is not minimally encoded']);
});

t.test('the last CN, every O in order, multi-valued RDNs walked in order, the UID', async (t) => {
  const utf8 = (oid: string, v: string) => attribute(oid, 0x0c, Buffer.from(v));
  const decoded = read(derName([[utf8(O, 'a'), utf8(CN, 'first')], [utf8(UID, 'u-1'), utf8(O, 'b')], [utf8(CN, 'last')]]));
  t.equal(decoded.commonName, 'last');
  t.strictSame(decoded.organizations, ['a', 'b']);
  t.equal(decoded.uid, 'u-1');
  t.equal(decoded.text, `O=a + CN=first, ${UID}=u-1 + O=b, CN=last`);
  t.strictSame(decoded.problems.map((p) => p.kind), ['multiple-cn']);
  t.strictSame(read(one(utf8(UID, 'a'), utf8(UID, 'b'))).problems.map((p) => p.detail), ['2 UID attributes: the API server refuses such a certificate']);
  t.strictSame(read(one(utf8(UID, ''))).problems.map((p) => p.kind), ['unusable-uid']);
  t.strictSame(read(one(utf8(CN, 'a\u0000b'), utf8(O, 'x\ny'))).problems.map((p) => p.kind), ['control-characters', 'control-characters']);
});

t.test('an empty name, and names that are not names', async (t) => {
  t.strictSame(read(derName([]), 'issuer'), {
    attributes: [], commonName: null, organizations: [], organizationalUnits: [], uid: null, problems: [], text: '', rawText: '',
  });
  t.strictSame(caught(() => read(tlv(0x30, tlv(0x30, Buffer.alloc(0))))), { pkiError: true, message: 'subject RDN has tag 0x30, not 0x31' });
  t.strictSame(caught(() => read(derName([[tlv(0x30, tlv(0x06, Buffer.from([0x55, 4, 3])))]]))), { pkiError: true, message: 'subject attribute value is missing' });
});

t.test('escaping in the one-line text (RFC 4514)', async (t) => {
  const values = ['a, b', '#x', ' lead', 'trail ', 'q"<>;+\\'];
  const decoded = read(one(...values.map((v) => attribute(O, 0x0c, Buffer.from(v)))));
  t.equal(decoded.text, 'O=a\\, b, O=\\#x, O=\\ lead, O=trail\\ , O=q\\"\\<\\>\\;\\+\\\\');
  t.strictSame(decoded.organizations, values);
});

t.test('list reads names with the same reader, without OIDs', async (t) => {
  const der = one(attribute(CN, 0x1a, Buffer.from('v')), attribute('2.5.4.11', 0x1a, Buffer.from('w')));
  t.strictSame(readGoName(der, derElementAt(der, 0, der.length), 'subject', false).problems.map((p) => p.detail), ['CN VisibleString "v"', 'attribute VisibleString "w"']);
});

t.test('a common Name read in one pass (plain-name.ts) gives what the whole reading gives, on every subject of the Go differential test', async (t) => {
  const outcome = <T>(fn: () => T): T | { error: string } => {
    try {
      return fn();
    } catch (err) {
      return { error: `${(err as Error).name}: ${(err as Error).message}` };
    }
  };
  const whole = (der: Buffer) => outcome(() => readWholeName(der, derElementAt(der, 0, der.length), 'subject'));
  let plain = 0;
  let compared = 0;
  const wrong: string[] = [];
  for (const c of subjectCases(23, 3000)) {
    const der = c.subject ?? derName(c.rdns);
    let element;
    try {
      element = derElementAt(der, 0, der.length);
    } catch {
      continue; // a Name whose own header is broken: the request around it is refused first
    }
    compared++;
    if (readPlainName(der, element) !== null) plain++;
    const [got, expected] = [outcome(() => read(der)), whole(der)];
    if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${c.name}: ${JSON.stringify(got)} against ${JSON.stringify(expected)}`);
  }
  t.strictSame(wrong.slice(0, 10), [], `${wrong.length} of ${compared} differ`);
  t.ok(plain > 100 && plain < compared, `read in one pass: ${plain} of ${compared}`);
  // the attributes as listed in one pass: OIDs of one-byte arcs under each first arc, a multi-valued RDN, an empty RDN, escaping
  const der = derName([[attribute('0.9.3', 0x16, Buffer.from('x'))], [attribute('2.5.4.11', 0x13, Buffer.from('a')), attribute('2.40.3', 0x0c, Buffer.from('#b, c'))], [], [attribute('1.2.3', 0x0c, Buffer.from('y '))]]);
  t.not(readPlainName(der, derElementAt(der, 0, der.length)), null);
  t.strictSame(read(der), whole(der));
  t.strictSame(read(der).attributes.map((a) => [a.type, a.oid]), [['0.9.3', '0.9.3'], ['OU', '2.5.4.11'], ['2.40.3', '2.40.3'], ['1.2.3', '1.2.3']]);
  t.equal(read(der).text, '0.9.3=x, OU=a + 2.40.3=\\#b\\, c, 1.2.3=y\\ ');
});
