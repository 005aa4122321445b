// CSR names complete in the form being typed: after `csr/` or what -o name prints, the names come with that prefix,
// and a CSR already on the line in any form is not offered again.
import t from 'tap';
import { completeWords, type Lookups } from '../../src/commands/completion-candidates.js';
import type { CommandLineSpec } from '../../src/commands/completion-spec.js';

const spec: CommandLineSpec = {
  commands: [{ name: 'approve', aliases: [], describe: 'Approve', positionals: [{ name: 'names', variadic: true, choices: [] }], options: [] }],
  globalOptions: [],
};
const lookups: Lookups = {
  csrs: () => Promise.resolve(['jane\tPending, requested by admin', 'joe\tPending, requested by admin']),
  kubeconfigEntries: () => Promise.resolve([]),
};

t.test('plain names, and names after TYPE/', async (t) => {
  t.strictSame((await completeWords(['approve', 'j'], spec, lookups)).candidates, ['jane\tPending, requested by admin', 'joe\tPending, requested by admin']);
  t.strictSame((await completeWords(['approve', 'csr/ja'], spec, lookups)).candidates, ['csr/jane\tPending, requested by admin']);
  t.strictSame((await completeWords(['approve', 'certificatesigningrequest.certificates.k8s.io/'], spec, lookups)).candidates, [
    'certificatesigningrequest.certificates.k8s.io/jane\tPending, requested by admin',
    'certificatesigningrequest.certificates.k8s.io/joe\tPending, requested by admin',
  ]);
});

t.test('a CSR on the line in any form is not offered again', async (t) => {
  t.strictSame((await completeWords(['approve', 'csr/jane', ''], spec, lookups)).candidates, ['joe\tPending, requested by admin']);
  t.strictSame((await completeWords(['approve', 'certificatesigningrequest.certificates.k8s.io/joe', 'csr/'], spec, lookups)).candidates, ['csr/jane\tPending, requested by admin']);
});
