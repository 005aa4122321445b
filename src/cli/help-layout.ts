// Help in kubectl's layout (issue 23 item 4; k8s.io/kubectl/pkg/util/templates, templater.go and
// help_flags_printer.go): the description, `Examples:` as `# what` above a command that copies and pastes whole,
// `Options:` with `    -o, --output='':` and the description under it after a tab, one flag to a block, in pflag's
// order (by name), then `Usage:` and the line about `kubectl csr options`. Rendered from the verbs' declarations, so
// that the help lists exactly the flags a verb declares; test/e2e/help-layout.test.ts compares it with kubectl's.
import { isRepeatable, type Declaration, type Flag } from '../commands/shared/flags.js';
import { OPTIONS_HINT } from './kube-flags.js';

const ROOT = 'kubectl csr';
/** help_flags_printer.go's offset: a description wraps this many columns before the terminal's edge (none at width 0). */
const WRAP_OFFSET = 10;

export function commandHelp(d: Declaration, width: number): string {
  const flags = Object.entries(d.flags).filter(([, f]) => !('positional' in f));
  let text = `${d.describe}.\n\n`;
  if (d.examples?.length) {
    text += 'Examples:\n' + d.examples.map(([command, what]) => `  # ${what}\n  ${command.replace('$0', ROOT)}`).join('\n\n') + '\n\n';
  }
  // kubectl leaves --help out of its Options (templater.go visibleFlags).
  const options = [...flags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  text += 'Options:\n' + options.map(([flag, f]) => flagBlock(flag, f, width)).join('');
  text += `Usage:\n  ${ROOT} ${usageLine(d.command)} [options]\n\n`;
  return text + (d.cluster ? `${OPTIONS_HINT}\n` : '');
}

/** The top level: what the plugin is, its commands, how to learn more (cobra's root template as kubectl prints it). */
export function rootHelp(summary: string, commands: readonly (readonly [string, string])[]): string {
  const pad = Math.max(...commands.map(([name]) => name.length));
  return (
    `${summary}\n\nAvailable Commands:\n` +
    commands.map(([name, describe]) => `  ${name.padEnd(pad)}   ${describe}\n`).join('') +
    `\nUsage:\n  ${ROOT} [flags] [options]\n\n` +
    `Use "${ROOT} <command> --help" for more information about a given command.\n${OPTIONS_HINT}\n`
  );
}

/**
 * `kubectl csr options`, as `kubectl options` prints the flags every command takes: a line, then the flags' blocks by
 * name. A one-letter flag (-v) is shown as pflag shows a shorthand of the same name: `-v, --v=0:`.
 */
export function optionsHelp(flags: Readonly<Record<string, Flag>>, width: number): string {
  const blocks = Object.entries(flags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, f]) => flagBlock(name, name.length === 1 ? { ...f, alias: name } : f, width));
  return `The following options can be passed to any command:\n\n${blocks.join('')}`;
}

/** `    -o, --output='':` then the description, wrapped, each line after a tab; a blank line after each flag. */
function flagBlock(name: string, f: Flag, width: number): string {
  const alias = typeof f.alias === 'string' && f.alias.length === 1 ? f.alias : undefined;
  const head = `    ${alias ? `-${alias}, ` : ''}--${name}=${defaultText(f)}:`;
  const lines = width ? wrap(f.describe ?? '', width - WRAP_OFFSET) : [f.describe ?? ''];
  return `${head}\n${lines.map((l) => `\t${l}`).join('\n')}\n\n`;
}

/** pflag's DefValue as kubectl prints it: strings quoted ('' when none), lists as [a,b], booleans as false. */
function defaultText(f: Flag): string {
  const d: unknown = f.default;
  // A repeatable flag (-f) collects its values, as a pflag StringArray does: []
  if (f.array || f.type === 'array' || Array.isArray(d) || isRepeatable(f)) return `[${Array.isArray(d) ? d.join(',') : ''}]`;
  const plain = typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean' ? String(d) : undefined;
  if (f.type === 'boolean') return plain ?? 'false';
  if (f.type === 'number') return plain ?? '0';
  return `'${plain ?? ''}'`;
}

/** go-wordwrap's WrapString: break at spaces before `limit`; a longer word stays whole. */
function wrap(text: string, limit: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** yargs' `approve [names..]`, `request <name>` as cobra's Use: `approve [NAME...]`, `request NAME`. */
function usageLine(command: string): string {
  return command
    .replace(/<([^>.]+)\.\.>/g, (_m, p: string) => `${p.toUpperCase()}...`)
    .replace(/\[([^\].]+)\.\.\]/g, (_m, p: string) => `[${p.toUpperCase().replace(/S$/, '')}...]`)
    .replace(/<([^>]+)>/g, (_m, p: string) => p.toUpperCase())
    .replace(/\[([^\]]+)\]/g, (_m, p: string) => `[${p.toUpperCase()}]`);
}
