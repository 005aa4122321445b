// A verb's command line, declared once as data (issue 22): its positionals and flags in help order, as yargs options.
// The type of the argv its complete() receives is inferred from that one declaration (ArgvOf), so that adding a flag
// is one declaration plus its use; src/cli/define-command.ts hands the declaration to yargs.
//
// A flag that takes one value, given more than once: the last one counts, as with kubectl, whose pflag flags set a
// string or int flag again at each occurrence. yargs collects the repeats into an array whatever the declared type,
// so every single-value string or number flag goes through lastValue; the flags meant to repeat (array options,
// approve/deny -f) do not. Not yargs-parser's 'duplicate-arguments-array: false': that keeps only the last occurrence
// of array options too (`-g a -g b` gives [b], and --as-group likewise) and of approve's -f.
import type { InferredOptionType, Options, PositionalOptions } from 'yargs';

/** The value a single-value flag has: the last one given. */
export function lastValue<T>(value: T | readonly T[]): T {
  return Array.isArray(value) ? (value as readonly T[])[value.length - 1]! : (value as T);
}

/** A single-value string or number option, declared so that its last occurrence counts. */
export function singleValue<O extends Options & { type: 'string' | 'number' }>(option: O): O {
  return { ...option, coerce: lastValue };
}

/**
 * A string flag that may be given again, one value each time, all of them kept (approve -f, inspect -f): not an array
 * option, which would take the "-" of `-f -` (standard input) for a flag and swallow the positionals after it.
 */
export function repeatable<O extends Options & { type: 'string' }>(option: O): O & { coerce: (value: string | string[]) => string[] } {
  return { ...option, coerce: collect };
}

const collect = (value: string | string[]): string[] => [value].flat();

/** Whether a flag keeps every value given (repeatable), as a pflag StringArray: help shows its default as []. */
export function isRepeatable(flag: Flag): boolean {
  return flag.coerce === collect;
}

/** A positional argument (`request <name>`), told apart from the flags that share its declaration. */
export type Positional = PositionalOptions & { readonly positional: true };

export function positional<O extends PositionalOptions>(option: O): O & { readonly positional: true } {
  return { ...option, positional: true };
}

export type Flag = Options | Positional;
export type FlagSet = Readonly<Record<string, Flag>>;

/** kebab-case → camelCase, as yargs' camel-case expansion names a flag in argv. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

type Typed<F extends FlagSet> = { [K in keyof F & string as Camel<K>]: InferredOptionType<F[K]> };
/** The flags that may be absent: neither required nor defaulted. */
type Absent<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];

/** The argv of a declaration's flags: each by its camelCase name, typed from its own declaration. */
export type ArgvOf<F extends FlagSet> = Readonly<
  { [K in Exclude<keyof Typed<F>, Absent<Typed<F>>>]: Typed<F>[K] } & { [K in Absent<Typed<F>>]?: Typed<F>[K] }
>;

/** A verb's command line: what `--help` shows and yargs parses. */
export interface Declaration<F extends FlagSet = FlagSet> {
  /** yargs' command string: `request <name>`, `approve [names..]`. */
  command: string;
  aliases?: readonly string[];
  describe: string;
  /**
   * Whether the verb may talk to a cluster: then it takes kubectl's kubeconfig flags (hidden from its help, listed by
   * `kubectl csr options`) and its run gets the lazy API handle they name.
   */
  cluster: boolean;
  /** Flags of the verb's own that take the name of a kubeconfig flag (renew's --user names an entry of FILE). */
  shadows?: readonly string[];
  /** Positionals and flags, in the order help shows them. */
  flags: F;
  /** Help groups (heading, flag names), made after the flags. */
  groups?: readonly (readonly [string, readonly string[]])[];
  examples?: readonly (readonly [string, string])[];
}

/** The declaration, checked and with its flags' types kept (a plain object literal would widen them). */
export function declare<F extends FlagSet>(declaration: Declaration<F>): Declaration<F> {
  return declaration;
}
