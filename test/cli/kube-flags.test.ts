import t from 'tap';
import yargs from 'yargs';
import { kubeFlagsFrom, withKubeFlags } from '../../src/cli/kube-flags.js';
import type { KubeFlags } from '../../src/kube/kubeconfig.js';

/** KubeFlags with nothing on the command line, --request-timeout aside. */
const NOT_GIVEN: Omit<KubeFlags, 'requestTimeout'> = {
  kubeconfig: undefined,
  context: undefined,
  cluster: undefined,
  user: undefined,
  server: undefined,
  token: undefined,
  as: undefined,
  asGroups: [],
  asUid: undefined,
  certificateAuthority: undefined,
  clientCertificate: undefined,
  clientKey: undefined,
  insecureSkipTlsVerify: false,
  tlsServerName: undefined,
};

/** Parses `args` for a command `approve NAME` that takes the kubeconfig flags. */
async function parse(args: string[]): Promise<{ name: string; flags: KubeFlags }> {
  let result: { name: string; flags: KubeFlags } | undefined;
  await yargs()
    .command(
      'approve <name>',
      'approve',
      (y) => withKubeFlags(y).positional('name', { type: 'string', demandOption: true }),
      (argv) => {
        result = { name: argv.name, flags: kubeFlagsFrom(argv) };
      },
    )
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync(args);
  if (!result) throw new Error('handler did not run');
  return result;
}

t.test('no flags', async (t) => {
  t.strictSame(await parse(['approve', 'csr-1']), {
    name: 'csr-1',
    flags: { ...NOT_GIVEN, requestTimeout: '0' },
  });
});

t.test('every flag', async (t) => {
  const args = [
    'approve',
    '--kubeconfig',
    '/k',
    '--context=ctx',
    '--cluster',
    'cl',
    '--user',
    'u',
    '-s',
    'https://s:6443',
    '--token',
    'tok',
    '--as',
    'jane',
    '--as-group',
    'g1',
    '--as-group',
    'system:masters',
    '--as-uid',
    '7',
    '--certificate-authority',
    'ca.crt',
    '--client-certificate',
    'c.crt',
    '--client-key',
    'c.key',
    '--insecure-skip-tls-verify',
    '--tls-server-name',
    'api.internal',
    '--request-timeout',
    '1m',
    'csr-2',
  ];
  t.strictSame(await parse(args), {
    name: 'csr-2',
    flags: {
      kubeconfig: '/k',
      context: 'ctx',
      cluster: 'cl',
      user: 'u',
      server: 'https://s:6443',
      token: 'tok',
      as: 'jane',
      asGroups: ['g1', 'system:masters'],
      asUid: '7',
      certificateAuthority: 'ca.crt',
      clientCertificate: 'c.crt',
      clientKey: 'c.key',
      insecureSkipTlsVerify: true,
      tlsServerName: 'api.internal',
      requestTimeout: '1m',
    },
  });
});

t.test('--as-group takes one value, so a positional after it stays positional', async (t) => {
  const { name, flags } = await parse(['approve', '--as-group', 'g', 'csr-3']);
  t.equal(name, 'csr-3');
  t.strictSame(flags.asGroups, ['g']);
});

t.test('a repeated single-value flag: the last one wins; empty means not given', async (t) => {
  const { flags } = await parse(['approve', 'x', '--context', 'a', '--context', 'b', '--token=', '--server', '']);
  t.equal(flags.context, 'b');
  t.equal(flags.token, undefined);
  t.equal(flags.server, undefined);
});

t.test('kubeFlagsFrom maps a bare argv', async (t) => {
  const argv: Parameters<typeof kubeFlagsFrom>[0] = { 'insecure-skip-tls-verify': false, 'request-timeout': '5' };
  t.strictSame(kubeFlagsFrom(argv), { ...NOT_GIVEN, requestTimeout: '5' });
});

t.test('a command\'s help leaves them out and points to `kubectl csr options`, as kubectl does', async (t) => {
  const help = await withKubeFlags(yargs().scriptName('kubectl csr')).getHelp();
  for (const flag of ['--kubeconfig', '--context', '--token', '--request-timeout', 'Kubeconfig flags:']) t.notOk(help.includes(flag), flag);
  t.ok(help.replace(/\s+/g, " ").trimEnd().endsWith('Use "kubectl csr options" for a list of global command-line options (applies to all commands).'), help);
  const parsed = await withKubeFlags(yargs().strict()).parseAsync(['--context', 'x', '--request-timeout', '5s']);
  t.equal(parsed.context, 'x', 'hidden from help, parsed all the same');
});

