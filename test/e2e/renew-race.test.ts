// Two renews of one kubeconfig at once, as two cron jobs that overlap (issue 27: both said they renewed, the file held
// one serial, and the loser's key and certificate stayed on disk referenced by nothing). Against the real control
// plane, twenty rounds: exactly one wins, the loser exits 1 having sent nothing, the file holds the winner's serial,
// and no file is left that the kubeconfig does not reference (besides the ones it referenced before). Then a renew
// killed with SIGKILL while it waits: its lock does not block the next one.
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { BIN } from '../helpers/run-cli.js';
import { api, eventually } from './api.js';
import { admin, adminCreds, certFacts, cli, CSR_PATH, newUser, tag, whoAmI, credentialsOf, workdir } from './renew-fixtures.js';

const ROUNDS = 20;
// Each round is two renews, an approval and an issuance: 7 s on a quiet machine, 13 s at load 25 on two cores, where
// the twenty rounds outlast tap's 300 s for a file.
t.setTimeout(900_000);

async function csrExists(name: string): Promise<boolean> {
  return (await api(adminCreds(), 'GET', `${CSR_PATH}/${name}`)).status === 200;
}

/** A kubeconfig whose user references certs/CN.crt and certs/CN.key, as a hand-made one does. */
async function referencingUser(cwd: string, cn: string): Promise<string> {
  const { config } = await newUser(cwd, cn, '1h');
  mkdirSync(join(cwd, 'certs'));
  renameSync(join(cwd, `${cn}.crt`), join(cwd, 'certs', `${cn}.crt`));
  renameSync(join(cwd, `${cn}.key`), join(cwd, 'certs', `${cn}.key`));
  const user = config.users[0].user;
  delete user['client-certificate-data'];
  delete user['client-key-data'];
  Object.assign(user, { 'client-certificate': `certs/${cn}.crt`, 'client-key': `certs/${cn}.key` });
  const file = join(cwd, 'race.kubeconfig');
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  return file;
}

/** openssl prints 45E0…, renew 45:E0:…; either may keep a leading 00. */
const serialHex = (text: string) => text.replaceAll(':', '').toUpperCase().replace(/^(00)+/, '');

function referenced(file: string): { cert: string; key: string } {
  const user = (yaml.load(readFileSync(file, 'utf8')) as any).users[0].user;
  return { cert: user['client-certificate'], key: user['client-key'] };
}

t.test(`two renews racing, ${ROUNDS} rounds: one wins, the loser exits 1 and leaves nothing`, async (t) => {
  const cwd = workdir('race');
  const cn = `race-${tag}`;
  const file = await referencingUser(cwd, cn);
  const kept = new Set([`${cn}.crt`, `${cn}.key`]);
  for (let round = 1; round <= ROUNDS; round++) {
    // Without --approve each renew waits for its CSR to be approved, so the two surely overlap: the winner is approved
    // only once the loser has ended.
    const names = [`${cn}-r${round}-a`, `${cn}-r${round}-b`];
    const runs = names.map((name) => cli(['renew', file, '--name', name, '--timeout', '90s'], cwd));
    const loserIndex = await Promise.race(runs.map((p, i) => p.then(() => i)));
    const loser = await runs[loserIndex]!;
    const winnerName = names[1 - loserIndex]!;
    t.equal(loser.code, 1, `round ${round}: the one that ended first lost`);
    t.match(loser.stderr, new RegExp(`^error: ${file}\\.lock exists: another kubectl-csr renew \\(process \\d+ on \\S+\\) is at work on it; nothing was sent, and the kubeconfig ${file} is unchanged\\n$`));
    t.equal(loser.stdout, '');
    t.equal(await csrExists(names[loserIndex]!), false, `round ${round}: the loser created no CSR`);
    await eventually(`CSR ${winnerName}`, async () => ((await csrExists(winnerName)) ? true : undefined));
    const approve = await cli(['approve', winnerName], cwd);
    t.equal(approve.code, 0, approve.stderr);
    const winner = await runs[1 - loserIndex]!;
    t.equal(winner.code, 0, `round ${round}: the winner renewed: ${winner.stderr}`);
    const reported = /renewed the client certificate of user "[^"]+" in \S+: serial ([0-9A-F:]+),/.exec(winner.stderr)?.[1];
    const now = referenced(file);
    t.equal(serialHex(certFacts(readFileSync(join(cwd, now.cert))).serial), serialHex(reported ?? 'none'), `round ${round}: the file holds the serial the winner reported`);
    kept.add(now.cert.replace('certs/', '')).add(now.key.replace('certs/', ''));
    t.same(readdirSync(join(cwd, 'certs')).sort(), [...kept].sort(), `round ${round}: every file in certs/ is one the kubeconfig references or referenced`);
    t.same(readdirSync(cwd).sort(), ['certs', `${cn}.kubeconfig`, 'race.kubeconfig'], `round ${round}: no lock, no temporary file`);
  }
  t.equal(kept.size, 2 + 2 * ROUNDS, 'one new key and certificate per round');
  t.equal((await whoAmI(credentialsOf(file, cn))).username, cn, 'the kubeconfig works');
});

t.test('a renew killed while it waits leaves its lock; the next renew takes it over and renews', async (t) => {
  const cwd = workdir('killed');
  const cn = `killed-${tag}`;
  const { kubeconfig } = await newUser(cwd, cn);
  const child = spawn(BIN, ['renew', kubeconfig, '--name', `${cn}-killed`, '--timeout', '90s'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...admin() }, stdio: 'ignore' });
  await eventually(`CSR ${cn}-killed`, async () => ((await csrExists(`${cn}-killed`)) ? true : undefined));
  t.ok(existsSync(`${kubeconfig}.lock`), 'the lock is held while it waits');
  const killed = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await killed;
  t.ok(existsSync(`${kubeconfig}.lock`), 'SIGKILL leaves it behind');

  const res = await cli(['renew', kubeconfig, '--approve', '--name', `${cn}-next`], cwd);
  t.equal(res.code, 0, res.stderr);
  t.match(res.stderr, new RegExp(`^took over ${kubeconfig}\\.lock, left by kubectl-csr renew \\(process ${child.pid} on \\S+\\): process ${child.pid} is gone\\n`));
  t.equal(existsSync(`${kubeconfig}.lock`), false, 'released at the end');
  t.same(readdirSync(cwd).sort(), [`${cn}.crt`, `${cn}.key`, `${cn}.kubeconfig`], 'nothing else left');
  t.equal((await whoAmI(credentialsOf(kubeconfig, cn))).username, cn);
});
