// The approver's line per decision (src/output/decision-log.ts): the JSON line's time keeps its milliseconds (the storm
// bench reads each decision's latency from it), the text line keeps kubectl's whole-second stamp.
import t from 'tap';
import { decisionLine, type DecisionEntry } from '../../src/output/decision-log.js';

const entry: DecisionEntry = {
  time: new Date('2026-12-07T00:32:19.123Z'),
  result: 'approved',
  csr: 'storm-0-1',
  signer: 'kubernetes.io/kubelet-serving',
  requestor: 'system:node:w1',
  findings: [],
  blockers: [],
  latencySeconds: 0.5,
};

t.test('json: ts to the millisecond', async (t) => {
  t.strictSame(JSON.parse(decisionLine('json', entry)), {
    ts: '2026-12-07T00:32:19.123Z',
    level: 'info',
    msg: 'approved',
    csr: 'storm-0-1',
    signer: 'kubernetes.io/kubelet-serving',
    requestor: 'system:node:w1',
    findings: [],
    latencySeconds: 0.5,
  });
});

t.test('text: the whole-second stamp of the --watch lines', async (t) => {
  t.equal(decisionLine('text', entry), '2026-12-07T00:32:19Z approved storm-0-1\n');
});
