// The RBAC of each role as the README gives it (docs/rbac/*.yaml), applied as it is to the real control plane, then
// each role acted out by a user whose client certificate puts it in the role's group (made as the README makes
// users). What the README tells the role to run works; `kubectl auth can-i` with the issued identity shows the
// boundary; and the RBAC is the least that works: with any one verb taken out of the role, the command that needs it
// is refused.
import t from 'tap';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { run } from '../package/run.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { eventually } from './api.js';
import { cluster } from './cluster.js';

type Role = 'requester' | 'approver' | 'watcher';
interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

const plane = cluster();
const kubectl = plane.kubectl;
const harness = !plane.external && kubectl !== undefined;
const root = fileURLToPath(new URL('../../', import.meta.url));
const ROLES: Role[] = ['requester', 'approver', 'watcher'];
const file = (role: Role) => join(root, 'docs', 'rbac', `${role}.yaml`);
const work = mkdtempSync(join(tmpdir(), 'kubectl-csr-rbac-roles-'));
const tag = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const user = (role: Role) => `rbac-${role}-${tag}`;
const dir = (role: Role) => join(work, role);
const kubeconfig = (role: Role) => join(dir(role), `${role}.kubeconfig`);
const jane = `jane-${tag}`;
const other = `other-${tag}`;
const OTHER_SIGNER = `example.com/rbac-${tag}`;
/** The group of the users the roles make: one no other test binds, so that the policy finds nothing to refuse. */
const TEAM = `team-${tag}`;
const env = () => ({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work });

/** The harness's kubectl as `who` (a role, or the admin). */
const k = (who: Role | 'admin', args: string[], input?: string) =>
  run(kubectl!, ['--kubeconfig', who === 'admin' ? plane.kubeconfigs.admin : kubeconfig(who), ...args], { env: env(), cwd: work, input, timeoutMs: 60_000 });
/** The plugin as `role`, in the role's directory. */
const as = (role: Role, args: string[]) => runCli(args, { cwd: dir(role), env: { KUBECONFIG: kubeconfig(role) }, timeoutMs: 120_000 });
const adminCli = (args: string[], cwd: string) => runCli(args, { cwd, env: { KUBECONFIG: plane.kubeconfigs.admin }, timeoutMs: 120_000 });

/** `kubectl auth can-i` as the role: true for yes, false for no (exit 1), and a failure for anything else. */
async function canI(role: Role, args: string[]): Promise<boolean> {
  const res = await k(role, ['auth', 'can-i', ...args]);
  if (res.code !== 0 && res.code !== 1) throw new Error(`can-i ${args.join(' ')}: ${res.code} ${res.stderr}`);
  return res.stdout.trim() === 'yes';
}

/**
 * `kubectl auth can-i --list` as the role, without kubectl's defaults for every user (the self reviews and the
 * non-resource URLs): one `RESOURCE [NAMES] [VERBS]` line per resource, verbs sorted. can-i VERB TYPE/NAME cannot ask
 * about signers: kubectl drops the group of a resource discovery does not serve, so the list is where they show.
 */
async function listed(role: Role): Promise<string[]> {
  const res = await k(role, ['auth', 'can-i', '--list', '--no-headers']);
  if (res.code !== 0) throw new Error(`can-i --list: ${res.stderr}`);
  return res.stdout
    .split('\n')
    .map((line) => /^(\S+)\s+\[[^\]]*\]\s+(\[[^\]]*\])\s+\[([^\]]*)\]\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[1]!.startsWith('selfsubject'))
    .map((m) => `${m[1]} ${m[2]} [${m[3]!.split(' ').sort().join(' ')}]`)
    .sort();
}
const SIGNER_RULE = 'signers.certificates.k8s.io [kubernetes.io/kube-apiserver-client] [approve]';

/** The files' objects; the role's ClusterRole with `verb` taken out of rule `index` (the rule goes when it is empty). */
function roleWithout(role: Role, index: number, verb: string): string {
  const objects = yaml.loadAll(readFileSync(file(role), 'utf8')) as { kind: string; rules?: Rule[] }[];
  const clusterRole = objects.find((o) => o.kind === 'ClusterRole')!;
  const rules = clusterRole.rules!.map((r, i) => (i === index ? { ...r, verbs: r.verbs.filter((v) => v !== verb) } : r));
  return yaml.dump({ ...clusterRole, rules: rules.filter((r) => r.verbs.length > 0) });
}

