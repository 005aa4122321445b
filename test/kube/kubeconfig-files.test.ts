import t from 'tap';
import path from 'node:path';
import { KubeconfigError } from '../../src/kube/kubeconfig-error.js';
import { kubeconfigSource, loadKubeconfigFiles } from '../../src/kube/kubeconfig-files.js';
import { tempDir, write } from './fixture.js';

t.test('kubeconfigSource', async (t) => {
  const home = '/home/jane';
  t.strictSame(kubeconfigSource('/etc/k.yaml', { KUBECONFIG: '/a:/b' }, home), {
    files: ['/etc/k.yaml'],
    explicit: true,
  });
  t.strictSame(
    kubeconfigSource(undefined, { KUBECONFIG: ['/a', '', '/b', '/a', 'rel/c'].join(path.delimiter) }, home),
    {
      files: ['/a', '/b', 'rel/c'],
      explicit: false,
    },
  );
  t.strictSame(kubeconfigSource(undefined, {}, home), { files: ['/home/jane/.kube/config'], explicit: false });
  t.strictSame(kubeconfigSource(undefined, { KUBECONFIG: '' }, home), {
    files: ['/home/jane/.kube/config'],
    explicit: false,
  });
});

t.test('merge: the first file wins per entry; current-context from the first file that sets it', async (t) => {
  const dir = tempDir(t);
  const first = write(dir, 'first', {
    clusters: [{ name: 'shared', cluster: { server: 'https://first:6443' } }],
    users: [{ name: 'jane', user: { token: 'first-token' } }],
    contexts: [{ name: 'a', context: { cluster: 'shared', user: 'jane' } }],
  });
  const second = write(dir, 'second', {
    clusters: [
      { name: 'shared', cluster: { server: 'https://second:6443', 'tls-server-name': 'second.internal' } },
      { name: 'only-second', cluster: { server: 'https://only-second:6443' } },
    ],
    users: [{ name: 'jane', user: { token: 'second-token', username: 'jane' } }],
    contexts: [{ name: 'a', context: { cluster: 'only-second', user: 'jane', namespace: 'x' } }],
    'current-context': 'from-second',
  });
  const third = write(dir, 'third', { 'current-context': 'from-third' });
  const missing = path.join(dir, 'does-not-exist');

  const merged = loadKubeconfigFiles({ files: [missing, first, second, third], explicit: false });
  t.strictSame(
    [...merged.clusters],
    [
      // whole entry from the first file: the second file's tls-server-name is not mixed in
      ['shared', { server: 'https://first:6443' }],
      ['only-second', { server: 'https://only-second:6443' }],
    ],
  );
  t.strictSame([...merged.users], [['jane', { token: 'first-token' }]]);
  t.strictSame([...merged.userFiles], [['jane', first]], 'the file each user came from');
  t.strictSame([...merged.contexts], [['a', { cluster: 'shared', user: 'jane' }]]);
  t.equal(merged.currentContext, 'from-second');
  t.strictSame(merged.files, [first, second, third]);
});

t.test('missing files are skipped; nothing at all is an empty config', async (t) => {
  const dir = tempDir(t);
  const merged = loadKubeconfigFiles({ files: [path.join(dir, 'x'), path.join(dir, 'y')], explicit: false });
  t.strictSame(merged, { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: null, files: [], userFiles: new Map() });
});

t.test('an empty file is an empty config', async (t) => {
  const dir = tempDir(t);
  const empty = write(dir, 'empty', '');
  const merged = loadKubeconfigFiles({ files: [empty], explicit: true });
  t.strictSame(merged.files, [empty]);
  t.equal(merged.currentContext, null);
});

t.test('--kubeconfig that does not exist is an error worded as kubectl', async (t) => {
  const dir = tempDir(t);
  const missing = path.join(dir, 'nope.yaml');
  t.throws(() => loadKubeconfigFiles({ files: [missing], explicit: true }), {
    constructor: KubeconfigError,
    message: `stat ${missing}: no such file or directory`,
  });
});

t.test('a file that is not YAML names the file', async (t) => {
  const dir = tempDir(t);
  const bad = write(dir, 'bad', 'clusters:\n  - name: a\n   cluster: {\n');
  t.throws(() => loadKubeconfigFiles({ files: [bad], explicit: false }), {
    constructor: KubeconfigError,
    message: `error loading config file "${bad}": yaml: line 3: bad indentation of a sequence entry`,
  });
  const scalar = write(dir, 'scalar', 'just a string\n');
  t.throws(() => loadKubeconfigFiles({ files: [scalar], explicit: true }), {
    message: `error loading config file "${scalar}": not a kubeconfig: the document is a string`,
  });
});

t.test('every unreadable file is reported at once', async (t) => {
  const dir = tempDir(t);
  const a = write(dir, 'a', '[');
  const b = write(dir, 'b', 'x');
  t.throws(() => loadKubeconfigFiles({ files: [a, b], explicit: false }), {
    constructor: KubeconfigError,
    message:
      `[error loading config file "${a}": yaml: line 2: unexpected end of the stream within a flow collection, ` +
      `error loading config file "${b}": not a kubeconfig: the document is a string]`,
  });
});

t.test('relative paths resolve against the directory of the file that defines them', async (t) => {
  const dir = tempDir(t);
  const one = write(dir, 'one/config', {
    clusters: [{ name: 'c1', cluster: { server: 'https://c1', 'certificate-authority': 'ca.crt' } }],
    users: [
      {
        name: 'u1',
        user: {
          'client-certificate': '../certs/jane.crt',
          'client-key': '/abs/jane.key',
          tokenFile: './token',
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin', args: ['get'] },
        },
      },
      { name: 'on-path', user: { exec: { command: 'kubelogin', args: ['token'] } } },
    ],
  });
  const two = write(dir, 'two/config', {
    clusters: [
      { name: 'c1', cluster: { server: 'https://other', 'certificate-authority': 'other.crt' } },
      { name: 'c2', cluster: { server: 'https://c2', 'certificate-authority': 'ca.crt' } },
    ],
  });
  const merged = loadKubeconfigFiles({ files: [one, two], explicit: false });
  t.strictSame(merged.clusters.get('c1'), {
    server: 'https://c1',
    'certificate-authority': path.join(dir, 'one/ca.crt'),
  });
  t.strictSame(merged.clusters.get('c2'), {
    server: 'https://c2',
    'certificate-authority': path.join(dir, 'two/ca.crt'),
  });
  t.strictSame(merged.users.get('u1'), {
    'client-certificate': path.join(dir, 'certs/jane.crt'),
    'client-key': '/abs/jane.key',
    tokenFile: path.join(dir, 'one/token'),
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: path.join(dir, 'one/bin/plugin'),
      args: ['get'],
    },
  });
  // A bare command name is looked up on PATH, so it stays as it is.
  t.strictSame(merged.users.get('on-path'), { exec: { command: 'kubelogin', args: ['token'] } });
});

t.test('a relative KUBECONFIG entry resolves against the working directory', async (t) => {
  const dir = tempDir(t);
  write(dir, 'k/config', {
    clusters: [{ name: 'c', cluster: { server: 'https://c', 'certificate-authority': 'ca' } }],
  });
  const cwd = process.cwd();
  process.chdir(dir);
  t.teardown(() => process.chdir(cwd));
  const merged = loadKubeconfigFiles({ files: ['k/config'], explicit: false });
  t.strictSame(merged.clusters.get('c'), { server: 'https://c', 'certificate-authority': path.join(dir, 'k/ca') });
});
