// `--help` and `COMMAND --help` are printed from texts the build rendered (src/startup/precomputed-help.ts): they
// must be exactly what main() prints from the current source, for the binary and for the bundle under node.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { commandNames, renderHelp } from '../../src/main.js';
import { run } from '../package/run.js';
import { runCli } from '../helpers/run-cli.js';

const bundle = fileURLToPath(new URL('../../dist/kubectl-csr.cjs', import.meta.url));

t.test('every baked help text is the one yargs renders (stdout is not a terminal: nothing wrapped)', async (t) => {
  for (const command of ['', ...(await commandNames())]) {
    for (const flag of ['--help', '-h']) {
      const argv = command ? [command, flag] : [flag];
      const expected = await renderHelp(argv, 0);
      const binary = await runCli(argv);
      t.equal(binary.code, 0, `${argv.join(' ')}: ${binary.stderr}`);
      t.equal(binary.stdout, expected, `kubectl-csr ${argv.join(' ')}`);
      t.equal(binary.stderr, '');
      if (flag === '--help') t.equal((await run(process.execPath, [bundle, ...argv])).stdout, expected, `node kubectl-csr.cjs ${argv.join(' ')}`);
    }
  }
});

t.test('help that was not baked comes from yargs, the same', async (t) => {
  const alias = await runCli(['ls', '--help']);
  t.equal(alias.code, 0);
  t.equal(alias.stdout, await renderHelp(['ls', '--help'], 0));
  const late = await runCli(['list', '--pending', '--help']);
  t.equal(late.stdout, await renderHelp(['list', '--pending', '--help'], 0));
});
