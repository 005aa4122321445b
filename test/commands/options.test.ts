// approve/deny, inspect and list: argv → the one options object, and every flag rule with its exact message, without
// a cluster (what the e2e suites see through the binary, here in-process and one rule at a time).
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/io.js';
import { approve, deny } from '../../src/commands/approval/change-approval-options.js';
import type { APPROVE_COMMAND, DENY_COMMAND } from '../../src/commands/approval/change-approval-flags.js';
import { complete as inspectComplete } from '../../src/commands/inspect.js';
import type { INSPECT as INSPECT_COMMAND } from '../../src/commands/inspect-flags.js';
import { complete as listComplete } from '../../src/commands/list.js';
import type { LIST as LIST_COMMAND } from '../../src/commands/list-flags.js';
import type { ArgvOf } from '../../src/commands/shared/flags.js';
import { outputFormat } from '../../src/commands/shared/output-options.js';
import { INSPECT_FORMATS, LIST_FORMATS, OBJECT_FORMATS } from '../../src/output/output-format.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-options-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
let printed = '';
const io: Io = { stdout: { write: (s: string) => ((printed += s), true) }, stderr: { write: () => true }, readStdin: () => Promise.resolve(Buffer.alloc(0)), env: {}, cwd: dir };
/** What a printer prints for `objects`. */
function prints<T>(printer: { print(objects: T[], now?: Date): void }, objects: T[]): string {
  printed = '';
  printer.print(objects, new Date(0));
  return printed;
}
/** -o as the command line reads it. */
const o = (value: string, formats: readonly string[] = OBJECT_FORMATS) => outputFormat(value, formats);
writeFileSync(join(dir, 'empty.yaml'), '# nothing\n---\n');
const csr = (name: string) => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request: 'TUlJ', signerName: 's', usages: ['client auth'] } });
writeFileSync(join(dir, 'two.yaml'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [csr('b'), csr('a')] }));
writeFileSync(join(dir, 'names.jsonpath'), '{.metadata.name}');

type ApprovalArgs = Partial<ArgvOf<typeof APPROVE_COMMAND.flags> & ArgvOf<typeof DENY_COMMAND.flags>>;
type InspectArgs = Partial<ArgvOf<typeof INSPECT_COMMAND.flags>>;
type ListArgs = Partial<ArgvOf<typeof LIST_COMMAND.flags>>;

/** complete() of approve (deny when --failing is given): its options, and the printer beside them. */
async function approvalOptions(a: ApprovalArgs, io: Io) {
  const { options, printer } = await (a.failing !== undefined ? deny : approve).complete(a as never, io);
  return { ...options, printer };
}
async function inspectOptions(a: InspectArgs, io: Io) {
  const { options, printer } = await inspectComplete(a as never, io);
  return { ...options, printer };
}
async function listOptions(a: ListArgs, io: Io) {
  const { options, printer } = await listComplete(a as never, io);
  return { ...options, printer };
}

const APPROVAL: ApprovalArgs = { pending: false, watch: false, dryRun: 'none', yes: false, force: false, allow: [], maxDuration: '365d', privilegedNamespace: [] };

