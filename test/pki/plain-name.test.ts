// The fast reading of a common subject (pki/plain-name.ts) against the whole one (go-name.ts): on every subject of the
// Go differential test, it gives readGoName's identity (and only where readGoName finds no problem) or no answer;
// and it answers for the subjects requests are made with, or it would be a second reader that never reads.
import t from 'tap';
import { derElementAt } from '../../src/pki/der-elements.js';
import { readGoName } from '../../src/pki/go-name.js';
import { readPlainName } from '../../src/pki/plain-name.js';
import { attribute, derName, tlv } from '../fixtures/pki/der-name.js';
import { subjectCases } from '../go-identity/subjects.js';

const CN = '2.5.4.3';
const O = '2.5.4.10';
const UID = '1.3.6.1.4.1.57683.2';
const text = (s: string) => Buffer.from(s, 'latin1');

function both(name: Buffer) {
  // (a Name whose own header is broken never gets this far: the request around it is refused first)
  const element = derElementAt(name, 0, name.length);
  let whole: ReturnType<typeof readGoName> | { error: string };
  try {
    whole = readGoName(name, element, 'subject', false);
  } catch (err) {
    whole = { error: (err as Error).message };
  }
  return { plain: readPlainName(name, element), whole };
}

function readable(name: Buffer): boolean {
  try {
    derElementAt(name, 0, name.length);
    return true;
  } catch {
    return false;
  }
}

t.test('on every subject of the Go differential test: readGoName\'s identity, or no answer', async (t) => {
  const cases = subjectCases(21, 3000);
  let answered = 0;
  const wrong: string[] = [];
  for (const c of cases) {
    const name = c.subject ?? derName(c.rdns);
    if (!readable(name)) continue;
    const { plain, whole } = both(name);
    if (plain === null) continue;
    answered++;
    const expected = 'error' in whole ? whole : { commonName: whole.commonName, organizations: whole.organizations, uid: whole.uid, problems: whole.problems };
    if (JSON.stringify({ ...plain, problems: [] }) !== JSON.stringify(expected)) wrong.push(`${c.name}: ${JSON.stringify(plain)} against ${JSON.stringify(expected)}`);
  }
  t.strictSame(wrong.slice(0, 10), [], `${wrong.length} differ`);
  t.ok(answered > 100 && answered < cases.length, `answered ${answered} of ${cases.length}`);
});

t.test('the subjects requests are made with: read here', async (t) => {
  const name = derName([[attribute(CN, 0x0c, text('system:node:worker-1'))], [attribute(O, 0x0c, text('system:nodes'))], [attribute(O, 0x13, text("a (b) '+,-./:=?*&"))], [attribute(UID, 0x0c, text('1001'))]]);
  t.strictSame(both(name).plain, { commonName: 'system:node:worker-1', organizations: ['system:nodes', "a (b) '+,-./:=?*&"], uid: '1001' });
  t.strictSame(both(derName([[attribute('2.5.4.11', 0x16, text('ops')), attribute(CN, 0x13, text(''))]])).plain, { commonName: '', organizations: [], uid: null });
  t.strictSame(both(derName([])).plain, { commonName: null, organizations: [], uid: null });
  // a Name longer than 127 bytes has a long header of its own, which is read as any header is
  const long = derName(Array.from({ length: 8 }, (_, i) => [attribute(O, 0x0c, text(`group-${i}`))]));
  t.ok(long[1]! >= 0x80);
  t.strictSame(both(long).plain?.organizations.length, 8);
});

t.test('what readGoName has more to say about: left to it', async (t) => {
  const declined: [string, Buffer][] = [
    ['a second CN', derName([[attribute(CN, 0x0c, text('a'))], [attribute(CN, 0x0c, text('b'))]])],
    ['a second UID', derName([[attribute(UID, 0x0c, text('1'))], [attribute(UID, 0x0c, text('2'))]])],
    ['an empty UID', derName([[attribute(UID, 0x0c, text(''))]])],
    ['a BMPString', derName([[attribute(CN, 0x1e, Buffer.from([0, 0x61]))]])],
    ['a T61String', derName([[attribute(O, 0x14, text('x'))]])],
    ['an underscore in a PrintableString', derName([[attribute(CN, 0x13, text('a_b'))]])],
    ['a control character', derName([[attribute('2.5.4.11', 0x0c, text('a\nb'))]])],
    ['UTF-8 beyond ASCII', derName([[attribute(CN, 0x0c, Buffer.from('zoë'))]])],
    ['an OID arc above 127', derName([[attribute('1.2.840.113549.1.9.1', 0x16, text('j@example.com'))]])],
    ['a long value header', derName([[attribute(CN, 0x0c, text('x'.repeat(200)))]])],
    ['a non-minimal length', tlv(0x30, Buffer.from([0x31, 0x81, 0x05, 0x30, 0x03, 0x06, 0x01, 0x55]))],
    ['a third element in an attribute', derName([[tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x55, 0x04, 0x03])), tlv(0x0c, text('a')), tlv(0x0c, text('b'))]))]])],
    ['an RDN running past the Name', Buffer.from([0x30, 0x04, 0x31, 0x09, 0x30, 0x00])],
    ['not a SEQUENCE', tlv(0x31, Buffer.alloc(0))],
  ];
  for (const [what, name] of declined) t.equal(both(name).plain, null, what);
});
