// Every recipe in the "Shell recipes" block of docs/recipes.md (the README links to it), run as written, in bash, with kubectl and the plugin on PATH,
// against the test control plane: CSRs labelled team=dev are made first, as a reader's cluster would have them.
import t from 'tap';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../package/run.js';
import { BIN } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually } from './api.js';
import { cluster } from './cluster.js';

const plane = cluster();
const recipesDoc = readFileSync(fileURLToPath(new URL('../../docs/recipes.md', import.meta.url)), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-recipes-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const bin = join(work, 'bin');
mkdirSync(bin);
symlinkSync(BIN, join(bin, 'kubectl-csr'));
if (plane.kubectl) symlinkSync(plane.kubectl, join(bin, 'kubectl'));
const env = { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work, KUBECONFIG: plane.kubeconfigs.admin };
const admin = credentialsFrom(plane.kubeconfigs.admin);
const BASE = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

/** The recipes: the block after "# Shell recipes", one per comment and the lines under it. */
function recipes(): { title: string; script: string }[] {
  const start = recipesDoc.indexOf('# Shell recipes');
  if (start < 0) throw new Error('docs/recipes.md has no "# Shell recipes" heading');
  const section = recipesDoc.slice(start);
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .trim()
    .split(/\n\n+/)
    .map((chunk) => {
      const lines = chunk.split('\n');
      return { title: lines[0]!.replace(/^# /, ''), script: lines.slice(1).join('\n') };
    });
}

async function create(name: string, labels: Record<string, string>) {
  await api(admin, 'DELETE', `${BASE}/${name}`);
  const manifest = await run(BIN, ['request', name, '-g', 'dev', '--dry-run=client', '-o', 'json', '--overwrite'], { cwd: work, env });
  if (manifest.code !== 0) throw new Error(manifest.stderr);
  const csr = JSON.parse(manifest.stdout);
  csr.metadata.labels = labels;
  const res = await api(admin, 'POST', BASE, csr);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
}

const names = ['recipe-a', 'recipe-b', 'recipe-old'];

t.test('the recipes of docs/recipes.md run as written', { skip: !plane.kubectl && 'no kubectl from the harness' }, async (t) => {
  // Only this test labels CSRs team=dev; the names are its own. recipe-jane is the user the recipes create.
  await api(admin, 'DELETE', `${BASE}/recipe-jane`);
  for (const name of names) await create(name, { team: 'dev', ...(name === 'recipe-old' ? { stage: 'old' } : {}) });
  const all = recipes();
  t.ok(all.length >= 8, `${all.length} recipes`);
  const out: Record<string, string> = {};
  for (const recipe of all) {
    const res = await run('bash', ['-c', `set -o pipefail\n${recipe.script}`], { cwd: work, env, timeoutMs: 120_000 });
    t.equal(res.code, 0, `${recipe.title}: ${res.stderr}`);
    out[recipe.title] = res.stdout;
  }
  const titled = (start: string) => Object.entries(out).find(([title]) => title.startsWith(start))![1];
  const pending = titled('what is waiting');
  t.match(pending, /^certificatesigningrequest\.certificates\.k8s\.io\/recipe-a\ncertificatesigningrequest\.certificates\.k8s\.io\/recipe-b\ncertificatesigningrequest/, 'recipe-old was denied first');
  t.match(pending, /recipe-a approved\n/);
  t.match(titled('one CSR a line'), /^recipe-a\tkubernetes\.io\/kube-apiserver-client\tApproved/);
  t.match(titled('columns of your own'), /^recipe-a +test-admin +<none>\n/);
  t.equal(titled('deny what kubectl lists'), 'certificatesigningrequest.certificates.k8s.io/recipe-old denied\n');
  t.equal(titled('branch on the outcome'), 'issued\n');
  await eventually('an issued recipe CSR', async () => {
    const res = await run('bash', ['-c', all.find((r) => r.title.startsWith('the names of the CSRs'))!.script], { cwd: work, env });
    return res.stdout.includes('recipe-a') ? true : undefined;
  });
  for (const name of [...names, 'recipe-jane']) await api(admin, 'DELETE', `${BASE}/${name}`);
});