const apply = async (yamlText: string | null, role: Role) => {
  const res = yamlText === null ? await k('admin', ['apply', '-f', file(role)]) : await k('admin', ['apply', '-f', '-'], yamlText);
  if (res.code !== 0) throw new Error(`kubectl apply: ${res.stderr}`);
};

/** Whether the role may do what `probe` names: can-i's words, or the signer rule of the list. */
const granted = async (role: Role, probe: string[]) => (probe[0] === 'list-signers' ? (await listed(role)).includes(SIGNER_RULE) : canI(role, probe));
/** RBAC changes reach the authorizer through a watch: wait until can-i says what the change means. */
const until = (role: Role, probe: string[], allowed: boolean) =>
  eventually(`${probe.join(' ')} = ${allowed} for ${role}`, async () => ((await granted(role, probe)) === allowed ? true : undefined));

t.before(async () => {
  if (!harness) return;
  for (const role of ROLES) mkdirSync(dir(role));
  const applied = await k('admin', ['apply', ...ROLES.flatMap((r) => ['-f', file(r)])]);
  if (applied.code !== 0) throw new Error(`kubectl apply: ${applied.stderr}`);
  for (const role of ROLES) {
    const made = await adminCli(['request', user(role), '-g', `csr-${role}s`, '--duration', '1h', '--approve', '--kubeconfig-out', kubeconfig(role)], dir(role));
    if (made.code !== 0) throw new Error(`request ${user(role)}: ${made.stderr}`);
  }
  await until('requester', ['create', 'certificatesigningrequests'], true);
  await until('approver', ['update', 'certificatesigningrequests', '--subresource=approval'], true);
  await until('watcher', ['watch', 'certificatesigningrequests'], true);
});

t.teardown(async () => {
  if (harness) {
    await k('admin', ['delete', '--ignore-not-found', ...ROLES.flatMap((r) => ['-f', file(r)])]);
    const names = [jane, other, `need-create-${tag}`, `pending-${tag}`, `late-${tag}`, ...ROLES.map(user)];
    await k('admin', ['delete', 'csr', '--ignore-not-found', ...names]);
  }
  rmSync(work, { recursive: true, force: true });
});

const skip = !harness && 'needs the harness and its kubectl';

t.test('the README\'s first five minutes, each step as the role it names', { skip }, async (t) => {
  const requested = await as('requester', ['request', jane, '-g', TEAM, '--duration', '30d']);
  t.equal(requested.code, 0, requested.stderr);
  t.equal(requested.stdout, `certificatesigningrequest.certificates.k8s.io/${jane} created\n`);
  t.equal(statSync(join(dir('requester'), `${jane}.key`)).mode & 0o777, 0o600, 'the key, mode 0600');

  const pending = await as('approver', ['list', '--pending', '--requestor', user('requester'), '-o', 'name']);
  t.equal(pending.code, 0, pending.stderr);
  t.equal(pending.stdout, `certificatesigningrequest.certificates.k8s.io/${jane}\n`);
  const inspected = await as('approver', ['inspect', jane]);
  t.equal(inspected.code, 0, inspected.stderr);
  t.notMatch(inspected.stdout + inspected.stderr, /unreadable/, 'the policy could read RBAC and ServiceAccounts');
  const approved = await as('approver', ['approve', jane]);
  t.equal(approved.code, 0, approved.stderr);
  t.equal(approved.stdout, `certificatesigningrequest.certificates.k8s.io/${jane} approved\n`);

  const fetched = await as('requester', ['fetch', jane, '--key', `${jane}.key`, '--kubeconfig-out', `${jane}.kubeconfig`]);
  t.equal(fetched.code, 0, fetched.stderr);
  const whoami = await run(kubectl!, ['--kubeconfig', join(dir('requester'), `${jane}.kubeconfig`), 'auth', 'whoami', '-o', 'json'], { env: env() });
  t.equal(whoami.code, 0, whoami.stderr);
  const info = JSON.parse(whoami.stdout).status.userInfo as { username: string; groups: string[] };
  t.equal(info.username, jane);
  t.strictSame(info.groups, [TEAM, 'system:authenticated']);
  const published = await as('requester', ['fetch', jane, '--key', `${jane}.key`, '-O', 'again.crt', '--kubeconfig-out', 'again.kubeconfig', '--ca-from', 'trust-bundle']);
  t.equal(published.code, 0, `the requester may list ClusterTrustBundles: the published CA goes in the kubeconfig: ${published.stderr}`);
});

