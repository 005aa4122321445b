// A flag given twice, through each command's real yargs declaration: a single-value flag takes the last value, as
// kubectl's pflag flags do; the flags meant to repeat collect every value.
import t from 'tap';
import yargs, { type Argv, type CommandModule } from 'yargs';
import type { CommandContext } from '../../src/cli/context.js';
import { approveCommand, denyCommand, fetchCommand, inspectCommand, listCommand, renewCommand, requestCommand } from '../../src/cli/commands.js';
import { lastValue } from '../../src/commands/shared/flags.js';
import { main } from '../../src/main.js';
import { skipHelpCache } from '../../src/startup/yargs-help-cache.js';
import type { Io } from '../../src/io.js';

const ctx: CommandContext = { deps: { io: { stdout: { write: () => true }, stderr: { write: () => true }, readStdin: () => Promise.resolve(Buffer.alloc(0)), env: {}, cwd: '/' }, now: () => new Date() }, run: () => {} };

/** Each command, with the positional arguments it needs to be parsed at all. */
const COMMANDS: [string, CommandModule, string[]][] = [
  ['request', untyped(requestCommand(ctx)), ['N']],
  ['approve', untyped(approveCommand(ctx)), []],
  ['deny', untyped(denyCommand(ctx)), []],
  ['fetch', untyped(fetchCommand(ctx)), ['N']],
  ['renew', untyped(renewCommand(ctx)), ['F']],
  ['list', untyped(listCommand(ctx)), []],
  ['inspect', untyped(inspectCommand(ctx)), []],
];

/** The test looks at argv by flag name, whatever the command's own argv type. */
function untyped<T>(module: CommandModule<object, T>): CommandModule {
  return module as unknown as CommandModule;
}

/**
 * Flags that are not arrays but repeat on purpose: approve/deny -f collects files (an array would take `-f -` for a
 * flag); inspect's -f collects them too, for its options to refuse more than one.
 */
const REPEATABLE: Record<string, string[]> = { approve: ['filename'], deny: ['filename'], inspect: ['filename'] };

interface Declared {
  string: string[];
  number: string[];
  array: string[];
  boolean: string[];
  choices: Record<string, string[]>;
}

/** What a command declares, from its own builder. */
function declared(module: CommandModule): Declared {
  const built = (module.builder as (y: Argv) => Argv)(yargs());
  return (built as unknown as { getOptions(): Declared }).getOptions();
}

/**
 * argv as the command's handler receives it, parsed by yargs with the command's real builder. Without the help text
 * yargs would render after each handler, as main() parses: rendering it was most of this file's CPU.
 */
async function parse<T>(typed: CommandModule<object, T>, args: string[]): Promise<Record<string, unknown>> {
  let seen: Record<string, unknown> | undefined;
  const parser = yargs();
  skipHelpCache(parser);
  await parser
    .command({ ...untyped(typed), handler: (argv) => void (seen = argv) })
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync(args);
  if (!seen) throw new Error(`no handler ran for ${args.join(' ')}`);
  return seen;
}

/** Two valid values for a flag: its choices, -o formats every command takes, or two plain values. */
function twoValues(name: string, d: Declared): [string, string] {
  const choices = d.choices[name];
  if (choices && choices.length >= 2) return [choices[0]!, choices[1]!];
  if (name === 'output') return ['json', 'yaml'];
  if (d.number.includes(name)) return ['1', '2'];
  return [`first-${name}`, `last-${name}`];
}

