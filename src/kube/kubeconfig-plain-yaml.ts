// The kubeconfig most users have, read without a YAML library (issue 26): block mappings and sequences of plain
// words (`server: https://…`, `token: …`, base64 data), as kubectl, kind and the harness write them. Loading and
// running js-yaml was about 12 M of the 190 M instructions of `list --signer none` (BENCHMARKS.md, session 13), all
// of it before the request is sent. Anything outside that small subset (quotes, flow collections other than `{}` and
// `[]`, anchors, tags, multi-line scalars, documents, comments after a value, tabs, a word YAML would read as a
// number, a boolean or null, a key given twice) answers undefined, and js-yaml reads the file as before: the subset
// is read exactly as js-yaml's CORE_SCHEMA reads it (test/kube/kubeconfig-plain-yaml.test.ts holds the two together).

type Value = string | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  text: string;
}

/** A word YAML reads as text, and nothing else, in a block: no indicator first (a `-` only before more), no space, `#` or quote inside. */
const PLAIN = /^(?:[A-Za-z0-9_./]|-(?=[A-Za-z0-9_./-]))[A-Za-z0-9_./:@+=-]*$/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** What CORE_SCHEMA resolves to null, a boolean, an integer or a float (js-yaml 4's resolvers), with some more. */
const NOT_TEXT = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:0b[01_]*|0x[0-9a-fA-F_]*|0o[0-7_]*|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN)))$/;

class NotPlain extends Error {}

/** The document as js-yaml's CORE_SCHEMA would load it, or undefined: not in the subset, let js-yaml read it. */
export function readPlainKubeconfig(text: string): Record<string, Value> | undefined {
  if (/[\r\t]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    if (raw.endsWith(' ')) return undefined;
    lines.push({ indent: raw.length - body.length, text: body });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines);
    const doc = reader.mapping(0);
    return reader.at === lines.length ? doc : undefined;
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

class Reader {
  at = 0;

  constructor(private readonly lines: Line[]) {}

  /** A block mapping whose keys are at `indent`; the first line may already be consumed up to `first`. */
  mapping(indent: number, first?: string): Record<string, Value> {
    const map: Record<string, Value> = {};
    let text = first;
    for (;;) {
      if (text === undefined) {
        const line = this.lines[this.at];
        if (!line || line.indent < indent) return map;
        if (line.indent > indent || line.text.startsWith('- ')) throw new NotPlain();
        text = line.text;
        this.at++;
      }
      const colon = text.indexOf(':');
      const key = text.slice(0, colon);
      if (colon <= 0 || !KEY.test(key) || NOT_TEXT.test(key) || key === '__proto__' || Object.hasOwn(map, key)) throw new NotPlain();
      const rest = text.slice(colon + 1);
      if (rest === '') map[key] = this.nested(indent);
      else if (rest.startsWith(' ')) map[key] = scalar(rest.slice(1));
      else throw new NotPlain();
      text = undefined;
    }
  }

  /** What follows `key:` at the end of its line: a deeper block, or a sequence at the key's own indentation. */
  private nested(indent: number): Value {
    const line = this.lines[this.at];
    if (!line) throw new NotPlain();
    if (line.indent === indent && line.text.startsWith('- ')) return this.sequence(indent);
    if (line.indent <= indent) throw new NotPlain(); // `key:` with nothing is null
    return line.text.startsWith('- ') ? this.sequence(line.indent) : this.mapping(line.indent);
  }

  /** A block sequence whose dashes are at `indent`: of plain words, or of mappings that start on the dash's line. */
  private sequence(indent: number): Value[] {
    const items: Value[] = [];
    for (;;) {
      const line = this.lines[this.at];
      if (!line || line.indent < indent || !line.text.startsWith('- ')) return items;
      if (line.indent > indent) throw new NotPlain();
      this.at++;
      const item = line.text.slice(2);
      if (item.startsWith(' ') || item.startsWith('- ')) throw new NotPlain();
      items.push(/^[^ ]*:( |$)/.test(item) ? this.mapping(indent + 2, item) : scalar(item));
    }
  }
}

function scalar(word: string): Value {
  if (word === '{}') return {};
  if (word === '[]') return [];
  if (!PLAIN.test(word) || NOT_TEXT.test(word) || word.endsWith(':')) throw new NotPlain();
  return word;
}
