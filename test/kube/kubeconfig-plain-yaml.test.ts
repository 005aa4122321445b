// The common kubeconfig read without js-yaml (src/kube/kubeconfig-plain-yaml.ts): whatever it reads, it reads exactly
// as js-yaml's CORE_SCHEMA does (the same values, types and key order), and anything else it leaves to js-yaml. Held
// together on the layouts kubectl, kind and the harness write, on each thing the subset refuses, and on a few thousand
// documents generated from kubeconfig shapes and words that YAML reads as something other than text.
import t, { type Test } from 'tap';
import yaml from 'js-yaml';
import { readPlainKubeconfig } from '../../src/kube/kubeconfig-plain-yaml.js';

const core = (text: string): unknown => yaml.load(text, { schema: yaml.CORE_SCHEMA });

/** The subset's reading is js-yaml's, or it has none. */
function agrees(t: Test, text: string, what: string): unknown {
  const plain = readPlainKubeconfig(text);
  if (plain !== undefined) t.strictSame(plain, core(text), what);
  return plain;
}

const KUBECTL = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://127.0.0.1:6443
  name: kind-kind
contexts:
- context:
    cluster: kind-kind
    namespace: default
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJU+/=
    client-key-data: LS0tLS1CRUdJTiBSU0E=
`;

const INDENTED = `# written by a tool
apiVersion: v1
kind: Config
clusters:
  - name: test
    cluster:
      server: https://localhost:40831
      certificate-authority: ./ca.crt
users:

  - name: admin
    user:
      token: 3adb9f00e1
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: /usr/local/bin/get-token
        args:
          - --cluster=x
          - get
        env: []
contexts:
  - name: admin
    context:
      cluster: test
      user: admin
current-context: admin
`;

t.test('the layouts kubectl, kind and tools write: read, and read as js-yaml reads them', async (t) => {
  t.ok(agrees(t, KUBECTL, 'kubectl'), 'read');
  const indented = agrees(t, INDENTED, 'indented sequences, a comment, a blank line, exec args') as Record<string, unknown>;
  t.ok(indented, 'read');
  t.equal((indented.users as { user: { token: string } }[])[0]!.user.token, '3adb9f00e1', 'a token that starts with a digit stays text');
});

t.test('anything outside the subset is left to js-yaml', async (t) => {
  const refused = [
    'a: "quoted"\n',
    "a: 'quoted'\n",
    'a: 1\n',
    'a: 0x1F\n',
    'a: 1e3\n',
    'a: .inf\n',
    'a: true\n',
    'a: False\n',
    'a: ~\n',
    'a: null\n',
    'a:\n',
    'a:\nb: x\n',
    'a: x\na: y\n',
    'a: x # comment\n',
    'a: x \n',
    'a: x\r\nb: y\r\n',
    'a:\n\tb: x\n',
    '---\na: x\n',
    'a: &x y\n',
    'a: !!str x\n',
    'a: {b: c}\n',
    'a: [b]\n',
    'a: >\n  folded\n',
    'a: x\n  continued\n',
    'a: x:\n',
    'a: - x\n',
    'a: -\n',
    'a: https://[::1]:6443\n',
    '1: x\n',
    '__proto__: x\n',
    ' a: x\n',
    'a: héllo\n',
    '- a\n',
    'a:\n- b: c\n  - d\n',
    'a:b\n',
    '',
    '# only a comment\n',
  ];
  for (const text of refused) t.equal(readPlainKubeconfig(text), undefined, JSON.stringify(text));
});

t.test('generated documents: whenever the subset reads one, js-yaml reads the same', async (t) => {
  const words = ['x', 'e3', '3adb', '1e3', '0x1F', '0o17', '0b1', '08', '1_000', '.5', '.inf', '.foo', 'True', 'null', '~', 'a:b', 'https://h:1/p', 'a=b+c/', '-x', '@x', 'x:', '{}', '[]', '"q"', 'a b', 'NaN', '.NaN', '+1', 'y', 'on', 'no'];
  let seed = 26;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const word = () => words[random(words.length)]!;
  const block = (indent: number, depth: number): string => {
    const pad = ' '.repeat(indent);
    let out = '';
    for (let i = 0, keys = 1 + random(3); i < keys; i++) {
      const key = random(6) === 0 ? word() : `k${i}`;
      const shape = depth > 2 ? 0 : random(4);
      if (shape === 0) out += `${pad}${key}: ${word()}\n`;
      else if (shape === 1) out += `${pad}${key}:\n${block(indent + 2, depth + 1)}`;
      else {
        const dash = shape === 2 ? pad : `${pad}  `;
        out += `${pad}${key}:\n`;
        for (let j = 0, items = 1 + random(2); j < items; j++) {
          if (random(2)) out += `${dash}- ${word()}\n`;
          else out += `${dash}- ${block(dash.length + 2, depth + 1).slice(dash.length + 2)}`;
        }
      }
    }
    return out;
  };
  let read = 0;
  for (let i = 0; i < 3000; i++) {
    const text = block(0, 0);
    let expected: unknown;
    try {
      expected = core(text);
    } catch {
      t.equal(readPlainKubeconfig(text), undefined, `js-yaml refuses it, so does the subset: ${JSON.stringify(text)}`);
      continue;
    }
    const plain = readPlainKubeconfig(text);
    if (plain === undefined) continue;
    read++;
    if (JSON.stringify(plain) !== JSON.stringify(expected)) t.strictSame(plain, expected, JSON.stringify(text));
  }
  t.ok(read > 300, `the subset read ${read} of them`);
});