t.test('approve/deny: names and files become one list; the mode follows --watch and --interactive', async (t) => {
  const once = await approvalOptions({ ...APPROVAL, names: ['csr/jane', 'certificatesigningrequest.certificates.k8s.io/joe'], output: o('name'), allow: ['weak-key,privileged-group'] }, io);
  t.match(once, { mode: 'once', names: ['jane', 'joe'], pending: null, failingOnly: false });
  t.equal(once.mode === 'once' && prints(once.printer, [csr('jane')]), 'certificatesigningrequest.certificates.k8s.io/jane\n');
  t.strictSame(once.mode === 'once' && [...once.policy.allow], ['weak-key', 'privileged-group']);
  t.match(await approvalOptions({ ...APPROVAL, filename: [join(dir, 'two.yaml')] }, io), { mode: 'once', names: ['b', 'a'] });
  t.match(await approvalOptions({ ...APPROVAL, pending: true, signer: 's', watch: true, failing: true }, io), {
    mode: 'watch',
    names: [],
    pending: { signer: 's', requestor: undefined },
    failingOnly: true,
  });
  t.match(await approvalOptions({ ...APPROVAL, pending: true, interactive: true }, io), { mode: 'interactive', pending: {} });
  const template = await approvalOptions({ ...APPROVAL, names: ['jane'], output: o('jsonpath-file=names.jsonpath') }, io);
  t.equal(template.mode === 'once' && prints(template.printer, [csr('jane'), csr('joe')]), 'janejoe', 'the template of the file, on each object');
  // Files that name no CSR: nothing to do (kubectl's "No resources found"), before the other flags are looked at.
  t.match(await approvalOptions({ ...APPROVAL, filename: [join(dir, 'empty.yaml')], failing: true }, io), { mode: 'nothing' });
  t.match(await approvalOptions({ ...APPROVAL, filename: [join(dir, 'empty.yaml')], pending: true }, io), { mode: 'once', names: [] });
});

t.test('approve/deny: each flag rule, exit 2, in the order they are checked', async (t) => {
  const cases: [Partial<ApprovalArgs>, string][] = [
    [{ names: ['a'], filename: [join(dir, 'two.yaml')] }, 'resource/name arguments cannot be provided when a path is specified'],
    [{ names: ['a'], output: o('jsonpath-file=missing') }, 'error reading --template missing, open missing: no such file or directory'],
    [{ names: ['a'], pending: true }, 'give CSR names or --pending, not both'],
    [{}, 'one or more CSRs must be specified as <name>, -f <filename> or --pending'],
    [{ names: ['a'], failing: true }, '--failing works with --pending'],
    [{ names: ['a'], requestor: 'r' }, '--signer and --requestor work with --pending'],
    [{ names: ['a'], watch: true }, '--watch works with --pending'],
    [{ pending: true, watch: true, output: o('json') }, '--watch prints one line per decision; -o does not apply'],
    [{ pending: true, interactive: true, dryRun: 'client' }, '--interactive asks about each CSR; it does not go with --watch, --dry-run or -o'],
    [{ pending: true, watch: true, dryRun: 'server' }, '--watch decides as CSRs arrive; use --dry-run=client with it'],
    [{ names: ['a'], dryRun: 'yes' }, 'Invalid dry-run value (yes). Must be "none", "server", or "client".'],
    [{ names: ['a'], maxDuration: 'soon' }, 'invalid --max-duration "soon": use a duration like 90s, 30m, 24h or 30d'],
  ];
  for (const [args, message] of cases) {
    await t.rejects(approvalOptions({ ...APPROVAL, ...args }, io), { message, exitCode: 2 }, message);
  }
});

const INSPECT: InspectArgs = { expiringWithin: '30d', maxDuration: '365d', privilegedNamespace: [] };

t.test('inspect: a file, offline; or names, with the policy settings', async (t) => {
  t.match(await inspectOptions({ ...INSPECT, filename: ['x.csr'], maxDuration: 'not checked offline' }, io), { file: 'x.csr', expiringWithinMs: 30 * 86_400_000 });
  const names = await inspectOptions({ ...INSPECT, names: ['csr/jane'], output: o('yaml', INSPECT_FORMATS), expiringWithin: '720h', privilegedNamespace: ['ops'] }, io);
  t.match(names, { names: ['jane'], expiringWithinMs: 720 * 3_600_000 });
  t.equal(prints(names.printer, [{ kind: 'CertificateChain', certificates: [] }]), 'kind: CertificateChain\ncertificates: []\n');
  t.equal(prints(names.printer, []), 'kind: List\nitems: []\n', "several views (here none) are inspect's List, without apiVersion");
  t.ok(names.policy?.options.privilegedNamespaces.has('ops'));
  for (const [args, message] of [
    [{ names: ['a'], filename: ['x'] }, 'resource/name arguments cannot be provided when a path is specified'],
    [{ filename: ['a.pem', 'b.pem'] }, '-f names one file: inspect each file on its own'],
    [{ names: ['a'], expiringWithin: 'later' }, 'invalid --expiring-within "later": use a duration like 90s, 30m, 24h or 30d'],
    [{}, 'one or more CSRs must be specified as <name> or -f <filename>'],
    [{ names: ['a'], maxDuration: '-1d' }, 'invalid --max-duration "-1d": use a duration like 90s, 30m, 24h or 30d'],
  ] as [Partial<InspectArgs>, string][]) {
    await t.rejects(inspectOptions({ ...INSPECT, ...args }, io), { message, exitCode: 2 }, message);
  }
});

