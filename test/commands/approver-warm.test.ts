// The approver's warm connections (src/commands/approver/warm-connections.ts, issue 25): warmed at once and again
// every period, never two rounds at once, none after the signal; a client that cannot warm is left alone.
import t from 'tap';
import type { CsrApi } from '../../src/kube/api.js';
import { keepConnectionsWarm, WARM_EVERY_MS } from '../../src/commands/approver/warm-connections.js';
import { IDLE_MS } from '../../src/kube/kube-agent.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client whose warm() records its count and resolves when the test says. */
function recording() {
  const calls: number[] = [];
  const pending: (() => void)[] = [];
  const client = { warm: (count: number) => (calls.push(count), new Promise<void>((resolve) => pending.push(resolve))) } as unknown as CsrApi;
  return { client, calls, answer: () => pending.splice(0).forEach((resolve) => resolve()) };
}

t.test('warmed at once, again each period, and not after the signal', async (t) => {
  const { client, calls, answer } = recording();
  const stop = new AbortController();
  keepConnectionsWarm(client, 64, stop.signal, 30);
  t.same(calls, [64], 'at once');
  answer();
  await sleep(45);
  t.same(calls, [64, 64], 'again after a period');
  answer();
  stop.abort();
  await sleep(80);
  t.same(calls, [64, 64], 'none after the signal');
});

t.test('a round still under way is not doubled', async (t) => {
  const { client, calls, answer } = recording();
  const stop = new AbortController();
  t.teardown(() => stop.abort());
  keepConnectionsWarm(client, 8, stop.signal, 20);
  await sleep(75);
  t.same(calls, [8], 'the first GETs are unanswered: no second round');
  answer();
  await sleep(30);
  t.same(calls, [8, 8]);
});

t.test('nothing without warm() or with the signal already aborted', async (t) => {
  const { client, calls } = recording();
  keepConnectionsWarm(client, 8, AbortSignal.abort(), 10);
  keepConnectionsWarm({} as CsrApi, 8, new AbortController().signal, 10);
  await sleep(30);
  t.same(calls, []);
});

t.test('the period is under the time an idle connection is kept', async (t) => {
  t.ok(WARM_EVERY_MS < IDLE_MS, `${WARM_EVERY_MS} < ${IDLE_MS}`);
});
