// scripts/archive.mjs against the tools users unpack with: tar reads the .tar.gz, unzip (or Python's zipfile) the
// .zip, with the contents, modes and times written; and the same input makes the same bytes.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { has } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-csr-archive-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'tool'), '#!/bin/sh\necho tool\n');
writeFileSync(join(dir, 'notes'), 'x'.repeat(100_000));
const entries = [
  { name: 'kubectl-csr', file: join(dir, 'tool'), mode: 0o755 },
  { name: 'LICENSE', file: join(dir, 'notes'), mode: 0o644 },
];
const MTIME = 1_764_000_000; // 2025-11-24T16:00:00Z
const archive = async () => import(new URL('../../scripts/archive.mjs', import.meta.url).href);

t.test('tar.gz: what tar lists and unpacks', async (t) => {
  const { writeTarGz } = await archive();
  await writeTarGz(join(dir, 'a.tar.gz'), entries, MTIME);
  await writeTarGz(join(dir, 'b.tar.gz'), entries, MTIME);
  t.ok(readFileSync(join(dir, 'a.tar.gz')).equals(readFileSync(join(dir, 'b.tar.gz'))), 'reproducible');
  const listing = execFileSync('tar', ['-tvzf', join(dir, 'a.tar.gz')], { env: { TZ: 'UTC', PATH: process.env.PATH } }).toString();
  t.match(listing, /^-rwxr-xr-x root\/root +20 2025-11-24 16:00 kubectl-csr\n-rw-r--r-- root\/root +100000 2025-11-24 16:00 LICENSE\n$/);
  const out = join(dir, 'tar');
  mkdirSync(out);
  execFileSync('tar', ['-xzf', join(dir, 'a.tar.gz'), '-C', out]);
  t.equal(execFileSync(join(out, 'kubectl-csr')).toString(), 'tool\n');
  t.equal(readFileSync(join(out, 'LICENSE'), 'utf8'), 'x'.repeat(100_000));
});

t.test('zip: what unzip unpacks', { skip: !has('unzip') && !has('python3') && 'needs unzip or python3' }, async (t) => {
  const { writeZip } = await archive();
  await writeZip(join(dir, 'a.zip'), entries, MTIME);
  await writeZip(join(dir, 'b.zip'), entries, MTIME);
  t.ok(readFileSync(join(dir, 'a.zip')).equals(readFileSync(join(dir, 'b.zip'))), 'reproducible');
  const out = join(dir, 'zip');
  mkdirSync(out);
  if (has('unzip')) {
    execFileSync('unzip', ['-tq', join(dir, 'a.zip')]);
    execFileSync('unzip', ['-q', join(dir, 'a.zip'), '-d', out]);
    t.equal(statSync(join(out, 'kubectl-csr')).mode & 0o777, 0o755, 'the Unix mode is kept');
  } else {
    execFileSync('python3', ['-m', 'zipfile', '-e', join(dir, 'a.zip'), out]);
  }
  t.equal(readFileSync(join(out, 'kubectl-csr'), 'utf8'), '#!/bin/sh\necho tool\n');
  t.equal(readFileSync(join(out, 'LICENSE'), 'utf8'), 'x'.repeat(100_000));
});
