// V8 tuned for a short run over many objects: `list` calls tuneForBulk as each page of a list of more than one page
// arrives. Only then: a flag set before Node's own modules and the bundle are loaded makes V8 refuse their code
// caches, made with the default flags (BENCHMARKS.md, lever 9: `version` from 209 M to 444 M instructions), and the
// build's training run, whose list has one page, must not change them either (lever 13). What each flag buys
// (BENCHMARKS.md, "How the figures were reached"), measured on `list` of 5 000 CSRs:
// - from the first page, no TurboFan (lever 11): its optimising compiles, on a background thread, cost more CPU than
//   they save in a run this short: CPU 456 ms → 343 ms (−25%), wall 1.07 s → 745 ms;
// - from the second, the young generation no longer doubles while each page's 500 objects are alive (lever 10): peak
//   RSS 135.6 MiB → 112.4 MiB, for 2% more instructions.
// Neither changes what is printed.
import { setFlagsFromString } from 'node:v8';

/** page: 1 for the first page of a list that has more, 2 for the second, and so on. */
export function tuneForBulk(page: number): void {
  if (page === 1) setFlagsFromString('--no-turbofan');
  else if (page === 2) setFlagsFromString('--semi-space-growth-factor=1');
}
