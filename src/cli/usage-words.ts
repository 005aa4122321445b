// kubectl's words for a command line it cannot parse (issue 23), cobra's and pflag's rather than yargs': an unknown
// command with cobra's "Did you mean this?" block (cobra command.go findSuggestions: Levenshtein distance of at most
// 2, or a prefix), and pflag's words for a flag. kubectl follows a flag error with a second line, "See 'kubectl get
// --help' for usage."; here bad input gets one error line (README "Exit codes"), so that line is left out.
import { UsageError } from '../errors.js';

const ROOT = 'kubectl csr';

/** The first word that is not a flag (the command), skipping the value of a top-level -v given apart. */
export function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '-v' || word === '--v') {
      i++;
      continue;
    }
    if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** cobra's SuggestFor: words that are not near a command's name but mean it (kubectl get csr is list). */
const SUGGEST_FOR: Readonly<Record<string, readonly string[]>> = { list: ['get'] };

/** cobra's error for a command it does not have, with its suggestions (our command names, printed as they are). */
export function unknownCommand(word: string, names: readonly string[]): UsageError {
  const lower = word.toLowerCase();
  const near = (name: string) => levenshtein(lower, name.toLowerCase()) <= 2 || name.toLowerCase().startsWith(lower) || SUGGEST_FOR[name]?.includes(lower);
  const suggestions = names.filter(near);
  const block = suggestions.length ? `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}` : '';
  return new UsageError(`unknown command "${word}" for "${ROOT}"`, block);
}

/**
 * pflag's words for what yargs reports about flags, or undefined when the message is not about a flag. `argv` is the
 * command line as given, where the flag is found as the user spelled it.
 */
export function flagError(message: string, argv: string[]): UsageError | undefined {
  const command = commandWord(argv);
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const keys = unknown[1]!.split(', ');
    for (const key of keys) {
      const given = spelled(key, argv);
      if (!given) continue;
      if (given.startsWith('--')) return new UsageError(`unknown flag: ${given.split('=')[0]}`);
      return new UsageError(`unknown shorthand flag: '${key}' in ${given}`);
    }
    // Not a flag: words after the command that it does not take.
    return new UsageError(`unknown command "${keys[0]}" for "${ROOT}${command ? ` ${command}` : ''}"`);
  }
  const missing = /^Not enough arguments following: (.*)$/.exec(message);
  if (missing) {
    const key = missing[1]!;
    return new UsageError(key.length === 1 ? `flag needs an argument: '${key}' in -${key}` : `flag needs an argument: --${key}`);
  }
  return undefined;
}

/** How the flag named `key` appears in argv: `--no-header`, `--bogus=1`, `-x`. */
function spelled(key: string, argv: string[]): string | undefined {
  return argv.find((word) => (key.length === 1 ? word === `-${key}` || (word.startsWith('-') && !word.startsWith('--') && word.includes(key)) : word === `--${key}` || word.startsWith(`--${key}=`)));
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
