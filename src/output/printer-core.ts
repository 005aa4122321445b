// The one printer of a command, as kubectl's PrintFlags.ToPrinter builds it (k8s.io/cli-runtime/pkg/genericclioptions
// print_flags.go): made once from -o, --no-headers, the template and --sort-by while the options are built, then a
// command calls print(), done() and, for --watch, change(), and never looks at the format itself. Every way of
// printing an object lives here: kubectl's List, -o name lines, json/yaml, templates, the table, describe text.
// The JSON and YAML writers, the template languages and --sort-by come in as PrinterFormats, so that a printer of a
// table loads none of them (printer-formats.ts, for `list`'s plain table: issue 26); printer.ts hands in all of them.
import type { Io, Writer } from '../io.js';
import type { formatStructured, kubectlList } from './format.js';
import type { OutputFormat } from './output-format.js';
import type { renderTemplate, TemplatePrinter } from './template-printer.js';
import type { sortObjects } from './sort-by.js';
import { columnWidths, renderRows } from './table.js';
import { compareBytes } from '../util/compare-bytes.js';

/** The modules a printer calls for some formats only: each present when the spec's format needs it. */
export interface PrinterFormats {
  /** -o json|yaml (format.ts). */
  structured?: { formatStructured: typeof formatStructured; kubectlList: typeof kubectlList };
  /** -o jsonpath, go-template, custom-columns… (template-printer.ts). */
  renderTemplate?: typeof renderTemplate;
  /** --sort-by (sort-by.ts). */
  sortObjects?: typeof sortObjects;
}

/** What a command's objects look like without -o. */
export type View<T> =
  /** Nothing but the command's "resource/name verb" lines (request, approve, deny, renew). */
  | { kind: 'lines' }
  /** Text for people: describe, version. */
  | { kind: 'text'; render(objects: T[], now: Date): string }
  /** kubectl get's table; -o wide adds columns. */
  | {
      kind: 'table';
      head: string[];
      wideHead: string[];
      /** Columns after the wide ones (kubectl get's -L and --show-labels); row() gives their cells last. */
      tailHead?: string[];
      row(object: T, now: Date, wide: boolean): string[];
    };

export interface PrinterSpec<T> {
  /** -o, read once (output-format.ts); undefined: the view. */
  output?: OutputFormat;
  /** -o jsonpath=…, custom-columns=… and their -file forms, parsed (and read) beforehand. */
  template?: TemplatePrinter;
  /** kubectl's --sort-by: a relaxed jsonpath. */
  sortBy?: string;
  /** --no-headers: the table without its header (custom-columns carry their own). */
  noHeaders?: boolean;
  /**
   * kubectl get: json, yaml and templates see one List of all objects, even of one, in the server's order (by name,
   * byte by byte). Otherwise the objects were named on the command line: one prints as itself, a template is applied
   * to each (kubectl certificate approve, get NAME).
   */
  listing?: boolean;
  /**
   * kubectl get NAME...: how many names were given. A listing of the objects named, in the order named; with one name
   * the object prints as itself, and when none was found nothing is said (the command reports each name not found).
   */
  named?: number;
  /** get -w: objects follow through change(); json and yaml print each as itself from the start. */
  watching?: boolean;
  view: View<T>;
  /** The object's name, for -o name and for the order of a listing (views without one: ''). */
  name?: (object: T) => string;
  /** kubectl's resource for the "resource/name" lines. */
  resource?: string;
  /** How several objects are wrapped under -o json|yaml: kubectl's List of API objects, or of inspect's views. */
  list?: 'objects' | 'views';
  /**
   * API objects: -o json|yaml print them as kubectl does, without metadata.managedFields unless
   * `showManagedFields` (kubectl's --show-managed-fields); templates still see them, as kubectl's do.
   */
  apiObjects?: { showManagedFields: boolean };
  /** The JSON value -o json|yaml print and a template sees (default the object as it is). */
  json?: (object: T) => unknown;
  io: Io;
}

/** What print() keeps of each object until it prints: a table keeps rows, -o name names, the rest the objects. */
export type Keeps = 'name' | 'row' | 'object';

export interface Printer<T> {
  readonly keeps: Keeps;
  /**
   * Whether print() writes anything: without -o, the commands that change CSRs print only their done() lines, and a
   * run that streams need keep nothing for print() to its end.
   */
  readonly printsObjects: boolean;
  /**
   * Where a command's other text for people goes (a decision table): stdout when the output is for people, stderr
   * when -o prints for a program.
   */
  readonly notes: Writer;
  /** Prints the objects as -o says. */
  print(objects: T[], now?: Date): void;
  /** The same, one object at a time: a list's pages let their objects go once kept (see `keeps`). */
  collect(now: Date): Collector<T>;
  /** One more object under --watch, lined up with what print() printed. */
  change(object: T, now: Date): void;
  /** kubectl's "resource/name verb" line for what a command did, printed only when -o does not print the objects. */
  done(name: string, verb: string): void;
}

export interface Collector<T> {
  add(object: T): void;
  end(): void;
}

interface Kept<T> {
  name: string;
  row?: string[];
  object?: T;
}

