// Line-level mutations of YAML and JSON for the fuzz test: keys and values swapped, lines dropped, repeated,
// moved and re-indented, values replaced with YAML that means something else (null, lists, maps, huge or
// negative numbers, tags, anchors and aliases, timestamps).
import { randomSteps, type Prng } from './prng.js';

type TextMutation = (lines: string[], rng: Prng) => string[];

const SCALARS = [
  '~', 'null', '[]', '{}', '[a, b]', '{a: 1}', '-1', '0', '1e30', '-1e30', '0x7fffffff', '.inf', '.nan', 'true',
  "''", '""', '"\\u0000"', '"\\x1b[31mred"', '!!binary AAAA', '!!str 1', '!!int x', '!!js/function x', '&a x', '*a',
  '2026-01-01', '2026-01-01T00:00:00Z', '|', '>', '- x', 'a: b', '"a\\nb"', '9007199254740993', '-0', '"../x"',
];

/** `key: value` (also as a list item), or `"key": value,` in JSON. */
const KEY_VALUE = /^(\s*(?:- )?)("?)([^\s:"#][^:"]*)\2:\s+(.+?)(,?)$/;

const swapKeyAndValue: TextMutation = (lines, rng) => edit(lines, rng, (line) => {
  const m = KEY_VALUE.exec(line);
  if (!m) return null;
  const [, indent, quote, key, value, comma] = m;
  const bare = value!.replace(/^"(.*)"$/, '$1');
  return `${indent}${quote}${bare}${quote}: ${quote}${key}${quote}${comma}`;
});

const replaceValue: TextMutation = (lines, rng) => edit(lines, rng, (line) => {
  const m = KEY_VALUE.exec(line);
  if (!m) return null;
  const [, indent, quote, key, , comma] = m;
  return `${indent}${quote}${key}${quote}: ${rng.pick(SCALARS)}${comma}`;
});

const renameKey: TextMutation = (lines, rng) => edit(lines, rng, (line) => {
  const m = KEY_VALUE.exec(line);
  if (!m) return null;
  const [, indent, quote, , value, comma] = m;
  return `${indent}${quote}${rng.pick(['kind', 'apiVersion', 'items', 'spec', 'status', 'request', 'name', '<<', '? x'])}${quote}: ${value}${comma}`;
});

const deleteLine: TextMutation = (lines, rng) => {
  const out = [...lines];
  out.splice(rng.below(out.length), 1);
  return out;
};

const duplicateLine: TextMutation = (lines, rng) => {
  const out = [...lines];
  const at = rng.below(out.length);
  out.splice(at, 0, out[at] ?? '');
  return out;
};

const swapLines: TextMutation = (lines, rng) => {
  const out = [...lines];
  const a = rng.below(out.length);
  const b = rng.below(out.length);
  [out[a], out[b]] = [out[b]!, out[a]!];
  return out;
};

const reindent: TextMutation = (lines, rng) => edit(lines, rng, (line) =>
  rng.chance(0.5) ? ' '.repeat(1 + rng.below(4)) + line : rng.chance(0.5) ? line.trimStart() : `\t${line}`,
);

const truncateText: TextMutation = (lines, rng) => {
  const text = lines.join('\n');
  return text.slice(0, rng.below(text.length)).split('\n');
};

export const TEXT_MUTATIONS: Readonly<Record<string, TextMutation>> = {
  swapKeyAndValue,
  replaceValue,
  renameKey,
  deleteLine,
  duplicateLine,
  swapLines,
  reindent,
  truncateText,
};

/** Applies 1 to `max` random line mutations; returns the text and their names. */
export function mutateText(text: string, rng: Prng, max = 3): { text: string; applied: string[] } {
  const { value, applied } = randomSteps(text.split('\n'), rng, TEXT_MUTATIONS, max);
  return { text: value.join('\n'), applied };
}

/** Replaces one line that `change` accepts (it returns null for lines it does not apply to), or none. */
function edit(lines: string[], rng: Prng, change: (line: string) => string | null): string[] {
  const start = rng.below(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const at = (start + i) % lines.length;
    const changed = change(lines[at]!);
    if (changed !== null) {
      const out = [...lines];
      out[at] = changed;
      return out;
    }
  }
  return lines;
}
