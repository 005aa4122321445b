// `kubectl csr approver run`: the `approve --pending --watch` loop as an in-cluster controller (issue 25). The same
// policy decides; around it, leader election on a Lease (only the leader decides; standbys list and watch, so that
// a failover finds every pending CSR already read), an Event and a log line per decision, /metrics, /healthz and
// /readyz. SIGTERM: in-flight decisions finish, then the Lease is released so a standby takes over at once.
import type { Io } from '../../io.js';
import type { ExitCode } from '../../errors.js';
import type { Cluster } from '../../kube/api.js';
import { APPROVE, DENY } from '../../kube/csr-decision.js';
import { LeaderElector } from '../../kube/leader-election.js';
import { watchApproval } from '../approval/change-approval-watch.js';
import { serveEndpoints } from './http-endpoints.js';
import { ApproverMetrics } from './metrics.js';
import type { ApproverOptions } from './options.js';
import { reporter } from './report.js';
import { keepConnectionsWarm } from './warm-connections.js';
import { rfc3339 } from '../../util/time-text.js';
import { pagedListMemory, tuneForApprover } from '../../startup/v8-tuning.js';

/** After SIGTERM and the release of the Lease, the Events still queued get this long to be posted. */
const EVENT_FLUSH_MS = 2000;

export interface ApproverDeps {
  io: Io;
  now: () => Date;
  /** The cluster, with its controller API: the Lease and the Events are written through it, besides the CSRs. */
  connect: () => Promise<Cluster>;
  signal: AbortSignal;
}

export async function runApprover(opts: ApproverOptions, deps: ApproverDeps): Promise<ExitCode> {
  const { io } = deps;
  const cluster = await deps.connect();
  const { client } = cluster;
  const controller = await cluster.controller();
  tuneForApprover();
  const metrics = new ApproverMetrics();
  const say = (text: string) => io.stderr.write(`${rfc3339(deps.now())} ${text}\n`);
  let synced = false;
  // The caches of Nodes and RBAC run until SIGTERM or the end of the run, whichever comes first.
  const caching = new AbortController();
  const facts = controller.watchFacts(AbortSignal.any([deps.signal, caching.signal]), say, pagedListMemory);
  const withFacts = (c: Cluster): Cluster => ({ ...c, connection: { ...c.connection, readFacts: (names) => facts.read(names) } });
  metrics.refused = () => facts.refused();
  // The warm connections' GETs end with the caches, each within WARM_TIMEOUT_MS (a server that does not answer).
  const warming = cluster.scoped?.({ signal: caching.signal, requests: { inFlight: 0 }, defaultTimeoutMs: WARM_TIMEOUT_MS }) ?? cluster;
  let deciding = () => false;
  const report = reporter(opts.logFormat, { io, now: deps.now, controller, metrics, deciding: () => deciding() });
  // Not ready while a cache is refused (403): the approver's RBAC is wrong, and the CSRs that need it wait.
  const closeEndpoints = await serveEndpoints(opts.bind, { metrics: () => metrics.text(), ready: () => notReady(synced, facts.refused()) });

  let elector: LeaderElector | null = null;
  let resume: (() => void) | undefined;
  if (opts.election) {
    const e = opts.election;
    const lock = controller.lease(e.namespace ?? controller.namespace, e.id);
    elector = new LeaderElector(lock, { ...e, now: () => deps.now().getTime(), log: say });
    say(`leader election on lease ${lock.namespace}/${lock.name} as ${e.identity}; standing by until it is held`);
    elector.onChange((leading) => {
      metrics.leader = leading;
      if (leading) resume?.();
    });
  } else {
    metrics.leader = true;
  }
  // The election outlives the watch by the time in-flight decisions take: released only after the last one.
  const electing = new AbortController();
  const election = elector?.run(electing.signal);
  try {
    return await watchApproval(
      APPROVE,
      { pending: { signer: opts.signer }, failingOnly: false, dryRun: opts.dryRun, force: false, policy: opts.policy },
      {
        io,
        now: deps.now,
        client,
        connection: withFacts(cluster).connection,
        scoped: cluster.scoped && ((scope) => withFacts(cluster.scoped!(scope))),
        signal: deps.signal,
        listMemory: pagedListMemory,
        hooks: {
          leading: elector ? () => elector.leading() : undefined,
          onLeading: (kick) => (resume = kick),
          onDeciding: (d) => (deciding = d),
          report: report.report,
          denyBlocked: opts.skipDenyStep ? undefined : DENY,
          accept: opts.ignoreNonSystemNode ? (csr) => (csr.spec.username ?? '').startsWith('system:node:') : undefined,
          synced: () => {
            synced = true;
            keepConnectionsWarm(warming.client, DECISIONS_IN_FLIGHT, caching.signal);
          },
          retryForbidden: true,
          parallel: DECISIONS_IN_FLIGHT,
          judgeAtOnce: JUDGE_AT_ONCE,
          restarted: (why) => metrics.restarted(why),
        },
      },
    );
  } finally {
    electing.abort();
    caching.abort();
    await election;
    // After the release, so that the standby takes over while the last Events are posted.
    const unposted = await report.flush(EVENT_FLUSH_MS);
    if (unposted > 0) say(`${unposted} event${unposted === 1 ? '' : 's'} not posted within ${EVENT_FLUSH_MS / 1000}s of stopping; their decisions stand`);
    await closeEndpoints();
  }
}

/** Why /readyz answers 503, or null when it answers ok. */
function notReady(synced: boolean, caches: ReadonlyMap<string, string | null>): string | null {
  if (!synced) return 'the CSR watch is not synced yet';
  const refused = [...caches].filter(([, refusal]) => refusal !== null).map(([resource]) => resource);
  return refused.length > 0 ? `forbidden to list and watch ${refused.join(', ')}: CSRs that need them are not judged` : null;
}

/**
 * Decisions in flight. The API server shares itself among the requests in flight, so an approver with fewer in flight
 * than a storm's nodes have creates falls behind them (BENCHMARKS.md: with 16, and at 5 000 CSRs with the 64 creates
 * of scripts/bench/approver-storm.ts, with 64 too). 96 is about the seats that a default API server's priority and
 * fairness gives the level the approver's requests go to (kube-system's service accounts: workload-high, 40 of 245
 * shares of 600 seats); more would wait in its queues. Fewer run when fewer CSRs wait.
 */
const DECISIONS_IN_FLIGHT = 96;
/** A GET of warm-connections.ts unanswered after this is given up (the next round opens its connection again). */
const WARM_TIMEOUT_MS = 10_000;
/** CSRs judged at once (hooks.judgeAtOnce): a few milliseconds of CPU each, so the event loop stays free to take answers. */
const JUDGE_AT_ONCE = 16;
