// The approver as a verb (issue 22): complete() checks every flag for both actions (a usage error, exit 2, before
// anything is read or served), then run() prints the manifest or runs the controller until SIGTERM.
import type { ExitCode } from '../../errors.js';
import type { ArgvOf } from '../shared/flags.js';
import type { RunDeps } from '../shared/verb.js';
import { APPROVER, PASSED_ON } from './approver-flags.js';
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE, printManifest, type ManifestOptions } from './manifest.js';
import { approverOptions, type ApproverOptions } from './options.js';
import { runApprover } from './run.js';

type ApproverVerbOptions = { action: 'manifest'; manifest: ManifestOptions } | { action: 'run'; approver: ApproverOptions };

export function complete(a: ArgvOf<typeof APPROVER.flags>) {
  // manifest checks them too: the flags it hands on must be valid ones.
  const approver = approverOptions(a);
  if (a.action === 'manifest') {
    const manifest = { namespace: a.leaderElectNamespace || DEFAULT_NAMESPACE, image: a.image || DEFAULT_IMAGE, signer: a.signer, runArgs: passedOn(a) };
    return { options: { action: 'manifest', manifest } as ApproverVerbOptions };
  }
  return { options: { action: 'run', approver } as ApproverVerbOptions, untilStopped: true };
}

export function run(opts: ApproverVerbOptions, deps: RunDeps): Promise<ExitCode> {
  if (opts.action === 'manifest') return Promise.resolve(printManifest(opts.manifest, deps.io));
  return runApprover(opts.approver, { io: deps.io, now: deps.now, connect: deps.api, signal: deps.signal });
}

/** The flags given on this command line (other than their defaults) that the Deployment runs with, as words. */
function passedOn(a: ArgvOf<typeof APPROVER.flags>): string[] {
  const words: string[] = [];
  for (const flag of PASSED_ON) {
    const value = (a as Record<string, unknown>)[flag.replace(/-(.)/g, (_, c: string) => c.toUpperCase())];
    const fallback: unknown = 'default' in APPROVER.flags[flag] ? APPROVER.flags[flag].default : undefined;
    if (Array.isArray(value)) for (const v of value as unknown[]) words.push(`--${flag}=${String(v)}`);
    else if (value === true) words.push(`--${flag}`);
    else if ((typeof value === 'string' || typeof value === 'number') && value !== fallback) words.push(`--${flag}=${value}`);
  }
  return words;
}
