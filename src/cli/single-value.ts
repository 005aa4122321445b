// A flag that takes one value, given more than once: the last one counts, as with kubectl, whose pflag flags set a
// string or int flag again at each occurrence. yargs collects the repeats into an array whatever the declared type,
// so every single-value string or number flag goes through lastValue; the flags meant to repeat (array options,
// approve/deny -f) do not. Not yargs-parser's 'duplicate-arguments-array: false': that keeps only the last occurrence
// of array options too (`-g a -g b` gives [b], and --as-group likewise) and of approve's -f.
import type { Options } from 'yargs';

/** The value a single-value flag has: the last one given. */
export function lastValue<T>(value: T | readonly T[]): T {
  return Array.isArray(value) ? (value as readonly T[])[value.length - 1]! : (value as T);
}

/** A single-value string or number option, declared so that its last occurrence counts. */
export function singleValue<O extends Options & { type: 'string' | 'number' }>(option: O): O {
  return { ...option, coerce: lastValue };
}
