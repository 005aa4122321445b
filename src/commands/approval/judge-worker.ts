// The judge thread's side (judge-thread.ts): decodes a batch's requests, then, given the facts the main thread read
// for the Nodes they name, runs the same policy as assess() and answers each CSR's findings. A failure is answered as
// such (the main thread keeps the batch undecided); nothing here talks to the cluster.
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../../kube/csr.js';
import type { RbacRead } from '../../kube/rbac-objects.js';
import type { DecodedRequest } from '../../pki/types.js';
import { assessAll, type PolicySettings } from '../../policy/assessment.js';
import { decodeRequests } from '../shared/assess.js';
import type { FromJudge, ToJudge } from './judge-messages.js';

export interface JudgePort {
  on(event: 'message', listener: (message: ToJudge) => void): unknown;
  postMessage(message: FromJudge): void;
}

/** Serves the main thread until it ends this thread; `settings` are the run's policy settings (workerData). */
export function serveJudge(port: JudgePort = parentPort as unknown as JudgePort, settings: PolicySettings = (workerData as { settings: PolicySettings }).settings): void {
  const batches = new Map<number, { csrs: Csr[]; decoded: (DecodedRequest | Error)[] }>();
  // The RBAC objects change only when a cache does: sent once per change, kept here by the main thread's id for them,
  // so that the policy's caches (WeakMaps on these objects) last as long as they do in the main thread.
  let rbac: { id: number; read: RbacRead } | undefined;
  port.on('message', (m) => {
    try {
      if (m.kind === 'decode') {
        const { decoded, nodeNames } = decodeRequests(m.csrs);
        batches.set(m.batch, { csrs: m.csrs, decoded });
        port.postMessage({ batch: m.batch, nodeNames });
      } else if (m.kind === 'drop') {
        batches.delete(m.batch);
      } else {
        const batch = batches.get(m.batch);
        batches.delete(m.batch);
        if (m.rbac) rbac = { id: m.rbacId, read: m.rbac };
        if (!batch) throw new Error(`batch ${m.batch} was never decoded here`);
        if (rbac?.id !== m.rbacId) throw new Error(`RBAC objects ${m.rbacId} were never sent here`);
        const facts = { rbac: rbac.read, nodes: m.nodes, nodesUnreadable: m.nodesUnreadable };
        const assessments = assessAll(batch.csrs, batch.decoded, facts, settings).map(({ request, findings, access, broadest }) => ({ request, findings, access, broadest }));
        port.postMessage({ batch: m.batch, assessments });
      }
    } catch (err) {
      port.postMessage({ batch: m.batch, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
