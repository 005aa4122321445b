// Every help text worth printing without loading yargs, rendered as main() renders it: `--help` and `COMMAND --help`
// at each width help is wrapped at (cli/terminal-width.ts: not wrapped off a terminal, else 80, 100 or 120). Run by
// the build (scripts/bundle.mjs), which bakes the result into the bundle for src/startup/precomputed-help.ts; each
// text is exactly what main() prints for that command line.
import { commandNames, renderHelp } from '../main.js';
import { HELP_WIDTHS } from '../cli/terminal-width.js';
import type { HelpTexts } from '../startup/precomputed-help.js';

export async function helpTexts(): Promise<HelpTexts> {
  const texts: HelpTexts = {};
  for (const command of ['', ...(await commandNames())]) {
    for (const width of HELP_WIDTHS) {
      const text = await renderHelp(command ? [command, '--help'] : ['--help'], width);
      if (text !== undefined) (texts[command] ??= {})[width] = text;
    }
  }
  return texts;
}
