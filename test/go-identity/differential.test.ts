// The subject read as Go reads it, checked against Go itself (issue 21): every case (subjects.ts, and every request
// of the robustness corpus) goes to test/go-identity/main.go, which prints the identity the API server would take
// from it, or why Go refuses it; the plugin (the reading that approve, inspect and the policy use) must read exactly
// that identity, or refuse (a subject-* problem, which the policy turns into a block finding, or an error). Never a
// third outcome. list's reader is the same function on the same bytes, and must read what inspect reads.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { parseRequest } from '../../src/pki/request.js';
import { readRequestSubject } from '../../src/pki/request-subject.js';
import { craftRequest, derName } from '../fixtures/pki/der-name.js';
import { subjectCases } from './subjects.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = Number(process.env.KUBECTL_CSR_GO_IDENTITY_SEED ?? 21);
const RANDOM = Number(process.env.KUBECTL_CSR_GO_IDENTITY_RANDOM ?? 3000);

interface GoIdentity { error?: string; user: string; groups: string[]; uid: string; uidError?: string }
type Outcome = { refused: string } | { user: string; groups: string[]; uid: string };

/** Runs Go on every request at once: one base64 DER a line in, one JSON line out. */
function goRead(ders: Buffer[]): GoIdentity[] {
  const dir = execFileSync('bash', [join(root, 'scripts', 'build-go-identity.sh')], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
  const out = execFileSync(join(dir, 'go-identity'), { input: ders.map((d) => d.toString('base64')).join('\n') + '\n', maxBuffer: 1 << 30 });
  return out.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as GoIdentity);
}

/** What the plugin makes of one request: an identity, or a refusal (and why). */
function pluginRead(der: Buffer): { list: Outcome; inspect: Outcome } {
  const outcome = (read: () => { commonName: string | null; organizations: string[]; uid: string | null; problems: { kind: string }[] }): Outcome => {
    try {
      const s = read();
      if (s.problems.length) return { refused: s.problems.map((p) => p.kind).join(',') };
      return { user: s.commonName ?? '', groups: s.organizations, uid: s.uid ?? '' };
    } catch (err) {
      return { refused: `error: ${(err as Error).message}` };
    }
  };
  return { list: outcome(() => readRequestSubject(der)), inspect: outcome(() => parseRequest(der).subject) };
}

/** Every request-like file of test/robustness (corpus and seeds) as DER: PEM blocks and base64 decoded, the rest as is. */
function corpus(): { name: string; der: Buffer }[] {
  const out: { name: string; der: Buffer }[] = [];
  for (const folder of ['corpus', 'seeds']) {
    const dir = join(root, 'test', 'robustness', folder);
    for (const file of readdirSync(dir).sort()) {
      const bytes = readFileSync(join(dir, file));
      const text = bytes.toString('latin1');
      const pem = /-----BEGIN [A-Z ]+-----([^-]*)-----END/.exec(text);
      if (pem) out.push({ name: `${folder}/${file}`, der: Buffer.from(pem[1]!, 'base64') });
      else if (file.endsWith('.b64')) out.push({ name: `${folder}/${file}`, der: Buffer.from(text, 'base64') });
      else out.push({ name: `${folder}/${file}`, der: bytes });
    }
  }
  return out;
}

t.test('for every case the plugin reads exactly Go\'s identity, or refuses', async (t) => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const cases = [
    ...subjectCases(SEED, RANDOM).map((c) => ({ name: c.name, der: craftRequest(c.subject ?? derName(c.rdns), key) })),
    ...corpus(),
  ];
  const go = goRead(cases.map((c) => c.der));
  t.equal(go.length, cases.length, 'Go answered every case');
  const mismatches: string[] = [];
  let agreed = 0;
  let refused = 0;
  cases.forEach((c, i) => {
    const g = go[i]!;
    const { list, inspect } = pluginRead(c.der);
    // list reads only the subject (and SANs with -o wide): where inspect refuses a request for its key or its
    // extensions, list still shows the subject, which is no verdict. Where both read one, it is the same.
    if (!('refused' in inspect) && JSON.stringify(list) !== JSON.stringify(inspect)) {
      mismatches.push(`${c.name}: list reads ${JSON.stringify(list)}, inspect ${JSON.stringify(inspect)}`);
      return;
    }
    if ('refused' in inspect) {
      refused++;
      return;
    }
    const expected = { user: g.user, groups: g.groups, uid: g.uid };
    if (g.error || g.uidError || JSON.stringify(inspect) !== JSON.stringify(expected)) {
      mismatches.push(`${c.name}: the plugin reads ${JSON.stringify(inspect)}, Go ${JSON.stringify(g)}`);
      return;
    }
    agreed++;
  });
  t.strictSame(mismatches.slice(0, 20), [], `${mismatches.length} mismatches`);
  t.comment(`go-identity: ${cases.length} cases (seed ${SEED}), ${agreed} read as Go reads them, ${refused} refused, ${mismatches.length} mismatches`);
  t.ok(agreed > 1000 && refused > 1000, 'both outcomes are exercised');
});
