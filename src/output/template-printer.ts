// -o jsonpath, jsonpath-file, jsonpath-as-json, custom-columns, custom-columns-file, go-template and go-template-file
// (and their other names template, templatefile), as kubectl prints them. A list is evaluated as
// the List kubectl get builds (apiVersion v1, kind List, items, metadata.resourceVersion ""); one object named on
// the command line (approve, deny, inspect NAME) as itself, as kubectl certificate and kubectl get NAME do.
import { CliError, UsageError } from '../errors.js';
import { columnsFromFile, columnsFromSpec, renderCustomColumns, type Column } from './custom-columns.js';
import { JsonPathError } from './jsonpath/errors.js';
import { JsonPath } from './jsonpath/evaluate.js';
import type { TemplateFormat } from './output-format.js';
import { kubectlList } from './format.js';
import { GoTemplate, GoTemplateError } from './go-template/template.js';
import { goQuote } from './go-template/items.js';

export type TemplatePrinter =
  | { kind: 'jsonpath'; template: string; jsonPath: JsonPath; asJson: boolean }
  | { kind: 'go-template'; goTemplate: GoTemplate }
  | { kind: 'custom-columns'; columns: Column[]; noHeaders: boolean };


/** The file a -file format names, and kubectl's word for it in the error when it cannot be read; null: inline. */
export function templateFile(output: TemplateFormat): { path: string; flag: string } | null {
  if (output.format === 'jsonpath-file' || output.format === 'go-template-file' || output.format === 'templatefile') {
    return { path: output.argument, flag: '--template' };
  }
  if (output.format === 'custom-columns-file') return { path: output.argument, flag: 'template' };
  return null;
}

/**
 * Parses the template; `text` is the argument, or for the -file formats the file's content. A template that does
 * not parse is a usage error, in kubectl's words, found before anything is sent.
 */
export function templatePrinter(output: TemplateFormat, text: string, noHeaders: boolean): TemplatePrinter {
  try {
    switch (output.format) {
      case 'jsonpath':
      case 'jsonpath-file':
      case 'jsonpath-as-json':
        return { kind: 'jsonpath', template: text, jsonPath: parseJsonPath(text), asJson: output.format === 'jsonpath-as-json' };
      case 'go-template':
      case 'go-template-file':
      case 'template':
      case 'templatefile':
        return { kind: 'go-template', goTemplate: parseGoTemplate(text) };
      case 'custom-columns':
        return { kind: 'custom-columns', columns: checked(columnsFromSpec(text)), noHeaders };
      case 'custom-columns-file':
        // kubectl builds the file's printer without --no-headers (CustomColumnsPrintFlags.ToPrinter): the headers
        // print anyway. Kept, so that a script sees what kubectl shows it.
        return { kind: 'custom-columns', columns: checked(columnsFromFile(text)), noHeaders: false };
    }
  } catch (err) {
    if (err instanceof JsonPathError) throw new UsageError(err.message);
    throw err;
  }
}

function parseGoTemplate(text: string): GoTemplate {
  try {
    return GoTemplate.parse(text);
  } catch (err) {
    if (err instanceof GoTemplateError) throw new UsageError(`error parsing template ${text}, ${err.message}`);
    throw err;
  }
}

function parseJsonPath(template: string): JsonPath {
  try {
    return JsonPath.parse(template);
  } catch (err) {
    if (err instanceof JsonPathError) throw new JsonPathError(`error parsing jsonpath ${template}, ${err.message}`);
    throw err;
  }
}

/** Each column's path must parse, as kubectl parses them before the first row. */
function checked(columns: Column[]): Column[] {
  for (const c of columns) JsonPath.parse(c.fieldSpec);
  return columns;
}

/** The bytes kubectl prints; `single` for one object named on the command line. */
export function renderTemplate(printer: TemplatePrinter, objects: unknown[], single = false): string {
  const data = single && objects.length === 1 ? objects[0] : kubectlList(objects);
  try {
    if (printer.kind === 'custom-columns') return renderCustomColumns(printer.columns, objects, printer.noHeaders);
    if (printer.kind === 'go-template') return printer.goTemplate.execute(data);
    return printer.asJson ? printer.jsonPath.executeAsJson(data) : printer.jsonPath.execute(data);
  } catch (err) {
    // kubectl goes on to print what it had and the whole object, over many lines; one line here.
    if (err instanceof GoTemplateError && printer.kind === 'go-template') {
      throw new CliError(`error executing template ${goQuote(printer.goTemplate.text)}: ${err.message}`);
    }
    if (!(err instanceof JsonPathError)) throw err;
    if (printer.kind === 'jsonpath') throw new CliError(`error executing jsonpath ${JSON.stringify(printer.template)}: Error executing template: ${err.message}`);
    throw new CliError(err.message);
  }
}