for (const [command, module, positionals] of COMMANDS) {
  t.test(`${command}: a single-value flag given twice takes the last value; repeatable ones collect`, async (t) => {
    const d = declared(module);
    const repeatable = new Set([...d.array, ...(REPEATABLE[command] ?? [])]);
    // Each flag once, by its long name (the one-letter names are aliases), and not the positional arguments.
    const positional = new Set([...module.command!.toString().matchAll(/[<[](\w+)/g)].map((m) => m[1]));
    const single = [...d.string, ...d.number].filter((name) => name.length > 1 && !positional.has(name) && !repeatable.has(name));
    t.ok(single.length > 3, `${command} has single-value flags: ${single.join(' ')}`);
    for (const name of single) {
      const [first, last] = twoValues(name, d);
      const argv = await parse(module, [command, ...positionals, `--${name}`, first, `--${name}=${last}`]);
      // -o is read as it is parsed: its value is the format.
      const expected = name === 'output' ? { format: last } : d.number.includes(name) ? Number(last) : last;
      t.same(argv[name], expected, `${command} --${name}`);
    }
    for (const name of repeatable) {
      const argv = await parse(module, [command, ...positionals, `--${name}`, 'one', `--${name}`, 'two']);
      t.strictSame(argv[name], ['one', 'two'], `${command} --${name} collects`);
    }
  });
}

t.test('the short forms and aliases count the same, in any mix', async (t) => {
  const request = requestCommand(ctx);
  t.same((await parse(request, ['request', 'N', '-o', 'json', '--output', 'name', '-o', 'yaml'])).output, { format: 'yaml' });
  t.equal((await parse(request, ['request', 'N', '--cn', 'a', '--cn', 'b'])).cn, 'b');
  t.strictSame((await parse(request, ['request', 'N', '-g', 'a', '--group', 'b', '-g', 'c'])).group, ['a', 'b', 'c']);
  const approve = approveCommand(ctx);
  const approval = await parse(approve, ['approve', '--pending', '--signer', 'a', '--signer', 'b', '-f', 'x.yaml', '-f', '-', '--as-group', 'g1', '--as-group', 'g2', 'NAME']);
  t.match(approval, { signer: 'b', filename: ['x.yaml', '-'], 'as-group': ['g1', 'g2'], names: ['NAME'] });
  const list = await parse(listCommand(ctx), ['list', '-l', 'a=b', '--selector', 'c=d', '-s', 'https://one', '--server', 'https://two']);
  t.match(list, { selector: 'c=d', l: 'c=d', server: 'https://two', s: 'https://two' });
  t.equal((await parse(fetchCommand(ctx), ['fetch', 'N', '-O', 'a.crt', '--out', 'b.crt'])).out, 'b.crt');
  // inspect reads one file: both reach its options, which refuse them (test/commands/options.test.ts).
  t.strictSame((await parse(inspectCommand(ctx), ['inspect', '-f', 'a.pem', '-f', 'b.pem'])).filename, ['a.pem', 'b.pem']);
});

t.test('a bad value that a later one replaces is not checked, as with kubectl; a bad last one is', async (t) => {
  const request = requestCommand(ctx);
  t.equal((await parse(request, ['request', 'N', '--key-type', 'dsa', '--key-type', 'ecdsa-p256']))['key-type'], 'ecdsa-p256');
  await t.rejects(parse(request, ['request', 'N', '--key-type', 'ecdsa-p256', '--key-type', 'dsa']), /Invalid values/);
  t.same((await parse(listCommand(ctx), ['list', '-o', 'bogus', '-o', 'wide'])).output, { format: 'wide' });
  await t.rejects(parse(listCommand(ctx), ['list', '-o', 'wide', '-o', 'bogus']), /bogus/);
});

t.test('lastValue: one value as it is, the last of several', async (t) => {
  t.equal(lastValue('a'), 'a');
  t.equal(lastValue(['a', 'b']), 'b');
  t.equal(lastValue(undefined), undefined);
  t.equal(lastValue([1, 2, 3]), 3);
});

t.test('-v: the last one counts (a stack trace from 6)', async (t) => {
  const run = async (args: string[]) => {
    let stderr = '';
    const io: Io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) }, readStdin: () => Promise.resolve(Buffer.alloc(0)), env: {}, cwd: '/' };
    const code = await main(['inspect', '-f', '/nonexistent/x.pem', ...args], io);
    return { code, lines: stderr.trimEnd().split('\n') };
  };
  const quiet = await run(['-v', '6', '-v', '0']);
  t.equal(quiet.lines.length, 1, quiet.lines.join('\n'));
  t.match(quiet.lines[0], /^error: /);
  const loud = await run(['-v', '0', '-v=6']);
  t.equal(loud.code, quiet.code);
  t.ok(loud.lines.length > 1, 'a stack trace follows the error line');
});
