// What the main thread and the judge thread send each other (judge-thread.ts, judge-worker.ts), by structured clone.
import type { Csr } from '../../kube/csr.js';
import type { NodeFacts } from '../../kube/read-cluster-facts.js';
import type { RbacRead } from '../../kube/rbac-objects.js';
import type { Assessment } from '../../policy/assessment.js';

export type ToJudge =
  /** Decode these requests and name the Nodes the kubelet-serving ones are for. */
  | { kind: 'decode'; batch: number; csrs: Csr[] }
  /** The facts for a decoded batch: judge it. `rbac` only when the worker has not got the objects of `rbacId` yet. */
  | { kind: 'assess'; batch: number; rbacId: number; rbac?: RbacRead; nodes: Map<string, NodeFacts> | null; nodesUnreadable?: string }
  /** The facts could not be read: the batch will not be judged. */
  | { kind: 'drop'; batch: number };

/** Each CSR's assessment but the CSR itself (the main thread has it) and its blockers (it works them out from the findings). */
export type Judged = Pick<Assessment, 'request' | 'findings' | 'access' | 'broadest'>;

export type FromJudge = { batch: number; nodeNames: string[] } | { batch: number; assessments: Judged[] } | { batch: number; error: string };
