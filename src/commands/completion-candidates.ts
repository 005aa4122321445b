// `kubectl csr __complete WORDS... PARTIAL`: what may come next on the command line. The protocol is cobra's, which
// kubectl speaks with plugins (k8s.io/kubectl/pkg/cmd/plugin/plugin_completion.go): one candidate a line, optionally
// "value<TAB>description", then a ":N" line with a directive for the shell.
import type { CommandLineSpec, CommandSpec, OptionSpec } from './completion-spec.js';

/** cobra's ShellCompDirective values that we use. */
export const Directive = {
  /** Let the shell complete file names. */
  default: 0,
  noFileComp: 4,
} as const;
export type Directive = (typeof Directive)[keyof typeof Directive];

export interface Completion {
  candidates: string[];
  directive: Directive;
}

/** Which CSRs each command takes by name: pending ones to decide on, issued ones to fetch, any to inspect. */
export type CsrState = 'pending' | 'issued' | 'any';
export const CSR_NAME_STATES: Readonly<Record<string, CsrState>> = {
  approve: 'pending',
  deny: 'pending',
  fetch: 'issued',
  inspect: 'any',
};

/** Flags whose value is a path: the shell completes file names there. */
const FILE_OPTIONS = new Set([
  'kubeconfig', 'filename', 'key', 'key-out', 'out', 'cert-out', 'kubeconfig-out',
  'certificate-authority', 'client-certificate', 'client-key',
]);

/** Commands whose positional argument is a path: `renew KUBECONFIG`. */
const FILE_POSITIONALS = new Set(['renew']);

/** Flags whose value is an entry of the kubeconfig. */
export type KubeconfigEntry = 'context' | 'cluster' | 'user';
const KUBECONFIG_OPTIONS = new Set<string>(['context', 'cluster', 'user']);

/** The flags given so far, by their declared name: what a lookup needs (--kubeconfig, --context...). */
export type GivenFlags = Record<string, string | boolean | string[]>;

export interface Lookups {
  /** CSR names with a description, by state; may throw (no cluster): completion then offers nothing. */
  csrs(state: CsrState, flags: GivenFlags): Promise<string[]>;
  kubeconfigEntries(kind: KubeconfigEntry, flags: GivenFlags): Promise<string[]>;
}

export async function completeWords(words: string[], spec: CommandLineSpec, lookups: Lookups): Promise<Completion> {
  const partial = words.length ? words[words.length - 1]! : '';
  const line = scan(words.slice(0, -1), spec);
  if (line === undefined) return none();
  const options = [...(line.command?.options ?? []), ...spec.globalOptions];

  if (line.awaitingValue) return completeValue(line.awaitingValue, partial, '', line, lookups);
  if (partial.startsWith('-') && !line.afterDoubleDash) {
    const eq = partial.indexOf('=');
    if (eq > 0) {
      const option = findOption(options, partial.slice(0, eq));
      if (!option?.takesValue) return none();
      return completeValue(option, partial.slice(eq + 1), partial.slice(0, eq + 1), line, lookups);
    }
    return { candidates: flagCandidates(options, line.given, partial), directive: Directive.noFileComp };
  }
  if (!line.command) {
    const candidates = spec.commands.filter((c) => c.name.startsWith(partial)).map((c) => describe(c.name, c.describe));
    return { candidates, directive: Directive.noFileComp };
  }
  return completePositional(line, partial, lookups);
}

interface ScannedLine {
  command?: CommandSpec;
  positionals: string[];
  given: GivenFlags;
  /** The last word was a flag that wants a value: the partial word is that value. */
  awaitingValue?: OptionSpec;
  afterDoubleDash: boolean;
}

