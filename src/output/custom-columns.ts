// kubectl's -o custom-columns=SPEC and -o custom-columns-file=FILE (kubectl/pkg/cmd/get/customcolumn.go): a column
// per HEADER:PATH, where PATH is a "relaxed" jsonpath (`.metadata.name`, `metadata.name` or `{.metadata.name}`),
// values joined by commas, `<none>` for nothing, each value printed as Go's %v prints it.
import { UsageError } from '../errors.js';
import { JsonPathError } from './jsonpath/errors.js';
import { JsonPath } from './jsonpath/evaluate.js';
import { goV } from './jsonpath/go-values.js';
import { tabwrite } from './tabwriter.js';

export interface Column {
  header: string;
  /** The full template, `{.metadata.name}`. */
  fieldSpec: string;
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: what custom-columns and --sort-by take, as a template. */
export function relaxedJsonPath(expression: string): string {
  if (expression === '') return expression;
  const match = RELAXED.exec(expression);
  if (!match) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${match[1] || match[2]}}`;
}

/** NewCustomColumnsPrinterFromSpec. */
export function columnsFromSpec(spec: string): Column[] {
  if (spec === '') throw new JsonPathError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJsonPath(part.slice(colon + 1)) };
  });
}

/** NewCustomColumnsPrinterFromTemplate: a line of headers, then a line of paths, separated by white space. */
export function columnsFromFile(text: string): Column[] {
  // bufio.Scanner's lines: \r\n or \n, no empty last line after a final newline
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.endsWith('\n')) lines.pop();
  const shape = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (text === '' || lines.length < 1) throw new JsonPathError(`invalid template, missing header line. ${shape}`);
  if (lines.length < 2) throw new JsonPathError(`invalid template, missing spec line. ${shape}`);
  const headers = words(lines[0]!);
  const specs = words(lines[1]!);
  if (headers.length !== specs.length) {
    throw new JsonPathError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPath(specs[i]!) }));
}

function words(line: string): string[] {
  return line.split(/[ \t\n\v\f\r\u0085\u00a0]+/u).filter((w) => w !== '');
}

/** The table, for objects already in their final order. */
export function renderCustomColumns(columns: Column[], objects: unknown[], noHeaders: boolean): string {
  const parsers = columns.map((c) => JsonPath.parse(c.fieldSpec, { allowMissingKeys: true }));
  const rows: string[][] = noHeaders ? [] : [columns.map((c) => c.header)];
  for (const object of objects) {
    rows.push(
      parsers.map((parser) => {
        const results = parser.findResults(object);
        const values = results.flat().map(goV);
        return results.length === 0 || results[0]!.length === 0 ? ['<none>', ...values].join(',') : values.join(',');
      }),
    );
  }
  return tabwrite(rows);
}

/** A relaxed path that must also parse (--sort-by), checked before anything is sent: a usage error otherwise. */
export function checkedRelaxedJsonPath(expression: string): string {
  try {
    const template = relaxedJsonPath(expression);
    JsonPath.parse(template);
    return template;
  } catch (err) {
    if (err instanceof JsonPathError) throw new UsageError(err.message);
    throw err;
  }
}
