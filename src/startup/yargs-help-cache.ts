// The one patch of yargs internals. yargs renders a command's whole help after running its handler and keeps it, to
// show if an asynchronous handler fails later (yargs lib/command.js, cacheHelpMessage). Here handlers only hand back
// the work, main()'s fail() throws, and help is never shown for an error, so that text is never used. What skipping
// it buys (BENCHMARKS.md, "Figures the code's comments used to carry"): 10 to 25 ms of a run on a small input. The hook
// is internal to yargs, so its absence is tolerated: yargs then renders the text it did before, and nothing else
// changes.

/** Turns off the help text yargs caches after each handler, on this parser. */
export function skipHelpCache(parser: object): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
}