/** Walks the finished words as yargs would; undefined when they name no known command. */
function scan(done: string[], spec: CommandLineSpec): ScannedLine | undefined {
  const line: ScannedLine = { positionals: [], given: {}, afterDoubleDash: false };
  for (const word of done) {
    if (line.awaitingValue) {
      give(line.given, line.awaitingValue, word);
      line.awaitingValue = undefined;
    } else if (word === '--' && !line.afterDoubleDash) {
      line.afterDoubleDash = true;
    } else if (word.startsWith('-') && word !== '-' && !line.afterDoubleDash) {
      const eq = word.indexOf('=');
      const option = findOption([...(line.command?.options ?? []), ...spec.globalOptions], eq > 0 ? word.slice(0, eq) : word);
      if (!option) continue; // unknown: the real parse will say so
      if (!option.takesValue) give(line.given, option, true);
      else if (eq > 0) give(line.given, option, word.slice(eq + 1));
      else line.awaitingValue = option;
    } else if (!line.command) {
      line.command = spec.commands.find((c) => c.name === word || c.aliases.includes(word));
      if (!line.command) return undefined;
    } else {
      line.positionals.push(word);
    }
  }
  return line;
}

async function completeValue(option: OptionSpec, partial: string, prefix: string, line: ScannedLine, lookups: Lookups): Promise<Completion> {
  if (option.choices.length) {
    return { candidates: option.choices.filter((c) => c.startsWith(partial)).map((c) => prefix + c), directive: Directive.noFileComp };
  }
  if (FILE_OPTIONS.has(option.name)) return { candidates: [], directive: Directive.default };
  if (KUBECONFIG_OPTIONS.has(option.name)) {
    const names = await lookups.kubeconfigEntries(option.name as KubeconfigEntry, line.given).catch(() => []);
    return { candidates: names.filter((n) => n.startsWith(partial)).map((n) => prefix + n), directive: Directive.noFileComp };
  }
  return none();
}

async function completePositional(line: ScannedLine, partial: string, lookups: Lookups): Promise<Completion> {
  const command = line.command!;
  const index = line.positionals.length;
  const last = command.positionals[command.positionals.length - 1];
  const positional = command.positionals[index] ?? (last?.variadic ? last : undefined);
  if (!positional) return none();
  if (positional.choices.length) {
    return { candidates: positional.choices.filter((c) => c.startsWith(partial)), directive: Directive.noFileComp };
  }
  if (FILE_POSITIONALS.has(command.name)) return { candidates: [], directive: Directive.default };
  const state = CSR_NAME_STATES[command.name];
  if (!state) return none();
  const csrs = await lookups.csrs(state, line.given).catch(() => []);
  const typed = new Set(line.positionals.map((p) => p.slice(p.indexOf('/') + 1)));
  // After TYPE/ (csr/, certificatesigningrequest.certificates.k8s.io/), the names come with the same prefix.
  const type = partial.includes('/') ? partial.slice(0, partial.indexOf('/') + 1) : '';
  const candidates = csrs
    .filter((c) => {
      const name = c.split('\t')[0]!;
      return (type + name).startsWith(partial) && !typed.has(name);
    })
    .map((c) => type + c);
  return { candidates, directive: Directive.noFileComp };
}

/** --long for everything; -s as well when only "-" is typed; flags already given only if they repeat. */
function flagCandidates(options: OptionSpec[], given: GivenFlags, partial: string): string[] {
  const out: string[] = [];
  for (const option of options) {
    if (option.name in given && !option.repeatable) continue;
    const names = [option.name, ...option.aliases];
    const spellings = names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).filter((s) => s.startsWith('--') || partial === '-' || s === partial);
    for (const spelling of spellings) if (spelling.startsWith(partial)) out.push(describe(spelling, option.describe));
  }
  return out;
}

function findOption(options: OptionSpec[], flag: string): OptionSpec | undefined {
  const bare = flag.replace(/^--?/, '');
  return options.find((o) => o.name === bare || o.aliases.includes(bare));
}

function give(given: GivenFlags, option: OptionSpec, value: string | boolean): void {
  const previous = given[option.name];
  if (option.repeatable && typeof value === 'string') {
    given[option.name] = [...(Array.isArray(previous) ? previous : []), value];
  } else {
    given[option.name] = value;
  }
}

function describe(value: string, description: string): string {
  return description ? `${value}\t${description}` : value;
}

function none(): Completion {
  return { candidates: [], directive: Directive.noFileComp };
}
