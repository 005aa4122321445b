// The rewrite renew does: only the user's certificate and key values change; every other byte stays.
import t from 'tap';
import yaml from 'js-yaml';
import { editUserFields, parseKubeconfigText } from '../../src/kube/kubeconfig-edit.js';
import { KubeconfigError } from '../../src/kube/kubeconfig-error.js';

const FILE = `# my clusters, by hand
apiVersion: v1
kind: Config
preferences: {colors: true}
clusters:
- name: prod   # the big one
  cluster:
    server: https://prod.example:6443
    certificate-authority-data: Q0EtREFUQQ==
- name: dev
  cluster: {server: "https://dev.example:6443", insecure-skip-tls-verify: true}
contexts:
- name: jane@prod
  context: {cluster: prod, user: jane}
- name: jane@dev
  context:
    cluster: dev
    user: jane
    namespace: team-a
- name: ops@prod
  context: {cluster: prod, user: ops}
current-context: jane@prod
users:
- name: jane
  user:
    client-certificate-data: T0xELUNFUlQ=   # renewed by cron
    client-key-data: "T0xELUtFWQ=="
- name: ops
  user: {client-certificate: 'certs/ops.crt', client-key: certs/ops.key}
extensions:
- name: x
  extension: {a: 1}
`;

const parse = (text: string) => parseKubeconfigText(text, 'config');

t.test('embedded data: only the two values change, each keeping its quoting', async (t) => {
  const out = editUserFields(FILE, parse(FILE).doc, 'jane', { 'client-certificate-data': 'TkVXLUNFUlQ=', 'client-key-data': 'TkVXLUtFWQ==' });
  t.equal(out, FILE.replace('T0xELUNFUlQ=', 'TkVXLUNFUlQ=').replace('"T0xELUtFWQ=="', '"TkVXLUtFWQ=="'));
  const before = yaml.load(FILE) as any;
  const after = yaml.load(out) as any;
  t.same(after.users[0].user, { 'client-certificate-data': 'TkVXLUNFUlQ=', 'client-key-data': 'TkVXLUtFWQ==' });
  for (const key of ['clusters', 'contexts', 'preferences', 'extensions', 'current-context']) t.same(after[key], before[key], key);
  t.same(after.users[1], before.users[1]);
});

t.test('file references in a flow map: single quotes stay single, plain stays plain', async (t) => {
  const out = editUserFields(FILE, parse(FILE).doc, 'ops', { 'client-certificate': 'certs/ops-20261129.crt', 'client-key': 'certs/ops-20261129.key' });
  t.equal(out, FILE.replace("'certs/ops.crt'", "'certs/ops-20261129.crt'").replace('client-key: certs/ops.key}', 'client-key: certs/ops-20261129.key}'));
  t.same((yaml.load(out) as any).users[1].user, { 'client-certificate': 'certs/ops-20261129.crt', 'client-key': 'certs/ops-20261129.key' });
});

t.test('a value YAML could misread is double-quoted', async (t) => {
  const out = editUserFields(FILE, parse(FILE).doc, 'ops', { 'client-key': 'my keys/#1: ops.key' });
  t.equal((yaml.load(out) as any).users[1].user['client-key'], 'my keys/#1: ops.key');
  t.equal(out, FILE.replace('client-key: certs/ops.key}', 'client-key: "my keys/#1: ops.key"}'));
});

t.test('JSON stays JSON', async (t) => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', users: [{ name: 'a', user: { 'client-certificate-data': 'QQ==', 'client-key-data': 'Qg==' } }] }, null, 2);
  const out = editUserFields(json, parse(json).doc, 'a', { 'client-certificate-data': 'Qw==' });
  t.equal(out, json.replace('"QQ=="', '"Qw=="'));
  t.same(JSON.parse(out).users[0].user['client-certificate-data'], 'Qw==');
});

t.test('a block scalar becomes a plain value; the lines after it stay', async (t) => {
  const text = 'users:\n- name: a\n  user:\n    client-certificate-data: |\n      QUJD\n      REVG\n    client-key-data: x\n# end\n';
  const out = editUserFields(text, parse(text).doc, 'a', { 'client-certificate-data': 'TkVX' });
  t.equal(out, 'users:\n- name: a\n  user:\n    client-certificate-data: TkVX\n    client-key-data: x\n# end\n');
});

t.test('CRLF line endings are kept', async (t) => {
  const text = FILE.replaceAll('\n', '\r\n');
  const out = editUserFields(text, parse(text).doc, 'jane', { 'client-certificate-data': 'TkVXLUNFUlQ=' });
  t.equal(out, text.replace('T0xELUNFUlQ=', 'TkVXLUNFUlQ='));
});

t.test('what cannot be edited in place is refused, naming the user', async (t) => {
  const refuse = (text: string, user: string, changes: Record<string, string>, message: string) =>
    t.throws(() => editUserFields(text, parse(text).doc, user, changes), new KubeconfigError(message));
  refuse(FILE, 'nobody', { 'client-certificate-data': 'x' }, 'user "nobody" not found');
  refuse(FILE, 'ops', { 'client-certificate-data': 'x' }, 'user "ops" has no client-certificate-data to replace');
  const aliased = 'x: &c QUJD\nusers:\n- name: a\n  user:\n    client-certificate-data: *c\n';
  refuse(aliased, 'a', { 'client-certificate-data': 'x' }, 'user "a": client-certificate-data is not a plain value (a YAML alias or anchor); edit the file by hand');
  const anchored = 'users:\n- name: a\n  user:\n    client-certificate-data: &c QUJD\n- name: b\n  user:\n    client-certificate-data: *c\n';
  refuse(anchored, 'a', { 'client-certificate-data': 'x' }, 'user "a": client-certificate-data is not a plain value (a YAML alias or anchor); edit the file by hand');
});

t.test('a broken file is reported as kubectl would', async (t) => {
  t.throws(() => parse('users:\n- name: a\n  user: {\n'), { message: /^error loading config file "config": yaml: line \d+: / });
  t.throws(() => parse('a: 1\na: 2\n'), { message: /^error loading config file "config": yaml: line 2: Map keys must be unique/ });
});
