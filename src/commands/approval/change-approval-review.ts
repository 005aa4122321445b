// approve --pending --interactive: one CSR at a time, on a terminal. Each gets its summary, its findings and what it
// would grant, then a question: approve, deny (with an optional message), skip, or quit. A CSR with block findings
// is approved only by typing their ids, never by "y": the override must be as deliberate as --allow.
import { CliError, ExitCode, UsageError, errorLine } from '../../errors.js';
import type { Io } from '../../io.js';
import { reviewText } from '../../output/review-text.js';
import { accessLines } from '../../output/access-text.js';
import type { Assessment } from '../../policy/assessment.js';
import { findingIds } from '../../policy/finding.js';
import { APPROVE, DENY } from '../../kube/csr-decision.js';
import { byName, type Csr } from '../../kube/csr.js';
import type { Printer } from '../../output/printer.js';
import { assess } from '../shared/assess.js';
import { decide } from '../shared/decide.js';
import { pendingTargets, type ChangeApprovalDeps, type ChangeApprovalOptions } from './change-approval.js';
import { denialMessage } from './approval-selection.js';

type Options = Pick<ChangeApprovalOptions, 'names' | 'pending' | 'force' | 'reason' | 'policy'>;

type Answer = { kind: 'approve' } | { kind: 'deny'; message?: string } | { kind: 'skip' } | { kind: 'quit' };

export async function reviewApproval(opts: Options, printer: Printer<Csr>, deps: ChangeApprovalDeps): Promise<ExitCode> {
  const { io } = deps;
  if (!io.stdinIsTTY || !io.prompt) throw new UsageError('--interactive needs a terminal: standard input is not one');
  const csrs = opts.pending ? await pendingTargets(opts.pending, deps.client) : (await Promise.all(opts.names.map((n) => deps.client.get(n)))).sort(byName);
  if (csrs.length === 0) {
    io.stderr.write('No resources found\n');
    return ExitCode.ok;
  }
  const assessments = await assess(csrs, deps.connection, opts.policy);
  const counts = { approved: 0, denied: 0, skipped: 0, failed: 0 };
  let exit: ExitCode = ExitCode.ok;

  for (const [i, a] of assessments.entries()) {
    io.stderr.write(reviewText({ csr: a.csr, request: a.request, findings: a.findings, blockers: a.blockers, access: a.access ? accessLines(a.access) : undefined, position: `${i + 1}/${assessments.length}`, now: deps.now() }));
    const answer = await ask(a, io);
    if (answer.kind === 'quit') {
      counts.skipped += assessments.length - i;
      break;
    }
    if (answer.kind === 'skip') {
      counts.skipped++;
      continue;
    }
    const decision = answer.kind === 'approve' ? APPROVE : DENY;
    const message = answer.kind === 'deny' ? (answer.message ?? denialMessage(decision, a)) : undefined;
    try {
      const name = a.csr.metadata.name!;
      await decide(name, decision, { force: opts.force, reason: opts.reason, message, initial: a.csr }, deps);
      printer.done(name, decision.verb);
      if (answer.kind === 'approve') counts.approved++;
      else counts.denied++;
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      io.stderr.write(errorLine(err.message));
      counts.failed++;
      exit = err.exitCode;
    }
  }
  io.stderr.write(`approved ${counts.approved}, denied ${counts.denied}, skipped ${counts.skipped}, failed ${counts.failed}\n`);
  return exit;
}

/** Asks until the answer is one of the choices; end of input or Ctrl-C is quit. */
async function ask(a: Assessment, io: Io): Promise<Answer> {
  const prompt = (question: string) => io.prompt!(question);
  const blockIds: string[] = findingIds(a.blockers);
  const approveHint = blockIds.length ? `type ${blockIds.join(' ')} to approve despite the block` : '[y]es to approve';
  for (;;) {
    const raw = await prompt(`${approveHint}, [d]eny, [s]kip, [q]uit: `);
    if (raw === null) return { kind: 'quit' };
    const answer = raw.trim();
    const typed = answer.split(/[\s,]+/).filter(Boolean);
    if (blockIds.length && typed.length && blockIds.every((id) => typed.includes(id)) && typed.every((id) => blockIds.includes(id))) return { kind: 'approve' };
    switch (answer.toLowerCase()) {
      case 'y':
      case 'yes':
        if (!blockIds.length) return { kind: 'approve' };
        io.stderr.write(`not approved: blocked by ${blockIds.join(', ')}; "y" does not override a block, typing ${blockIds.length === 1 ? 'its id' : 'their ids'} does\n`);
        continue;
      case 'd':
      case 'deny': {
        const message = await prompt('message (Enter for the default, which names the findings): ');
        if (message === null) return { kind: 'quit' };
        return { kind: 'deny', message: message.trim() || undefined };
      }
      case 's':
      case 'skip':
      case '':
        return { kind: 'skip' };
      case 'q':
      case 'quit':
        return { kind: 'quit' };
      default:
        io.stderr.write(`unknown answer "${answer}"\n`);
    }
  }
}
