// A command line read straight from its verb's declaration, without yargs (issue 26): `kubectl csr list --signer x -o
// wide` and the like. Loading yargs and building the command line was 70 M of the 285 M instructions `list --signer
// none` ran (callgrind, BENCHMARKS.md start-up), for a line that needs a few comparisons. This reads only what it can
// read as yargs reads it (main.ts's configuration: strict, no boolean negation), and gives up on anything else,
// which yargs then parses as before: help, -v, a flag it does not know, short flags run together, a value that
// starts with "-" or is empty, a boolean given a value or given twice, array, choices and count flags, numbers
// among the positionals, `--`. test/cli/quick-parse.test.ts holds both readings to the same result.
import type { Declaration, Flag } from '../commands/shared/flags.js';
import { KUBE_FLAGS } from './kube-flags.js';

type Parsed = Record<string, unknown>;

/** argv as yargs would hand it to the verb's handler, or undefined: let yargs read this line. */
export function quickArgv(declaration: Declaration, argv: readonly string[]): Parsed | undefined {
  const [verb, ...words] = argv;
  const [name, ...positionalNames] = declaration.command.split(' ');
  if (verb !== name && !(declaration.aliases ?? []).includes(verb!)) return undefined;
  const flags: Record<string, Flag> = { ...declaration.flags, ...(declaration.cluster ? KUBE_FLAGS : {}) };
  const positional = onlyPositional(declaration, positionalNames);
  if (positional === undefined) return undefined;
  const byWord = flagWords(flags);
  const given = new Map<string, string[] | true>();
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) {
      if (!plainWord(word)) return undefined;
      positionals.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flagName = byWord.get(eq > 0 ? word.slice(0, eq) : word);
    const kind = flagName === undefined ? undefined : kindOf(flags[flagName]!);
    if (flagName === undefined || kind === undefined) return undefined;
    if (kind === 'boolean') {
      // yargs takes a following "true" or "false" as the flag's value, and a repeated boolean as an array.
      const next = words[i + 1];
      if (eq > 0 || given.has(flagName) || next === 'true' || next === 'false') return undefined;
      given.set(flagName, true);
      continue;
    }
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    const before = given.get(flagName);
    given.set(flagName, [...(Array.isArray(before) ? before : []), value]);
  }
  if (positional === null && positionals.length > 0) return undefined;

  const parsed: Parsed = { _: [verb], $0: 'kubectl csr' };
  for (const [flagName, flag] of Object.entries(flags)) {
    if ('positional' in flag) continue;
    const value = given.get(flagName);
    // yargs coerces what it was given, one value or the repeats as an array, and defaults too.
    const raw: unknown = value === undefined ? flag.default : value === true ? true : value.length === 1 ? value[0] : value;
    if (value === undefined && !('default' in flag)) continue;
    set(parsed, flagName, flag.alias, flag.coerce ? (flag.coerce(raw) as unknown) : raw);
  }
  if (positional !== null) set(parsed, positional, undefined, positionals);
  return parsed;
}

/** The one optional variadic positional (`list [names..]`), null for none, undefined for what this does not read. */
function onlyPositional(declaration: Declaration, words: string[]): string | null | undefined {
  if (words.length === 0) return null;
  const match = words.length === 1 ? /^\[(\w+)\.\.\]$/.exec(words[0]!) : null;
  const flag = match ? declaration.flags[match[1]!] : undefined;
  return flag && 'positional' in flag && flag.array && flag.type === 'string' ? match![1]! : undefined;
}

/** --name and each alias (-x, or --long-alias) → the flag's name. */
function flagWords(flags: Record<string, Flag>): Map<string, string> {
  const words = new Map<string, string>();
  for (const [name, flag] of Object.entries(flags)) {
    if ('positional' in flag) continue;
    words.set(`--${name}`, name);
    for (const alias of [flag.alias ?? []].flat()) words.set(alias.length === 1 ? `-${alias}` : `--${alias}`, name);
  }
  return words;
}

/** The flags read here: a boolean, and a string that needs a value; the rest is yargs'. */
function kindOf(flag: Flag): 'boolean' | 'string' | undefined {
  if ('positional' in flag || flag.array || flag.choices || flag.nargs || flag.count || flag.implies || flag.conflicts || flag.demandOption) return undefined;
  if (flag.type === 'boolean') return 'boolean';
  return flag.type === 'string' && flag.requiresArg ? 'string' : undefined;
}

/** A positional yargs keeps as it is: not a number it would parse (`123`, `0x1f`, `1e3`, `.5`). */
function plainWord(word: string): boolean {
  return !/^[+.\d]/.test(word);
}

/** A value under its name, its camelCase name and its aliases, as yargs' argv holds it. */
function set(parsed: Parsed, name: string, alias: string | readonly string[] | undefined, value: unknown): void {
  parsed[name] = value;
  parsed[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  for (const a of [alias ?? []].flat()) parsed[a] = value;
}