const LIST: ListArgs = { pending: false, approved: false, denied: false, issued: false, noHeaders: false, watch: false };

t.test('list: states, selectors, the printer and --sort-by', async (t) => {
  const wide = await listOptions({ ...LIST, issued: true, approved: true, signer: 's', selector: 'a=b', fieldSelector: 'metadata.name=x', output: o('wide', LIST_FORMATS) }, io);
  t.match(prints(wide.printer, [csr('a')]), /^NAME +AGE .* SUBJECT +SANS +USAGES +EXPIRES\na +<unknown> +s .* client auth +<none>\n$/);
  t.match(wide, { names: [], signer: 's', requestor: undefined, states: ['approved', 'issued'], selector: 'a=b', fieldSelector: 'metadata.name=x', watch: false });
  const columns = await listOptions({ ...LIST, output: o('custom-columns=NAME:.metadata.name', LIST_FORMATS), noHeaders: true, sortBy: '.metadata.name' }, io);
  t.equal(prints(columns.printer, [csr('b'), csr('a')]), 'a\nb\n', 'no headers, sorted');
  await t.rejects(listOptions({ ...LIST, sortBy: '{.x' }, io), { message: /^unexpected path string, expected a 'name1.name2'/, exitCode: 2 });
  t.throws(() => o('yml', LIST_FORMATS), { message: /^unable to match a printer suitable for the output format "yml"/, exitCode: 2 });
});

t.test('list: filters no CSR passes together, names with selectors or a watch of several, are usage errors', async (t) => {
  const cases: [Partial<ListArgs>, string][] = [
    [{ pending: true, approved: true }, '--pending and --approved cannot be used together: no CSR is both'],
    [{ pending: true, denied: true }, '--pending and --denied cannot be used together: no CSR is both'],
    [{ pending: true, issued: true }, '--pending and --issued cannot be used together: no CSR is both'],
    [{ approved: true, denied: true }, '--approved and --denied cannot be used together: no CSR is both'],
    [{ denied: true, issued: true }, '--denied and --issued cannot be used together: no CSR is both'],
    [{ names: ['a'], selector: 'x=y' }, 'name cannot be provided when a selector is specified'],
    [{ names: ['a'], fieldSelector: 'metadata.name=a' }, 'name cannot be provided when a selector is specified'],
    [{ names: ['a', 'b'], watch: true }, 'watch is only supported on individual resources and resource collections, but 2 resources were found'],
  ];
  for (const [args, message] of cases) await t.rejects(listOptions({ ...LIST, ...args }, io), { message, exitCode: 2 }, message);
  const named = await listOptions({ ...LIST, names: ['csr/b', 'a'], labelColumns: ['tier,x/team', 'y'], showLabels: true }, io);
  t.strictSame(named.names, ['b', 'a'], "kubectl's name forms, in the order given");
  const labelled = { ...csr('b'), metadata: { name: 'b', labels: { tier: 'a', 'x/team': 'dev', '10': 's', '1': 't' } } };
  t.match(prints(named.printer, [labelled, csr('a')]), /^NAME .* SUBJECT +TIER +TEAM +Y +LABELS\nb .* a +dev +10=s,1=t,tier=a,x\/team=dev\na .* <none>\n$/);
  const watched = await listOptions({ ...LIST, names: ['a'], watch: true }, io);
  t.match(watched, { names: [], fieldSelector: 'metadata.name=a', watch: true }, 'one name watched: a field selector, as kubectl watches it');
});
