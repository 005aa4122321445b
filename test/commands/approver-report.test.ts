// The approver's reporter (src/commands/approver/report.ts): what a queued Event is given. During a storm Events fall
// thousands behind the decisions, so each must hold its text and the CSR's name, uid and version, not the CSR.
import t from 'tap';
import { reporter, eventFor } from '../../src/commands/approver/report.js';
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
  t.equal(out.length, 6, 'six log lines at once');
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
