// What completion knows about the command line, read from the very definition that main() hands yargs: the
// definition is run against a recorder that stands in for yargs and notes every command, option and positional.
// So a flag added to a command completes without anyone touching completion.
import type { Argv } from 'yargs';

export interface OptionSpec {
  name: string;
  /** Other spellings, without dashes: ['o'] for --output. */
  aliases: string[];
  describe: string;
  /** False for booleans: the next word is not the flag's value. */
  takesValue: boolean;
  /** Given more than once on purpose (-g dev -g ops): still offered after it was given. */
  repeatable: boolean;
  choices: string[];
}

export interface PositionalSpec {
  name: string;
  /** `[names..]`: takes every remaining word. */
  variadic: boolean;
  choices: string[];
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  describe: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
}

export interface CommandLineSpec {
  commands: CommandSpec[];
  /** Options of every command: -v, --help. */
  globalOptions: OptionSpec[];
}

/** A yargs command module, as src/cli/*.ts write them. */
interface CommandModule {
  command: string | string[];
  aliases?: string | string[];
  describe?: string | false;
  builder?: ((y: Argv) => unknown) | Record<string, YargsOption>;
}

interface YargsOption {
  alias?: string | string[];
  describe?: string;
  description?: string;
  desc?: string;
  type?: string;
  boolean?: boolean;
  array?: boolean;
  count?: boolean;
  choices?: readonly unknown[];
  /** Values to complete that yargs does not check (-o jsonpath=…): the command checks them itself. */
  completions?: readonly unknown[];
  hidden?: boolean;
}

/** Runs `define` (main's command line) against the recorder and returns what it declared. */
export function readCommandLine(define: (y: Argv) => unknown): CommandLineSpec {
  const top = record();
  define(top.argv);
  const aliases = top.aliases;
  return {
    commands: top.commands.filter((m) => m.describe !== false).map(commandSpec),
    globalOptions: top.options.map((o) => ({ ...o, aliases: [...o.aliases, ...(aliases.get(o.name) ?? [])] })),
  };
}

function commandSpec(module: CommandModule): CommandSpec {
  const [usage = '', ...more] = ([] as string[]).concat(module.command);
  const [name = '', ...words] = usage.trim().split(/\s+/);
  const inner = record();
  if (typeof module.builder === 'function') module.builder(inner.argv);
  else if (module.builder) for (const [key, opt] of Object.entries(module.builder)) inner.option(key, opt);
  const positionals = words.map((word): PositionalSpec => {
    const bare = word.replace(/^[<[]|[>\]]$/g, '');
    const variadic = bare.endsWith('..');
    const pname = bare.replace(/\.\.$/, '').split('|')[0]!;
    return { name: pname, variadic, choices: inner.positionals.get(pname) ?? [] };
  });
  return {
    name,
    aliases: [...more.map((m) => m.split(/\s+/)[0]!), ...([] as string[]).concat(module.aliases ?? [])],
    describe: oneLine(module.describe || ''),
    positionals,
    options: inner.options.map((o) => ({ ...o, aliases: [...o.aliases, ...(inner.aliases.get(o.name) ?? [])] })),
  };
}

/** A stand-in for yargs that notes what is declared and answers every other call with itself. */
function record() {
  const commands: CommandModule[] = [];
  const options: OptionSpec[] = [];
  const positionals = new Map<string, string[]>();
  const aliases = new Map<string, string[]>();
  const option = (key: string, opt: YargsOption = {}) => {
    if (opt.hidden) return;
    options.push({
      name: key,
      aliases: ([] as string[]).concat(opt.alias ?? []),
      describe: oneLine(opt.describe ?? opt.description ?? opt.desc ?? ''),
      takesValue: !(opt.type === 'boolean' || opt.boolean === true || opt.type === 'count' || opt.count === true),
      repeatable: opt.array === true || opt.type === 'array',
      choices: (opt.choices ?? opt.completions ?? []).map(String),
    });
  };
  const calls: Record<string, (...args: never[]) => void> = {
    command: (first: unknown, describe?: string | false, builder?: CommandModule['builder']) => {
      if (Array.isArray(first) && typeof first[0] === 'object') commands.push(...(first as CommandModule[]));
      else if (typeof first === 'object' && first !== null && !Array.isArray(first)) commands.push(first as CommandModule);
      else commands.push({ command: first as string | string[], describe, builder });
    },
    option,
    options: (key: string | Record<string, YargsOption>, opt?: YargsOption) => {
      if (typeof key === 'string') option(key, opt);
      else for (const [k, o] of Object.entries(key)) option(k, o);
    },
    positional: (key: string, opt: YargsOption = {}) => positionals.set(key, (opt.choices ?? []).map(String)),
    alias: (key: string | Record<string, string | string[]>, value?: string | string[]) => {
      const pairs = typeof key === 'string' ? [[key, value ?? []] as const] : Object.entries(key);
      for (const [k, v] of pairs) {
        for (const a of ([] as string[]).concat(v)) {
          // .alias('h', 'help') names the short one first: file it under whichever was declared as the option.
          aliases.set(k, [...(aliases.get(k) ?? []), a]);
          aliases.set(a, [...(aliases.get(a) ?? []), k]);
        }
      }
    },
    help: (key?: unknown, describe?: unknown) => {
      if (key === false) return;
      option(typeof key === 'string' ? key : 'help', { type: 'boolean', describe: typeof describe === 'string' ? describe : 'Show help' });
    },
    // version(), version(false), version(text), version(key, text), version(key, describe, text)
    version: (...args: unknown[]) => {
      if (args[0] === false) return;
      const key = args.length >= 2 && typeof args[0] === 'string' ? args[0] : 'version';
      option(key, { type: 'boolean', describe: args.length === 3 && typeof args[1] === 'string' ? args[1] : 'Show version number' });
    },
  };
  const argv: Argv = new Proxy({} as Argv, {
    get: (_target, prop) => {
      // Not a thenable, and no conversions: only yargs' methods are answered.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: unknown[]) => {
        (calls[prop] as ((...a: unknown[]) => void) | undefined)?.(...args);
        return argv;
      };
    },
  });
  return { argv, commands, options, positionals, aliases, option };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