/** The printer of spec, with the formats it needs (printer-formats.ts says which those are). */
export function printerWith<T>(spec: PrinterSpec<T>, formats: PrinterFormats): Printer<T> {
  const { io, view, template } = spec;
  const format = template ? undefined : spec.output?.format;
  // A caller's mistake, said when the printer is made rather than when it first prints.
  if ((format === 'json' || format === 'yaml') && !formats.structured) missing(`-o ${format}`);
  if (template && !formats.renderTemplate) missing('a template');
  if (spec.sortBy && !formats.sortObjects) missing('--sort-by');
  const { structured: json, renderTemplate, sortObjects } = formats;
  const wide = format === 'wide';
  const table = view.kind === 'table' && !template && (format === undefined || wide) ? view : undefined;
  const keeps: Keeps = template || spec.sortBy ? 'object' : format === 'name' ? 'name' : table ? 'row' : 'object';
  const toJson = spec.json ?? ((o: T): unknown => o);
  const nameOf = spec.name ?? (() => '');
  const forPeople = format === undefined && !template;
  const names = (ns: string[]) => io.stdout.write(ns.map((n) => `${spec.resource}/${n}\n`).join(''));
  let widths: number[] = [];
  const structured = (value: unknown, format: 'json' | 'yaml') =>
    json!.formatStructured(spec.apiObjects && !spec.apiObjects.showManagedFields ? withoutManagedFields(value) : value, format, spec.apiObjects !== undefined);

  function end(kept: Kept<T>[], now: Date): void {
    if (spec.listing && !spec.named) sortByName(kept);
    const single = !spec.listing || spec.named === 1;
    let objects = kept.flatMap((k) => (k.object !== undefined ? [k.object] : []));
    if (spec.sortBy) objects = sortObjects!(objects, spec.sortBy);
    if (template) {
      // kubectl get -w prints each object of the first list as itself, as it prints the changes.
      if (!single && !(spec.watching && template.kind !== 'custom-columns')) io.stdout.write(renderTemplate!(template, objects.map(toJson)));
      else io.stdout.write(objects.map((o) => renderTemplate!(template, [toJson(o)], true)).join(''));
    } else if (format === 'name') {
      names(keeps === 'name' ? kept.map((k) => k.name) : objects.map(nameOf));
    } else if (format === 'json' || format === 'yaml') {
      const values = objects.map(toJson);
      // kubectl get -w prints each object of the first list as itself, as it prints the changes.
      if (spec.watching) io.stdout.write(values.map((v) => structured(v, format)).join(''));
      else if (spec.named !== 1 || values.length > 0) io.stdout.write(structured(values.length === 1 && single ? values[0] : json!.kubectlList(values, spec.list), format));
    } else if (table) {
      if (kept.length === 0 && !spec.watching) {
        if (!spec.named) io.stderr.write('No resources found\n');
        return;
      }
      const head = [...table.head, ...(wide ? table.wideHead : []), ...(table.tailHead ?? [])];
      const rows = keeps === 'object' ? objects.map((o) => table.row(o, now, wide)) : kept.flatMap((k) => (k.row ? [k.row] : []));
      io.stdout.write(renderRows([...(spec.noHeaders ? [] : [head]), ...rows]));
      // what change() lines its rows up with
      if (spec.watching) widths = columnWidths([head, ...rows]);
    } else if (view.kind === 'text') {
      io.stdout.write(view.render(objects, now));
    }
  }

  function collect(now: Date): Collector<T> {
    const kept: Kept<T>[] = [];
    return {
      add(object) {
        const name = nameOf(object);
        kept.push(keeps === 'object' ? { name, object } : keeps === 'row' ? { name, row: table!.row(object, now, wide) } : { name });
      },
      end: () => end(kept, now),
    };
  }

  return {
    keeps,
    printsObjects: template !== undefined || format === 'name' || format === 'json' || format === 'yaml' || table !== undefined || view.kind === 'text',
    notes: forPeople ? io.stdout : io.stderr,
    print(objects, now = new Date()) {
      const c = collect(now);
      for (const o of objects) c.add(o);
      c.end();
    },
    collect,
    change(object, now) {
      if (template?.kind === 'custom-columns') io.stdout.write(renderTemplate!({ ...template, noHeaders: true }, [toJson(object)]));
      else if (template) io.stdout.write(renderTemplate!(template, [toJson(object)], true));
      else if (format === 'name') names([nameOf(object)]);
      else if (format === 'json' || format === 'yaml') io.stdout.write(structured(toJson(object), format));
      else if (table) io.stdout.write(renderRows([table.row(object, now, wide)], widths));
    },
    done(name, verb) {
      if (forPeople) io.stdout.write(`${spec.resource}/${name} ${verb}\n`);
    },
  };
}

/** kubectl's OmitManagedFieldsPrinter: the object, or each item of a List, without metadata.managedFields. */
function withoutManagedFields(value: unknown): unknown {
  const strip = (o: unknown): unknown => {
    const meta = (o as { metadata?: Record<string, unknown> } | null)?.metadata;
    if (!meta || !('managedFields' in meta)) return o;
    const { managedFields: _omitted, ...rest } = meta;
    return { ...(o as object), metadata: rest };
  };
  const items = (value as { kind?: string; items?: unknown[] }).items;
  return Array.isArray(items) && (value as { kind?: string }).kind === 'List' ? { ...(value as object), items: items.map(strip) } : strip(value);
}

/** By name, byte by byte, as the API server lists them already (then one pass checks it). */
function sortByName(kept: Kept<unknown>[]): void {
  const byName = (a: Kept<unknown>, b: Kept<unknown>) => compareBytes(a.name, b.name);
  for (let i = 1; i < kept.length; i++) {
    if (byName(kept[i - 1]!, kept[i]!) > 0) {
      kept.sort(byName);
      return;
    }
  }
}

function missing(format: string): never {
  throw new Error(`a printer for ${format} was made without its module (printer-formats.ts)`);
}