t.test('the requester cannot list, approve or deny', { skip }, async (t) => {
  const listed = await as('requester', ['list']);
  t.equal(listed.code, 1);
  t.match(listed.stderr, /Forbidden/);
  const refused = await as('requester', ['approve', jane, '--force']);
  t.equal(refused.code, 6, 'it may not read RBAC, so the policy refuses before anything is sent');
  t.match(refused.stderr, /rbac-unreadable/);
  const forced = await as('requester', ['approve', jane, '--force', '--allow', 'rbac-unreadable,serviceaccounts-unreadable']);
  t.equal(forced.code, 1, 'past the policy, the API server refuses the approval');
  t.match(forced.stderr, /Forbidden/);
  const byKubectl = await k('requester', ['certificate', 'approve', jane, '--force']);
  t.equal(byKubectl.code, 1);
  t.match(byKubectl.stderr, /forbidden/);
});

t.test('the approver approves for its signer only, and creates nothing', { skip }, async (t) => {
  const made = await as('requester', ['request', other, '-g', TEAM, '--signer', OTHER_SIGNER, '--usages', 'digital signature,client auth']);
  t.equal(made.code, 0, made.stderr);
  for (const verb of ['approve', 'deny']) {
    const res = await as('approver', [verb, other]);
    t.equal(res.code, 1, `${verb} for ${OTHER_SIGNER}`);
    t.match(res.stderr, /Forbidden/);
    t.match(res.stderr, OTHER_SIGNER);
  }
  const waited = await as('requester', ['fetch', other, '--key', `${other}.key`, '-O', '-', '--timeout', '3s']);
  t.equal(waited.code, 5, `the requester watched the pending CSR until the timeout: ${waited.stderr}`);
  const created = await as('approver', ['request', `need-create-${tag}`, '-g', TEAM]);
  t.equal(created.code, 1);
  t.match(created.stderr, /Forbidden/);
});

t.test('the watcher lists and watches, and changes nothing', { skip }, async (t) => {
  const listed = await as('watcher', ['list', jane, '-o', 'name']);
  t.equal(listed.code, 0, listed.stderr);
  t.equal(listed.stdout, `certificatesigningrequest.certificates.k8s.io/${jane}\n`);
  const inspected = await as('watcher', ['inspect', jane]);
  t.equal(inspected.code, 0, inspected.stderr);
  const watch = startCli(['list', '-w', '--requestor', user('requester'), '-o', 'name'], { cwd: dir('watcher'), env: { KUBECONFIG: kubeconfig('watcher'), HOME: work } });
  try {
    await eventually('the watch to list what exists', async () => (watch.out().includes(jane) ? true : undefined));
    const late = await as('requester', ['request', `late-${tag}`, '-g', TEAM]);
    t.equal(late.code, 0, late.stderr);
    await eventually('the watch to show the new CSR', async () => (watch.out().includes(`late-${tag}`) ? true : undefined));
    t.pass('list -w showed a CSR created after it started');
  } finally {
    watch.child.kill('SIGTERM');
    await watch.exited;
  }
  for (const args of [['approve', jane, '--force', '--allow', 'rbac-unreadable,serviceaccounts-unreadable'], ['request', `need-create-${tag}`, '-g', TEAM]]) {
    const res = await as('watcher', args);
    t.equal(res.code, 1, args.join(' '));
    t.match(res.stderr, /Forbidden/);
  }
});

/** What each identity may do, by `kubectl auth can-i`: exactly its role's verbs among these. */
const QUESTIONS: [string, string[], Role[]][] = [
  ['create CSRs', ['create', 'certificatesigningrequests'], ['requester']],
  ['get CSRs', ['get', 'certificatesigningrequests'], ['requester', 'approver', 'watcher']],
  ['list CSRs', ['list', 'certificatesigningrequests'], ['approver', 'watcher']],
  ['watch CSRs', ['watch', 'certificatesigningrequests'], ['requester', 'approver', 'watcher']],
  ['update CSRs', ['update', 'certificatesigningrequests'], []],
  ['delete CSRs', ['delete', 'certificatesigningrequests'], []],
  ['update approval', ['update', 'certificatesigningrequests', '--subresource=approval'], ['approver']],
  ['update status (sign)', ['update', 'certificatesigningrequests', '--subresource=status'], []],
  ['list clusterroles', ['list', 'clusterroles.rbac.authorization.k8s.io'], ['approver']],
  ['list rolebindings everywhere', ['list', 'rolebindings.rbac.authorization.k8s.io', '--all-namespaces'], ['approver']],
  ['list serviceaccounts everywhere', ['list', 'serviceaccounts', '--all-namespaces'], ['approver']],
  ['create clusterrolebindings', ['create', 'clusterrolebindings.rbac.authorization.k8s.io'], []],
  ['get secrets', ['get', 'secrets', '--all-namespaces'], []],
  ['get nodes', ['get', 'nodes'], []],
  ['list clustertrustbundles', ['list', 'clustertrustbundles.certificates.k8s.io'], ['requester']],
  ['create clustertrustbundles', ['create', 'clustertrustbundles.certificates.k8s.io'], []],
];

