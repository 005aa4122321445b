// The finding ids are one union type (src/policy/finding-ids.ts): each is documented for the user, who types it
// after --allow, and nothing else is an id.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { FINDING_IDS, isFindingId } from '../../src/policy/finding-ids.js';
import { compareBytes } from '../../src/util/compare-bytes.js';

const root = join(import.meta.dirname, '..', '..');
const markdown = (dir: string): string[] =>
  !existsSync(dir) ? [] : readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdown(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));

t.test('every finding id is documented, in README.md or docs/', async (t) => {
  const docs = [join(root, 'README.md'), ...markdown(join(root, 'docs'))].map((f) => readFileSync(f, 'utf8')).join('\n');
  t.strictSame(FINDING_IDS.filter((id) => !docs.includes(`\`${id}\``)), []);
  t.equal(new Set(FINDING_IDS).size, FINDING_IDS.length, 'no id twice');
});

t.test('isFindingId: the ids and nothing else', async (t) => {
  t.ok(FINDING_IDS.every(isFindingId));
  for (const id of ['', 'privileged', 'privileged-groups', 'Privileged-Group', ' weak-key', 'node']) t.notOk(isFindingId(id), id);
});

t.test('the ids sort the same by bytes as by localeCompare (sortFindings compares bytes, to leave ICU unloaded)', async (t) => {
  t.ok(FINDING_IDS.every((id) => /^[a-z]+(-[a-z]+)*$/.test(id)), 'lower-case words and hyphens');
  const byBytes = [...FINDING_IDS].sort(compareBytes);
  t.strictSame(byBytes, [...FINDING_IDS].sort((a, b) => a.localeCompare(b)));
});
