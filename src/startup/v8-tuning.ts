// V8 tuned for a short run over many objects: `list` calls tuneForBulk once a list shows it has more than one page (the
// first page's continue token, read from its first bytes before the page is parsed: kube/csr-client.ts morePages), a
// bulk approval calls tuneForBulkApproval (below) before it reads its first page; `approver run` calls
// tuneForApprover once connected, for a storm that meets a leader not warmed up yet. Only then: a flag set
// before Node's own modules and the bundle are loaded makes V8 refuse their code caches, made with the default flags
// (BENCHMARKS.md, lever 9: `version` from 209 M to 444 M instructions), and the build's training run, whose list has
// one page, must not change them either (lever 13), or must put them back (restoreV8Defaults). What each flag buys
// (BENCHMARKS.md, "How the figures were reached"), measured on `list` of 5 000 CSRs:
// - no TurboFan (lever 11): its optimising compiles, on a background thread, cost more CPU than they save in a run
//   this short: CPU 456 ms → 343 ms (−25%), wall 1.07 s → 745 ms;
// - the young generation no longer doubles while each page's 500 objects are alive (lever 10): peak RSS 135.6 MiB →
//   112.4 MiB, for 2% more instructions. Set from the second page until session 13, when the first page of a list of
//   1 000 had already grown it to 8 MB: set before the first page is parsed, peak RSS of `list` of 1 000 −7 MiB
//   (BENCHMARKS.md, session 13).
// Neither changes what is printed.
import { runInNewContext } from 'node:vm';

/** A list of more than one page: called as soon as that shows, and again for each page (the flags are set once). */
export function tuneForBulk(): void {
  if (bulkTuned) return;
  bulkTuned = true;
  setFlagsFromString('--no-turbofan --semi-space-growth-factor=1');
}

let bulkTuned = false;

/**
 * A bulk approval (`approve|deny --pending` without a question): called before its first page is read. TurboFan would
 * otherwise compile one function, Node's internal `noop` of debuglog, called for every chunk and socket event of the
 * first page and its PUTs, and that one compile pages in megabytes of the executable's TurboFan code for the rest of
 * the run (BENCHMARKS.md, "Bulk approval memory"). Each page's 500 CSRs and their assessments live for as long as the
 * page is decided, long enough to be promoted to the old generation, where they die; by default V8 lets the old
 * generation grow to up to 4× what its last full collection kept before collecting it again, so the dead pages pile up
 * with the cluster's size (peak RSS 168 MiB at 10 000 CSRs with --dry-run; 125 MiB without TurboFan and with the young
 * generation fixed, as for list; 88 MiB with the old generation also collected once it is half again what the last
 * collection kept). --optimize-for-size, set at run time, makes each full collection one that reduces memory (it
 * compacts and gives pages back: `--trace-gc` says "Mark-Compact (reduce)") and, through --max-semi-space-size=1,
 * which it implies, keeps the young generation small, for about twice as many scavenges. None of it changes what is
 * decided or printed. The build's training run approves too, and puts the defaults back before it saves the code
 * cache (restoreV8Defaults). What it returns is a full collection (--expose-gc gives the context made next its
 * `gc`), called once each page is decided: the decided page is garbage then, and the old generation holds only the
 * page read ahead instead of growing by half again before V8 collects it (10 000 CSRs: peak RSS 79.3-79.6 →
 * 76.5-76.8 MiB, for about 20 collections of a heap of 20 MB).
 */
