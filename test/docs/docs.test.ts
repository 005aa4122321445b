// The user's README (issue 23 item 8) and the documents it points to stay true and reachable: the README stays under
// 300 lines, its exit-code table and the full one in docs/commands.md list exactly the codes of src/errors.ts, it
// names each RBAC file of docs/rbac/ (which test/e2e/rbac-roles.test.ts applies), it shows the handbook's three
// commands, and every relative link of README.md, CONTRIBUTING.md and docs/ reaches a file, and a heading there.
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const readme = read('README.md');
const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);

/** The first column of the Markdown table under `heading`, as numbers. */
function codesUnder(text: string, heading: string): number[] {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rest = text.slice(start + heading.length + 2);
  const table = rest.slice(rest.indexOf('| code |'));
  const rows = table.split('\n').slice(2);
  return rows.slice(0, rows.findIndex((row) => !row.startsWith('|'))).map((row) => Number(row.split('|')[1]!.trim()));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, -1, -2... for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!.toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

t.test('the README is a user\'s: under 300 lines', async (t) => {
  const lines = readme.split('\n').length - 1;
  t.ok(lines < 300, `${lines} lines`);
});

t.test('both exit-code tables list exactly the codes of src/errors.ts', async (t) => {
  const codes = Object.values(ExitCode).sort((a, b) => a - b);
  t.strictSame(codesUnder(readme, '## Exit codes'), codes, 'README.md');
  t.strictSame(codesUnder(read('docs/commands.md'), '## Output and exit codes'), codes, 'docs/commands.md');
});

t.test('the README names each role\'s RBAC file, and shows how to build, test and try it', async (t) => {
  const files = readdirSync(join(root, 'docs', 'rbac')).sort();
  t.strictSame(files, ['approver.yaml', 'requester.yaml', 'watcher.yaml']);
  for (const file of files) t.ok(readme.includes(`(docs/rbac/${file})`), `README links docs/rbac/${file}`);
  t.ok(readme.includes('kubectl csr approver manifest'), 'the in-cluster approver\'s RBAC: approver manifest');
  for (const command of ['npm ci && npm run build', 'npm test', 'npm run demo']) t.ok(readme.includes(`\n${command} `), command);
});

t.test('every relative link reaches a file, and a heading there', async (t) => {
  for (const file of ['README.md', 'CONTRIBUTING.md', ...docs]) {
    const text = read(file).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const full = path === '' ? join(root, file) : resolve(dirname(join(root, file)), path);
      const name = `${file}: ${target}`;
      if (!existsSync(full)) {
        t.fail(`${name}: no ${relative(root, full)}`);
        continue;
      }
      if (anchor !== undefined) t.ok(anchors(readFileSync(full, 'utf8')).has(anchor), name);
      else t.pass(name);
    }
  }
});
