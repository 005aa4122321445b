// kubectl's kubeconfig flags (cli-runtime genericclioptions.ConfigFlags), declared once for every command that
// talks to a cluster. kubectl hands a plugin every argument after its name, so the plugin parses these itself.
// -v is declared here too, for `kubectl csr options`; the main parser gives it to every command.
import type { Argv, InferredOptionTypes, Options } from 'yargs';
import type { KubeFlags } from '../kube/kubeconfig.js';
import { lastValue, singleValue } from '../commands/shared/flags.js';

export const OPTIONS_HINT = 'Use "kubectl csr options" for a list of global command-line options (applies to all commands).';

/** cli-runtime's ConfigFlags, with kubectl's help texts: the one declaration of each flag. */
export const KUBE_FLAGS = {
  kubeconfig: singleValue({ type: 'string', requiresArg: true, describe: 'Path to the kubeconfig file to use for CLI requests.' }),
  context: singleValue({ type: 'string', requiresArg: true, describe: 'The name of the kubeconfig context to use' }),
  cluster: singleValue({ type: 'string', requiresArg: true, describe: 'The name of the kubeconfig cluster to use' }),
  user: singleValue({ type: 'string', requiresArg: true, describe: 'The name of the kubeconfig user to use' }),
  server: singleValue({ alias: 's', type: 'string', requiresArg: true, describe: 'The address and port of the Kubernetes API server' }),
  token: singleValue({ type: 'string', requiresArg: true, describe: 'Bearer token for authentication to the API server' }),
  as: singleValue({
    type: 'string',
    requiresArg: true,
    describe: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.',
  }),
  // nargs 1: an array option would otherwise swallow the positional arguments that follow it
  // (`--as-group g approve NAME`); repeating the flag still collects every value, as kubectl's StringArray does.
  'as-group': {
    type: 'array',
    string: true,
    nargs: 1,
    describe: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.',
  },
  'as-uid': singleValue({ type: 'string', requiresArg: true, describe: 'UID to impersonate for the operation.' }),
  'certificate-authority': singleValue({ type: 'string', requiresArg: true, describe: 'Path to a cert file for the certificate authority' }),
  'client-certificate': singleValue({ type: 'string', requiresArg: true, describe: 'Path to a client certificate file for TLS' }),
  'client-key': singleValue({ type: 'string', requiresArg: true, describe: 'Path to a client key file for TLS' }),
  'insecure-skip-tls-verify': {
    type: 'boolean',
    default: false,
    describe: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  },
  'tls-server-name': singleValue({
    type: 'string',
    requiresArg: true,
    describe: 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used',
  }),
  'request-timeout': singleValue({
    type: 'string',
    default: '0',
    requiresArg: true,
    describe:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
  }),
} as const satisfies Record<string, Options>;

/** -v: kubectl's verbosity levels, the ones this plugin acts on. */
export const VERBOSITY_FLAG = singleValue({
  type: 'number',
  describe: "Log verbosity: from 6, kubectl's trace of each request (7 headers, 8 bodies, 9 curl) and stack traces",
  global: true,
});

/** What `kubectl csr options` lists: the flags every command takes. */
export const GLOBAL_FLAGS = { ...KUBE_FLAGS, v: VERBOSITY_FLAG };

/** The parsed flags as yargs hands them to a handler, inferred from the declaration. */
export type KubeFlagsArgv = InferredOptionTypes<typeof KUBE_FLAGS>;

const NAMES = Object.keys(KUBE_FLAGS);

/**
 * Every command takes these flags; as in kubectl, a command's help leaves them out and `kubectl csr options` lists
 * them (cli/help-layout.ts optionsHelp). Hidden from help only: they parse, and complete, everywhere.
 */
export function withKubeFlags<T>(y: Argv<T>) {
  const declared = y.options(KUBE_FLAGS);
  for (const name of NAMES) declared.hide(name);
  return declared.epilogue(OPTIONS_HINT);
}

/**
 * argv → the typed flags kube/ works with. Empty values count as not given, as with kubectl. Completion hands in the
 * flags of a half-typed line, unchecked, so each value is taken as it comes.
 */
export function kubeFlagsFrom(argv: { readonly [K in keyof KubeFlagsArgv]?: unknown }): KubeFlags {
  return {
    kubeconfig: given(argv.kubeconfig),
    context: given(argv.context),
    cluster: given(argv.cluster),
    user: given(argv.user),
    server: given(argv.server),
    token: given(argv.token),
    as: given(argv.as),
    asGroups: [argv['as-group'] ?? []].flat().map(String),
    asUid: given(argv['as-uid']),
    certificateAuthority: given(argv['certificate-authority']),
    clientCertificate: given(argv['client-certificate']),
    clientKey: given(argv['client-key']),
    insecureSkipTlsVerify: argv['insecure-skip-tls-verify'] === true,
    tlsServerName: given(argv['tls-server-name']),
    requestTimeout: given(argv['request-timeout']),
  };
}

function given(value: unknown): string | undefined {
  // yargs hands in one value (singleValue); completion's unchecked flags are taken the same way.
  const last = lastValue(value);
  if (last === undefined || last === null) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- yargs gives strings, numbers and booleans here
  const text = String(last);
  return text === '' ? undefined : text;
}
