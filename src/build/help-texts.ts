// Every help text worth printing without loading yargs, rendered by yargs itself: `--help` and `COMMAND --help` at
// the widths a terminal most often has. Run by the build (scripts/bundle.mjs), which bakes the result into the
// bundle for src/startup/precomputed-help.ts; each text is exactly what main() prints for that command line.
import { commandNames, renderHelp } from '../main.js';
import { DEFAULT_WIDTH, MAX_WIDTH } from '../cli/terminal-width.js';
import type { HelpTexts } from '../startup/precomputed-help.js';

/** 100: not a terminal (pipes, files, tests, benchmarks); 120: any terminal that wide or wider; 80: the classic one. */
export const PRERENDERED_WIDTHS = [80, DEFAULT_WIDTH, MAX_WIDTH];

export async function helpTexts(): Promise<HelpTexts> {
  const texts: HelpTexts = {};
  for (const command of ['', ...(await commandNames())]) {
    for (const width of PRERENDERED_WIDTHS) {
      const text = await renderHelp(command ? [command, '--help'] : ['--help'], width);
      if (text !== undefined) (texts[command] ??= {})[width] = text;
    }
  }
  return texts;
}