t.test('kubectl auth can-i with each issued identity: the role and nothing more', { skip }, async (t) => {
  for (const role of ROLES) {
    const whoami = await k(role, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}']);
    t.equal(whoami.stdout, `${user(role)} ["csr-${role}s","system:authenticated"]`, `${role}: the certificate's identity`);
    for (const [what, args, allowed] of QUESTIONS) t.equal(await canI(role, args), allowed.includes(role), `${role}: ${what}`);
  }
});

t.test('kubectl auth can-i --list with each issued identity: exactly the role\'s rules, the signer by name', { skip }, async (t) => {
  const CSRS = 'certificatesigningrequests.certificates.k8s.io';
  t.strictSame(await listed('requester'), [`${CSRS} [] [create get watch]`, 'clustertrustbundles.certificates.k8s.io [] [list]']);
  t.strictSame(await listed('approver'), [
    `${CSRS} [] [get list watch]`,
    `${CSRS}/approval [] [update]`,
    'clusterrolebindings.rbac.authorization.k8s.io [] [list]',
    'clusterroles.rbac.authorization.k8s.io [] [list]',
    'rolebindings.rbac.authorization.k8s.io [] [list]',
    'roles.rbac.authorization.k8s.io [] [list]',
    'serviceaccounts [] [list]',
    SIGNER_RULE,
  ]);
  t.strictSame(await listed('watcher'), [`${CSRS} [] [get list watch]`]);
});

/**
 * Each verb of each role, taken out alone, and the README command that then fails: the role is the least that works.
 * After each, the file is applied again as it is.
 */
interface Needed {
  role: Role;
  rule: number;
  verb: string;
  why: string;
  /** can-i's words for the verb taken out, to wait until the authorizer has seen it. */
  probe: string[];
  /** Runs the command; says what went wrong, or null when it was refused as it must be. */
  refused: () => Promise<string | null>;
}

