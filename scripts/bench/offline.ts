// The sections that need no cluster: start-up against Node's bare start and kubectl's, and key + request generation
// against the openssl pipeline users would otherwise type.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';
import type { Row } from './report.js';
import { timeCommands, type Command } from './timing.js';

export const EMBEDDED_NODE = 'node -e 0 (embedded runtime)';
export const HELP = 'kubectl-csr --help';
export const VERSION = 'kubectl-csr version';
export const KUBECTL_VERSION = 'kubectl version --client';
export const OPENSSL_RSA = 'openssl genrsa 2048 && openssl req -new';
export const OPENSSL_EC = 'openssl ecparam P-256 && openssl req -new';
export const REQUEST_RSA = 'kubectl-csr request --local -o yaml';
export const REQUEST_EC = 'kubectl-csr request --key-type ecdsa-p256 --local -o yaml';

export function startup(ctx: BenchContext): Row[] {
  const dir = join(ctx.work, 'startup');
  mkdirSync(dir, { recursive: true });
  // A request made by openssl, so that inspect reads something it did not write itself.
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'x.key', '-subj', '/CN=jane/O=dev/O=ops', '-out', 'x.csr'], { cwd: dir, stdio: 'ignore' });
  const commands: Command[] = [
    { name: EMBEDDED_NODE, argv: [ctx.embeddedNode, '-e', '0'] },
    { name: 'node -e 0 (system Node.js)', argv: [ctx.systemNode, '-e', '0'] },
    { name: HELP, argv: [ctx.bin, '--help'] },
    { name: VERSION, argv: [ctx.bin, 'version'] },
    { name: 'kubectl-csr inspect -f x.csr', argv: [ctx.bin, 'inspect', '-f', 'x.csr'] },
    { name: 'node dist/kubectl-csr.cjs --help (system Node.js)', argv: [ctx.systemNode, ctx.bundle, '--help'] },
    { name: KUBECTL_VERSION, argv: [ctx.kubectl, 'version', '--client'] },
  ];
  const t = timeCommands(commands, { env: ctx.offlineEnv, cwd: dir }, { runs: ctx.runs.startup, warmup: ctx.runs.warmup, rssRuns: ctx.runs.rss, tools: ctx.tools, log: ctx.log });
  return commands.map((c) => ({
    section: 'start-up',
    command: c.name,
    ...t.get(c.name)!,
    ...(c.name === EMBEDDED_NODE ? {} : { versus: EMBEDDED_NODE, ratio: 'slower' as const }),
  }));
}

export function request(ctx: BenchContext): Row[] {
  const dir = join(ctx.work, 'request');
  mkdirSync(dir, { recursive: true });
  const sh = (script: string) => ['sh', '-c', script];
  // Both sides write a key and a request; kubectl-csr's request is the CertificateSigningRequest manifest as well.
  const commands: Command[] = [
    { name: OPENSSL_RSA, argv: sh('openssl genrsa -out o.key 2048 2>/dev/null && openssl req -new -key o.key -subj /CN=bench/O=dev -out o.csr') },
    { name: REQUEST_RSA, argv: [ctx.bin, 'request', 'bench', '-g', 'dev', '--local', '-o', 'yaml', '--key-out', 'k.key', '--overwrite'] },
    { name: OPENSSL_EC, argv: sh('openssl ecparam -name prime256v1 -genkey -noout -out e.key && openssl req -new -key e.key -subj /CN=bench/O=dev -out e.csr') },
    { name: REQUEST_EC, argv: [ctx.bin, 'request', 'bench', '-g', 'dev', '--key-type', 'ecdsa-p256', '--local', '-o', 'yaml', '--key-out', 'ke.key', '--overwrite'] },
  ];
  const t = timeCommands(commands, { env: ctx.offlineEnv, cwd: dir }, { runs: ctx.runs.request, warmup: ctx.runs.warmup, rssRuns: ctx.runs.rss, tools: ctx.tools, log: ctx.log });
  const versus: Record<string, string> = { [REQUEST_RSA]: OPENSSL_RSA, [REQUEST_EC]: OPENSSL_EC };
  return commands.map((c) => ({
    section: 'request',
    command: c.name,
    ...t.get(c.name)!,
    ...(versus[c.name] ? { versus: versus[c.name], ratio: 'slower' as const } : {}),
  }));
}
