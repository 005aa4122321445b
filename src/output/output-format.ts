// The value of -o, read as kubectl reads it (cli-runtime genericclioptions: JSONPathPrintFlags,
// CustomColumnsPrintFlags, NoCompatiblePrinterError): FORMAT or FORMAT=ARGUMENT, with kubectl's words for a format
// it does not know and for a template that is missing. Reading jsonpath-file and custom-columns-file is the
// caller's (this layer does no I/O).
import { JsonPathError } from './jsonpath/errors.js';

export type OutputFormat =
  | { format: 'json' | 'yaml' | 'name' | 'wide' }
  | { format: TemplateFormatName; argument: string };

/** The formats that take an argument (FORMAT=ARGUMENT); template and templatefile are kubectl's other names of go-template. */
export const TEMPLATE_FORMATS = [
  'jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'template', 'templatefile',
] as const;
export type TemplateFormatName = (typeof TEMPLATE_FORMATS)[number];

const GO_TEMPLATES = ['go-template', 'go-template-file', 'template', 'templatefile'] as const;

/** The formats each command takes; what -o completes to. list (kubectl get's own list), approve/deny and inspect: */
export const LIST_FORMATS = [
  'custom-columns', 'custom-columns-file', ...GO_TEMPLATES, 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'wide', 'yaml',
] as const;
export const OBJECT_FORMATS = [...GO_TEMPLATES, 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'yaml'] as const;
export const INSPECT_FORMATS = ['json', 'jsonpath', 'jsonpath-file', 'yaml'] as const;
/** request: the object it created. */
export const CREATED_FORMATS = ['json', 'yaml', 'name'] as const;
/** version: not an API object. */
export const STRUCTURED_FORMATS = ['json', 'yaml'] as const;
/** bundles and podcerts: kubectl get's formats for objects it has no wide columns for. */
export const CERTIFICATES_FORMATS = ['custom-columns', 'custom-columns-file', 'json', 'jsonpath', 'jsonpath-file', 'name', 'yaml'] as const;

export type TemplateFormat = Extract<OutputFormat, { argument: string }>;

export function isTemplateFormat(output: OutputFormat | undefined): output is TemplateFormat {
  return output !== undefined && 'argument' in output;
}

/**
 * Whether printing in this format needs the whole objects and nothing read or checked before them: a table (no -o,
 * -o wide), json or yaml. A template is parsed (or read from a file) first, and -o name needs only the names.
 */
export function printsWholeObjects(output: OutputFormat | undefined): boolean {
  return output === undefined || output.format === 'wide' || output.format === 'json' || output.format === 'yaml';
}

/** How -o's help and completion show a format: those that take an argument with "=" after them. */
export function formatWord(format: string, ending: '=' | '=…'): string {
  return (TEMPLATE_FORMATS as readonly string[]).includes(format) ? `${format}${ending}` : format;
}

/** Throws OutputFormatError with kubectl's message for what `allowed` does not have. */
export function parseOutputFormat(value: string, allowed: readonly string[]): OutputFormat {
  let format = value;
  let argument = '';
  for (const name of TEMPLATE_FORMATS) {
    if (value.startsWith(`${name}=`)) {
      format = name;
      argument = value.slice(name.length + 1);
      break;
    }
  }
  if (!allowed.includes(format)) {
    throw new OutputFormatError(
      `unable to match a printer suitable for the output format ${JSON.stringify(format)}, allowed formats are: ${[...allowed].sort().join(',')}`,
    );
  }
  if ((TEMPLATE_FORMATS as readonly string[]).includes(format)) {
    if (argument === '') {
      throw new OutputFormatError(
        format.startsWith('custom-columns') ? 'custom-columns format specified but no custom columns given' : 'template format specified but no template given',
      );
    }
    return { format: format as TemplateFormatName, argument };
  }
  return { format: format as 'json' };
}

/** A -o value this command cannot print: a usage error, raised before anything is sent. */
export class OutputFormatError extends JsonPathError {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFormatError';
  }
}
