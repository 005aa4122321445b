// The approver's reporter (src/commands/approver/report.ts): what a queued Event is given. During a storm Events fall
// thousands behind the decisions, so each must hold its text and the CSR's name, uid and version, not the CSR; they
// give way (one at a time) while decisions wait; the lines of one turn of the event loop are one write.
import t from 'tap';
import { reporter, eventFor, MAX_QUEUED_EVENTS } from '../../src/commands/approver/report.js';
import { ApproverMetrics } from '../../src/commands/approver/metrics.js';
import type { ControllerApi } from '../../src/kube/api.js';
import type { Csr } from '../../src/kube/csr.js';
import type { CsrEvent, EventSubject } from '../../src/kube/events.js';
import type { Assessment } from '../../src/policy/assessment.js';
import type { Io } from '../../src/io.js';

t.test('an Event is queued with its text and a three-field subject, and posted in order', async (t) => {
  const posted: { subject: EventSubject; event: CsrEvent }[] = [];
  let answer: () => void = () => {};
  const controller = {
    recordEvent: (subject: EventSubject, event: CsrEvent) => {
      posted.push({ subject, event });
      return new Promise<void>((resolve) => (answer = resolve));
    },
  } as unknown as ControllerApi;
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } } as unknown as Io;
  const report = reporter('text', { io, now: () => new Date('2026-12-07T00:00:00Z'), controller, metrics: new ApproverMetrics() });
  const assessments: Assessment[] = Array.from({ length: 6 }, (_, i) => {
    const csr: Csr = {
      metadata: { name: `storm-${i}`, uid: `uid-${i}`, resourceVersion: `${100 + i}`, creationTimestamp: '2026-12-06T23:59:59Z' },
      spec: { request: 'UkVRVUVTVA==', signerName: 'kubernetes.io/kubelet-serving', username: 'system:node:w1' },
    };
    return { csr, request: null, findings: [], blockers: [], grants: null } as unknown as Assessment;
  });
  for (const a of assessments) await report.report({ result: 'approved', assessment: a });
  t.equal(out.length, 0, 'the lines wait for the end of the turn');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(out.length, 1, 'six log lines in one write');
  t.equal(out[0]!.split('\n').length, 7);
  t.match(out[0]!.split('\n')[5], /approved storm-5/);
  t.equal(posted.length, 4, 'four Events in flight, two queued');
  t.strictSame(posted[0], { subject: { metadata: { name: 'storm-0', uid: 'uid-0', resourceVersion: '100' } }, event: eventFor({ result: 'approved', assessment: assessments[0]! }) });
  for (let i = 0; i < 2; i++) {
    answer();
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.strictSame(
    posted.map((p) => p.subject.metadata.name),
    ['storm-0', 'storm-1', 'storm-2', 'storm-3', 'storm-4', 'storm-5'],
  );
  t.strictSame(posted[5]!.subject, { metadata: { name: 'storm-5', uid: 'uid-5', resourceVersion: '105' } });
});

function fixture(n: number) {
  const posted: string[] = [];
  const answers: (() => void)[] = [];
  const controller = {
    recordEvent: (subject: EventSubject) => {
      posted.push(subject.metadata.name!);
      return new Promise<void>((resolve) => answers.push(resolve));
    },
  } as unknown as ControllerApi;
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } } as unknown as Io;
  const assessments = Array.from({ length: n }, (_, i) => ({ csr: { metadata: { name: `storm-${i}`, uid: `uid-${i}`, resourceVersion: '1' }, spec: { request: '', signerName: 'kubernetes.io/kubelet-serving' } }, findings: [], blockers: [] }) as unknown as Assessment);
  return { posted, answers, out, io, controller, assessments };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

t.test('while decisions wait, one Event at a time; four again once none waits', async (t) => {
  const f = fixture(8);
  let deciding = true;
  const report = reporter('json', { io: f.io, now: () => new Date(), controller: f.controller, metrics: new ApproverMetrics(), deciding: () => deciding });
  for (const a of f.assessments) await report.report({ result: 'approved', assessment: a });
  t.strictSame(f.posted, ['storm-0'], 'one Event in flight while deciding');
  f.answers.shift()!();
  await tick();
  t.strictSame(f.posted, ['storm-0', 'storm-1'], 'the next one only when it is answered');
  deciding = false;
  f.answers.shift()!();
  await tick();
  t.strictSame(f.posted, ['storm-0', 'storm-1', 'storm-2', 'storm-3', 'storm-4', 'storm-5'], 'four in flight once no decision waits');
  while (f.answers.length > 0) {
    f.answers.shift()!();
    await tick();
  }
  t.equal(f.posted.length, 8, 'every decision has its Event');
  t.equal(await report.flush(100), 0);
});