const exits = (role: Role, args: string[], code: number, pattern: RegExp) => async () => {
  const res = await as(role, args);
  return res.code === code && pattern.test(res.stderr) ? null : `exit ${res.code} (wanted ${code}): ${res.stderr}${res.stdout}`;
};
/** A command that keeps running (a watch): refused when it says Forbidden on stderr, or exits with it. */
const watchRefused = (role: Role, args: string[]) => async () => {
  const cli = startCli(args, { cwd: dir(role), env: { KUBECONFIG: kubeconfig(role), HOME: work } });
  try {
    await eventually('a Forbidden on stderr', async () => (/Forbidden/.test(cli.err()) ? true : undefined));
    return null;
  } catch {
    return `no Forbidden: ${cli.err()}`;
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
};

const CSR = 'certificatesigningrequests';
const NEEDED: Needed[] = [
  { role: 'requester', rule: 0, verb: 'create', why: 'request', probe: ['create', CSR], refused: exits('requester', ['request', `need-create-${tag}`, '-g', TEAM], 1, /Forbidden/) },
  { role: 'requester', rule: 0, verb: 'get', why: 'fetch', probe: ['get', CSR], refused: exits('requester', ['fetch', jane, '--key', `${jane}.key`, '-O', '-'], 1, /Forbidden/) },
  { role: 'requester', rule: 0, verb: 'watch', why: 'fetch waiting for a pending CSR', probe: ['watch', CSR], refused: exits('requester', ['fetch', other, '--key', `${other}.key`, '-O', '-', '--timeout', '30s'], 1, /Forbidden/) },
  { role: 'requester', rule: 1, verb: 'list', why: 'the published CA in --kubeconfig-out', probe: ['list', 'clustertrustbundles.certificates.k8s.io'], refused: exits('requester', ['fetch', jane, '--key', `${jane}.key`, '-O', 'again.crt', '--overwrite', '--kubeconfig-out', 'again.kubeconfig', '--ca-from', 'trust-bundle'], 1, /forbidden/i) },
  { role: 'approver', rule: 0, verb: 'get', why: 'approve NAME', probe: ['get', CSR], refused: exits('approver', ['approve', jane], 1, /Forbidden/) },
  { role: 'approver', rule: 0, verb: 'list', why: 'approve --pending', probe: ['list', CSR], refused: exits('approver', ['approve', '--pending', '--requestor', user('requester'), '--dry-run=client'], 1, /Forbidden/) },
  { role: 'approver', rule: 0, verb: 'watch', why: 'approve --pending --watch', probe: ['watch', CSR], refused: watchRefused('approver', ['approve', '--pending', '--watch', '--requestor', user('requester'), '--dry-run=client']) },
  { role: 'approver', rule: 1, verb: 'update', why: 'the approval', probe: ['update', CSR, '--subresource=approval'], refused: exits('approver', ['approve', `pending-${tag}`], 1, /Forbidden/) },
  { role: 'approver', rule: 2, verb: 'approve', why: 'the signer', probe: ['list-signers'], refused: exits('approver', ['approve', `pending-${tag}`], 1, /Forbidden/) },
  { role: 'approver', rule: 3, verb: 'list', why: 'the RBAC checks', probe: ['list', 'clusterroles.rbac.authorization.k8s.io'], refused: exits('approver', ['approve', `pending-${tag}`], 6, /rbac-unreadable/) },
  { role: 'approver', rule: 4, verb: 'list', why: 'the ServiceAccount checks', probe: ['list', 'serviceaccounts', '--all-namespaces'], refused: exits('approver', ['approve', `pending-${tag}`], 6, /serviceaccounts-unreadable/) },
  { role: 'watcher', rule: 0, verb: 'get', why: 'list NAME', probe: ['get', CSR], refused: exits('watcher', ['list', jane], 1, /Forbidden/) },
  { role: 'watcher', rule: 0, verb: 'list', why: 'list', probe: ['list', CSR], refused: exits('watcher', ['list'], 1, /Forbidden/) },
  { role: 'watcher', rule: 0, verb: 'watch', why: 'list -w', probe: ['watch', CSR], refused: watchRefused('watcher', ['list', '-w', '--requestor', user('requester')]) },
];

t.test('the least that works: each verb taken out alone, the command that needs it is refused', { skip }, async (t) => {
  const pending = await as('requester', ['request', `pending-${tag}`, '-g', TEAM]);
  t.equal(pending.code, 0, pending.stderr);
  const watching = startCli(['approve', '--pending', '--watch', '--requestor', user('requester'), '--dry-run=client'], { cwd: dir('approver'), env: { KUBECONFIG: kubeconfig('approver'), HOME: work } });
  try {
    await eventually('approve --pending --watch to decide pending-TAG', async () => (watching.out().includes(`pending-${tag}`) ? true : undefined));
    t.notMatch(watching.err(), /Forbidden/, 'with the whole role, approve --pending --watch runs');
  } finally {
    watching.child.kill('SIGTERM');
    await watching.exited;
  }
  for (const role of ROLES) {
    const objects = yaml.loadAll(readFileSync(file(role), 'utf8')) as { kind: string; rules?: Rule[] }[];
    const rules = objects.find((o) => o.kind === 'ClusterRole')!.rules!;
    const verbs = rules.flatMap((r, i) => r.verbs.map((v) => `${i}:${v}`));
    const tried = NEEDED.filter((n) => n.role === role).map((n) => `${n.rule}:${n.verb}`);
    t.strictSame(tried.sort(), verbs.sort(), `${role}: every verb of docs/rbac/${role}.yaml is tried`);
  }
  for (const need of NEEDED) {
    await apply(roleWithout(need.role, need.rule, need.verb), need.role);
    await until(need.role, need.probe, false);
    t.equal(await need.refused(), null, `${need.role} without ${need.verb} (rule ${need.rule}): ${need.why} is refused`);
    await apply(null, need.role);
    await until(need.role, need.probe, true);
  }
  const approved = await as('approver', ['approve', `pending-${tag}`]);
  t.equal(approved.code, 0, `with every verb back, the approval goes through: ${approved.stderr}`);
});