export function tuneForBulkApproval(): () => void {
  setFlagsFromString('--no-turbofan --semi-space-growth-factor=1 --heap-growing-percent=50 --optimize-for-size --expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * `approver run`, once connected (the bundle and the chunk are loaded with their code caches by then; the approver's
 * own code is not in them, the build's training runs no approver, so V8 compiles it as a storm first calls it). A storm
 * meets a leader whose decision path is still interpreted, and on two shared cores the CPU it spends warming up is
 * taken from the API server that must answer its approvals (issue 25). --always-sparkplug gives each function baseline
 * code when it is first compiled, instead of after a few hundred interpreted calls; --no-turbofan leaves every
 * function at that baseline code (Node 22 ships Maglev off, and `--maglev` set here is not taken up: `perf` shows no
 * Maglev code), without TurboFan's compiles on a second thread. Measured in alternating pairs of storms (BENCHMARKS.md,
 * the approver under a storm): the leader's CPU per decision at 1 000 CSRs −11% to −21%, unchanged at 5 000; its peak
 * RSS −11 to −16 MiB, TurboFan's code pages. (Alone, an approval PUT costs half the CPU with TurboFan's code once warm;
 * in a storm, where its compiles and ours compete for two busy cores, the leader's CPU per decision moved within the
 * spread: BENCHMARKS.md, "Baseline code only".)
 * --heap-growing-percent=50: a storm promotes what lives across a few scavenges (a CSR waiting for its decision, a
 * request in flight), and it dies in the old generation, which V8 let grow to up to four times what it held live
 * before collecting it, so the leader's peak grew with the storm's length, not with what it keeps (issue 25);
 * collected at half again what the last full collection kept, it stays near its live size however long the storm
 * (BENCHMARKS.md, "RSS as the storm grows"). None of it changes what is decided.
 */
export function tuneForApprover(): void {
  setFlagsFromString('--always-sparkplug --no-turbofan --heap-growing-percent=50');
}

/**
 * V8's defaults for every flag set above, and for the ones they imply (--no-turbofan turns --osr-from-maglev off,
 * --optimize-for-size sets --max-semi-space-size=1): V8 takes a code cache only when the flags that differ from their
 * defaults are the ones it was made with, so the build's training run, which runs a bulk approval, calls this before
 * it saves the cache that every start is checked against.
 */
export function restoreV8Defaults(): void {
  setFlagsFromString('--turbofan --osr-from-maglev --no-always-sparkplug --semi-space-growth-factor=2 --heap-growing-percent=0 --no-optimize-for-size --max-semi-space-size=0 --no-expose-gc');
}

/**
 * A list of many pages read by a process that goes on running (the approver, a watch: their commands pass this to
 * kube/follow-csrs.ts as FollowOptions.listMemory, a hook, since kube/ knows no V8), handed on a page
 * at a time: its pages are garbage one after the other, but each lives across the request for the next, long enough
 * to be promoted, and V8 neither collects the old generation nor stops doubling the young one before many pages have
 * piled up, memory it then keeps for the life of the process (issue 25: the approver's leader resident at 102 MiB
 * with 3 000 decided CSRs in the cluster, 137 MiB with 6 000, 63 MiB with none). While any such list is read, the
 * young generation does not grow (as for `list`, above), and each page, once handled, is followed by a full
 * collection (a heap of some 15 MB: milliseconds); once the last list ends, the young generation may grow again, for
 * the storm of decisions that may follow.
 */
export function pagedListMemory(): { pageHandled: () => void; end: () => void } {
  if (pagedLists++ === 0) setFlagsFromString('--semi-space-growth-factor=1');
  collect ??= exposedGc();
  let ended = false;
  return {
    pageHandled: () => collect!(),
    end: () => {
      if (ended) return;
      ended = true;
      collect!();
      if (--pagedLists === 0) setFlagsFromString('--semi-space-growth-factor=2');
    },
  };
}

let pagedLists = 0;
let collect: (() => void) | undefined;

/** V8's `gc`, from a context made while --expose-gc is set; the flag is unset again, for the contexts made later. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  return gc;
}

/**
 * node:v8's, loaded on the first flag set: with list.ts, its modules (heap utilities, the serialiser, promise hooks)
 * were loaded at every start, for a list of one page that sets nothing (issue 26).
 */
function setFlagsFromString(flags: string): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(flags);
}
