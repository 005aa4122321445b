// What `approver-storm.ts --trace` prints for a round: where each CSR's time went between its creation and its
// decision, from the leader's trace (approver-storm-trace.cjs) and the storm's own create and decision times.

/** A leader's trace: its requests and the first time each storm CSR came on its watch (monotonic µs). */
export interface Trace {
  requests: { method: string; path: string; start: number; written?: number; answered?: number; ended?: number }[];
  seen: Record<string, number>;
}

const PHASES = [
  ['on the watch', 'create answered → on the leader\'s watch'],
  ['queued', 'on the watch → its PUT started (queue, judging, a free slot)'],
  ['written', 'PUT started → written'],
  ['server', 'PUT written → answered'],
  ['total', 'create answered → decision'],
] as const;

/**
 * Per phase, p50 / p90 / p99 in ms, and the approval PUTs in flight at each half second from the first create.
 * `offsetMs`: wall-clock ms minus monotonic ms (Date.now() − hrtime / 1000), to put the trace on the storm's times.
 */
export function phaseLines(trace: Trace, created: ReadonlyMap<string, number>, decided: ReadonlyMap<string, number>, started: number, offsetMs: number): string[] {
  const wall = (us: number) => us / 1000 + offsetMs;
  const puts = new Map<string, Trace['requests'][number]>();
  for (const r of trace.requests) {
    const name = /certificatesigningrequests\/([^/?]+)\/approval/.exec(r.path)?.[1];
    if (r.method === 'PUT' && name && r.written !== undefined && r.answered !== undefined) puts.set(decodeURIComponent(name), r);
  }
  const rows: Record<(typeof PHASES)[number][0], number>[] = [];
  for (const [name, at] of created) {
    const seen = trace.seen[name];
    const put = puts.get(name);
    const done = decided.get(name);
    if (seen === undefined || put === undefined || done === undefined) continue;
    rows.push({ 'on the watch': wall(seen) - at, queued: wall(put.start) - wall(seen), written: (put.written! - put.start) / 1000, server: (put.answered! - put.written!) / 1000, total: done - at });
  }
  if (rows.length === 0) return ['trace: no CSR found in the leader\'s trace'];
  const pct = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(p * values.length) - 1)]!;
  const lines = [`trace: ${rows.length} CSRs traced, p50 / p90 / p99 in ms:`];
  for (const [key, text] of PHASES) {
    const values = rows.map((r) => r[key]);
    lines.push(`  ${text}: ${[0.5, 0.9, 0.99].map((p) => pct(values, p).toFixed(0)).join(' / ')}`);
  }
  const spans = [...puts.values()].map((r) => [wall(r.start), wall(r.ended ?? r.answered!)] as const);
  const end = Math.max(...spans.map(([, to]) => to));
  const inFlight: number[] = [];
  for (let t = started + 500; t <= end; t += 500) inFlight.push(spans.filter(([from, to]) => from <= t && to > t).length);
  lines.push(`  approval PUTs in flight by each 0.5 s: ${inFlight.join(' ')}`);
  return lines;
}
