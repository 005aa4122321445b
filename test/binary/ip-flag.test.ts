// An address that is not one is the same mistake in IPv4 and IPv6: one usage error, exit 2, before a key is made.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-ip-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('invalid IPv4 and IPv6 alike: exit 2, one line, no key', async (t) => {
  for (const ip of ['999.1.1.1', '1.2.3', '1::2::3', 'fe80::1%eth0', '::g', 'localhost']) {
    const res = await runCli(['request', 'iptest', '--ip', ip, '--dry-run=client'], { cwd: dir, env: { KUBECONFIG: join(dir, 'none'), HOME: dir } });
    t.equal(res.code, 2, `--ip ${ip}`);
    t.equal(res.stderr, `error: --ip "${ip}" is not an IPv4 or IPv6 address\n`);
    t.equal(existsSync(join(dir, 'iptest.key')), false);
  }
});

t.test('valid addresses of both kinds pass', async (t) => {
  for (const ip of ['10.0.0.1', '::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1']) {
    const res = await runCli(['request', `ok${ip.replace(/[^0-9a-f]/g, '')}`, '--ip', ip, '--dry-run=client', '-o', 'name'], { cwd: dir, env: { KUBECONFIG: join(dir, 'none'), HOME: dir } });
    t.equal(res.code, 0, `--ip ${ip}: ${res.stderr}`);
  }
});
