// The approver's connections, open before a storm needs them (issue 25). A replica that has been quiet holds no free
// connection for its decisions, and a storm's first decisions each opened one: TLS handshakes against an API server
// busy with the storm's creations, about 700 ms before the first approvals could even be sent (storm trace,
// BENCHMARKS.md). So every replica, standby or leader, opens as many keep-alive connections as it sends decisions at
// once, once its watch is synced, and uses them again every WARM_EVERY_MS, under the agent's idle time (kube-agent.ts
// IDLE_MS), so that they stay open. No fact about any CSR travels on them: a GET /version on each.
import type { CsrApi } from '../../kube/api.js';

/** Under kube-agent.ts's IDLE_MS (60 s), after which an idle connection is closed. */
export const WARM_EVERY_MS = 30_000;

/** Warms `count` connections now and every `everyMs` until the signal aborts; a round still under way is not doubled. */
export function keepConnectionsWarm(client: CsrApi, count: number, signal: AbortSignal, everyMs = WARM_EVERY_MS): void {
  const warm = client.warm?.bind(client);
  if (!warm || signal.aborted) return;
  let warming: Promise<void> | null = null;
  const round = () => {
    warming ??= warm(count).finally(() => (warming = null));
  };
  round();
  const timer = setInterval(round, everyMs);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