t.test('flush writes the lines of the turn at once', async (t) => {
  const f = fixture(2);
  const report = reporter('json', { io: f.io, now: () => new Date(), controller: f.controller, metrics: new ApproverMetrics() });
  for (const a of f.assessments) await report.report({ result: 'approved', assessment: a, dryRun: true });
  t.equal(f.out.length, 0);
  t.equal(await report.flush(100), 0, 'no Event in a dry run');
  t.equal(f.out.length, 1);
  t.strictSame(f.out[0]!.trim().split('\n').map((l) => (JSON.parse(l) as { csr: string }).csr), ['storm-0', 'storm-1']);
  await tick();
  t.equal(f.out.length, 1, 'nothing written twice');
});

/** The lines of one metric family in the exposition text. */
const family = (metrics: ApproverMetrics, name: string) => metrics.text().split('\n').filter((l) => l.includes(`kubectl_csr_approver_${name}`));

t.test('a storm that outruns the API server: 1000 Events held, the rest dropped and counted, one line per burst; every decision still logged', async (t) => {
  t.equal(MAX_QUEUED_EVENTS, 1000, "client-go's maxQueuedEvents");
  const f = fixture(2200);
  const err: string[] = [];
  const io = { stdout: f.io.stdout, stderr: { write: (s: string) => err.push(s) } } as unknown as Io;
  const metrics = new ApproverMetrics();
  const report = reporter('json', { io, now: () => new Date('2026-12-07T08:00:00Z'), controller: f.controller, metrics });
  for (const a of f.assessments.slice(0, 1500)) await report.report({ result: 'approved', assessment: a });
  await tick();
  t.equal(f.posted.length, 4, 'four in flight, the server answers none');
  t.equal(f.out.join('').trim().split('\n').length, 1500, 'every decision logged');
  t.strictSame(family(metrics, 'decisions_total').slice(2), ['kubectl_csr_approver_decisions_total{result="approved"} 1500']);
  t.strictSame(family(metrics, 'events_dropped_total'), [
    '# HELP kubectl_csr_approver_events_dropped_total Events of decisions not recorded, by reason (queue_full: as many as the queue holds were already waiting for the API server; failed: refused or unanswered after their retries). Their decisions stand.',
    '# TYPE kubectl_csr_approver_events_dropped_total counter',
    'kubectl_csr_approver_events_dropped_total{reason="failed"} 0',
    'kubectl_csr_approver_events_dropped_total{reason="queue_full"} 500',
  ]);
  t.strictSame(err, [], 'nothing said while the queue stays full');

  // The server answers: the burst is said once the queue has drained to half, in one line.
  while (f.posted.length < 503) {
    f.answers.shift()!();
    await tick();
  }
  t.strictSame(err, [], 'not yet: 501 still held');
  f.answers.shift()!();
  await tick();
  t.strictSame(err, ['2026-12-07T08:00:00Z 500 events dropped since 2026-12-07T08:00:00Z: 1000 were waiting for the API server; their decisions stand\n']);

  // A second burst after the queue refills is said again, and flush() says an open one.
  for (const a of f.assessments.slice(1500, 2200)) await report.report({ result: 'denied', assessment: a });
  t.equal(family(metrics, 'events_dropped_total').at(-1), 'kubectl_csr_approver_events_dropped_total{reason="queue_full"} 700', '500 + 200: 500 fit beside the 500 held');
  t.equal(await report.flush(10), 1000, 'the server answers no more: the held Events are left unposted');
  t.equal(err.length, 2);
  t.equal(err[1], '2026-12-07T08:00:00Z 200 events dropped since 2026-12-07T08:00:00Z: 1000 were waiting for the API server; their decisions stand\n');
  t.strictSame(f.posted, f.assessments.slice(0, 504).map((a) => a.csr.metadata.name), 'posted in order, from the first');
});

t.test('an Event the server refuses after its retries is counted as failed, and said', async (t) => {
  const f = fixture(1);
  const err: string[] = [];
  const io = { stdout: f.io.stdout, stderr: { write: (s: string) => err.push(s) } } as unknown as Io;
  const metrics = new ApproverMetrics();
  const controller = { recordEvent: () => Promise.reject(new Error('events is forbidden')) } as unknown as ControllerApi;
  const report = reporter('text', { io, now: () => new Date('2026-12-07T08:00:00Z'), controller, metrics });
  await report.report({ result: 'approved', assessment: f.assessments[0]! });
  t.equal(await report.flush(100), 0);
  t.strictSame(err, ['2026-12-07T08:00:00Z cannot record the event of storm-0: events is forbidden\n']);
  t.strictSame(family(metrics, 'events_dropped_total').slice(2), ['kubectl_csr_approver_events_dropped_total{reason="failed"} 1', 'kubectl_csr_approver_events_dropped_total{reason="queue_full"} 0']);
});
